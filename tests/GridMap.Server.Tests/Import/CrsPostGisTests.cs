using GridMap.Core.Spatial;

namespace GridMap.Tests.Import;

/// <summary>ProjNet with the embedded definitions against PostGIS's own <c>ST_Transform</c> (PROJ), both ways.</summary>
public class CrsPostGisTests(GridMapApp app) : IClassFixture<GridMapApp>
{
    [Theory]
    [InlineData(4528, 121.17, 31.87)] // Haimen, zone 40 with the zone number
    [InlineData(4549, 121.17, 31.87)] // the same central meridian without it
    [InlineData(4549, 118.51, 31.87)] // near the zone's western edge
    [InlineData(4527, 116.40, 39.91)] // Beijing, zone 39
    [InlineData(4513, 73.60, 39.40)]  // the westernmost zone
    [InlineData(4554, 134.70, 48.20)] // the easternmost central meridian
    public async Task Projnet_agrees_with_postgis_st_transform_within_a_millimetre(int srid, double lon, double lat)
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4490), $3) p
            """, conn);
        cmd.Parameters.Add(new() { Value = lon });
        cmd.Parameters.Add(new() { Value = lat });
        cmd.Parameters.Add(new() { Value = srid });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        var (postgisX, postgisY) = (r.GetDouble(0), r.GetDouble(1));

        var crs = Crs.Parse($"EPSG:{srid}", out _)!;
        var (x, y) = crs.FromWgs84(lon, lat);
        Assert.Equal(postgisX, x, 0.001);
        Assert.Equal(postgisY, y, 0.001);
        var (backLon, backLat) = crs.ToWgs84(postgisX, postgisY);
        Assert.Equal(lon, backLon, 1e-8);
        Assert.Equal(lat, backLat, 1e-8);
    }
}
