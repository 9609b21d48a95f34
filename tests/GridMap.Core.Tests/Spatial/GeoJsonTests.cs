using System.Text;
using System.Text.Json;

namespace GridMap.Core.Tests.Spatial;

public class GeoJsonTests
{
    static string Write(string wkt)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms)) GeoJson.WriteGeometry(w, new WKTReader().Read(wkt));
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    static string RoundTrip(string wkt) =>
        GeoJson.ReadGeometry(JsonDocument.Parse(Write(wkt)).RootElement).AsText();

    [Theory]
    [InlineData("POINT (121.17 31.87)")]
    [InlineData("LINESTRING (121 31, 121.5 31.5)")]
    [InlineData("POLYGON ((121 31, 122 31, 122 32, 121 31))")]
    [InlineData("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))")]
    [InlineData("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))")]
    [InlineData("MULTIPOINT ((1 2), (3 4))")]
    [InlineData("MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))")]
    [InlineData("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (1 2, 3 4))")]
    public void Every_geometry_type_round_trips(string wkt) => Assert.Equal(wkt, RoundTrip(wkt));

    [Fact]
    public void Polygon_is_written_as_rfc7946_coordinates() =>
        Assert.Equal("""{"type":"Polygon","coordinates":[[[121,31],[122,31],[122,32],[121,31]]]}""",
            Write("POLYGON ((121 31, 122 31, 122 32, 121 31))"));

    [Fact]
    public void Unclosed_ring_is_an_error_naming_the_ring()
    {
        var json = """{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}""";
        var e = Assert.Throws<GeoJsonException>(() => GeoJson.ReadGeometry(JsonDocument.Parse(json).RootElement));
        Assert.Equal("ring 0 is not closed: its first and last positions differ", e.Message);
    }

    [Fact]
    public void Feature_collection_keeps_each_bad_feature_with_its_index_and_reason()
    {
        var json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Point","coordinates":[121,31]}},
              {"type":"Feature","properties":{"name":"b"},"geometry":{"type":"Point","coordinates":["x",31]}},
              {"type":"Feature","properties":{"name":"c"},"geometry":null}]}
            """;
        var features = GeoJson.ReadFeatureCollection(JsonDocument.Parse(json).RootElement);
        Assert.Equal([null, "a coordinate must be a finite number, not \"x\"", "the feature has no geometry"],
            features.Select(f => f.Error));
        Assert.Equal("b", features[1].Properties.GetProperty("name").GetString());
    }
}
