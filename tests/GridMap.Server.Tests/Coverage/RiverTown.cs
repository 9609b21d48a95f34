using GridMap.Core.Spatial;

namespace GridMap.Tests.Coverage;

/// <summary>
/// A hand-built town on both banks of a river, where every walk can be worked out by hand.
/// Metres east and north of (120.5°E, 31.5°N); the river runs north–south along x = 0.
/// <code>
///   y = 2000   W2 ────── bridge ────── E2
///               │                       │
///          west street (x = −100)  east street (x = +100)
///               │   station S (−120, 0) │   H1 (110, 0)
///   y = −2000  W0                       E0
/// </code>
/// Roads have vertices every 1000 m along each street. Station S (radius 500 m) stands 20 m west of
/// the west street. Households: H1 across the river (230 m away, a 4,230 m walk over the bridge);
/// H2 at (−90, 300): 330 m on foot; H3 at (−100, 470): 490 m on foot; H4 at (−130, 490): 490 m
/// away, but 20 + 490 + 30 = 540 m on foot.
/// </summary>
public sealed class RiverTown : GridMapApp
{
    public static readonly LocalProjection Frame = new(120.5, 31.5);
    public static readonly (string Name, double X, double Y)[] Households =
        [("H1", 110, 0), ("H2", -90, 300), ("H3", -100, 470), ("H4", -130, 490)];

    static string Point(double x, double y)
    {
        var (lon, lat) = Frame.Unproject(x, y);
        return string.Create(CultureInfo.InvariantCulture, $"ST_SetSRID(ST_MakePoint({lon:R}, {lat:R}), 4326)");
    }

    static string Box(double x0, double y0, double x1, double y1) =>
        $"ST_Multi(ST_MakePolygon(ST_MakeLine(ARRAY[{Point(x0, y0)}, {Point(x1, y0)}, {Point(x1, y1)}, {Point(x0, y1)}, {Point(x0, y0)}])))";

    static string Road(double x0, double y0, double x1, double y1) => $"('street', ST_MakeLine({Point(x0, y0)}, {Point(x1, y1)}))";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var roads = new List<string>();
        foreach (var x in new[] { -100.0, 100.0 })
            for (var y = -2000; y < 2000; y += 1000) roads.Add(Road(x, y, x, y + 1000));
        roads.Add(Road(-100, 2000, 100, 2000));
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE VALUES
              (1, 'district',  NULL,    '320699',          '河镇区',   NULL, {Box(-1000, -2500, 1000, 2500)}),
              (2, 'street',    NULL,    '320699001',       '河镇街道', 1,    {Box(-1000, -2500, 1000, 2500)}),
              (3, 'community', NULL,    '320699001001',    '两岸社区', 2,    {Box(-1000, -2500, 1000, 2500)}),
              (4, 'grid',      'party', '320699001001001', '西岸网格', 3,    {Box(-1000, -2500, 0, 2500)}),
              (5, 'grid',      'party', '320699001001002', '东岸网格', 3,    {Box(0, -2500, 1000, 2500)});
            INSERT INTO households (name, members, kind, location) VALUES
              {string.Join(",\n  ", Households.Select(h => $"('{h.Name}', 2, 'member', {Point(h.X, h.Y)})"))};
            INSERT INTO service_stations (name, level, location, radius_m, area_id) VALUES
              ('西岸党群服务站', 'grid', {Point(-120, 0)}, 500, 4);
            INSERT INTO roads (kind, line) VALUES {string.Join(", ", roads)};
            SELECT road_topology();
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
