using GridMap.Core.Spatial;
using NetTopologySuite.IO;

namespace GridMap.Core.Tests.Spatial;

public class LocalFrameTests
{
    [Fact]
    public void Lon_lat_round_trips_through_local_metres_to_a_nanodegree()
    {
        var frame = LocalFrame.CentredOn(121.17, 31.87);
        var (x, y) = frame.ToMetres(121.31, 31.71);
        var (lon, lat) = frame.ToLonLat(x, y);
        Assert.Equal(121.31, lon, 1e-9);
        Assert.Equal(31.71, lat, 1e-9);
        Assert.Equal((0.0, 0.0), frame.ToMetres(121.17, 31.87));
    }

    [Theory]
    [InlineData(121.18, 31.88, 500.0)]
    [InlineData(121.30, 31.80, 1000.0)]
    [InlineData(121.0, 31.95, 20000.0)]
    public void Lengths_in_the_frame_match_geodesic_lengths_to_a_few_parts_per_million_across_a_district(double lon, double lat, double northMetres)
    {
        var frame = LocalFrame.CentredOn(121.17, 31.87);
        double lat2 = lat + northMetres / 111_000, lon2 = lon + northMetres / 111_000;
        var (x1, y1) = frame.ToMetres(lon, lat);
        var (x2, y2) = frame.ToMetres(lon2, lat2);
        double planar = Math.Sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
        double geodesic = Geodesic.DistanceMetres(lon, lat, lon2, lat2);
        Assert.InRange(planar / geodesic - 1, -1e-6, 2e-5);
    }

    [Fact]
    public void Geometries_are_copied_not_changed()
    {
        var polygon = new WKTReader().Read("POLYGON ((121.1 31.8, 121.2 31.8, 121.2 31.9, 121.1 31.8))");
        var frame = LocalFrame.CentredOn(polygon);

        var back = frame.ToLonLat(frame.ToMetres(polygon));

        Assert.Equal(121.1, polygon.Coordinates[0].X);
        Assert.True(back.EqualsExact(polygon, 1e-9));
        Assert.InRange(frame.ToMetres(polygon).Area, 0.5 * 9_450 * 11_090 * 0.99, 0.5 * 9_450 * 11_090 * 1.01);
    }
}
