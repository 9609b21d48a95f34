namespace GridMap.Tests.Tiles;

/// <summary>A feature as GDAL's MVT driver reads it: its id (the driver's <c>mvt_id</c>), attributes and geometry (WGS84).</summary>
public sealed record GdalFeature(long? Id, JsonElement Properties, JsonElement Geometry)
{
    public string? Text(string name) => Properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    public long? Number(string name) => Properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    /// <summary>The first position of the geometry (a point's own).</summary>
    public (double Lon, double Lat) Position
    {
        get
        {
            var c = Geometry.GetProperty("coordinates");
            while (c[0].ValueKind == JsonValueKind.Array) c = c[0];
            return (c[0].GetDouble(), c[1].GetDouble());
        }
    }
}

/// <summary>
/// GDAL (gdal-bin) as the independent client: a tile written to a file is read by GDAL's MVT
/// driver, told which tile it is (open options Z, X, Y) so it georeferences the features, and
/// converted to GeoJSON in WGS84 by ogr2ogr.
/// </summary>
public static class Gdal
{
    public static async Task<List<GdalFeature>> ReadTileAsync(byte[] tile, string layer, int z, int x, int y)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gridmap-tile-{Guid.NewGuid():N}.mvt");
        await File.WriteAllBytesAsync(file, tile);
        try
        {
            var output = await ExternalProgram.RunAsync("ogr2ogr",
                "-f", "GeoJSON", "/vsistdout/", file, layer, "-t_srs", "EPSG:4326", "-oo", $"Z={z}", "-oo", $"X={x}", "-oo", $"Y={y}", "-oo", "CLIP=NO");
            var root = JsonDocument.Parse(output).RootElement;
            return [.. root.GetProperty("features").EnumerateArray().Select(f => new GdalFeature(
                f.GetProperty("properties").TryGetProperty("mvt_id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : null,
                f.GetProperty("properties").Clone(), f.GetProperty("geometry").Clone()))];
        }
        finally
        {
            File.Delete(file);
        }
    }
}
