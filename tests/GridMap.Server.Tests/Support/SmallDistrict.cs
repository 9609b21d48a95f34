namespace GridMap.Tests.Support;

/// <summary>
/// A tiny hand-made district near Haimen for API tests: two streets (west and east halves), one
/// community each, two grids per community, a few households, stations and staff.
/// <code>
///   121.10   121.15   121.20   121.25   121.30   (lat 31.85 .. 31.90)
///   | grid 1 | grid 2 | grid 3 | grid 4 |
///   |  community W    |  community E    |
/// </code>
/// One user per role, all in the west (the east is "outside" for everyone but the admin):
/// admin (the district), planner (street W), reporter, centre-320614001 (street W),
/// leader- and worker-320614001001001 (grid 1, linked to staff 陈伟 and 周敏, ids 1 and 2),
/// dept-320614001 (urban_management, street W).
/// </summary>
public static class SmallDistrict
{
    public const string Admin = "admin";
    public const string Planner = "planner";
    public const string Reporter = "reporter";
    public const string Centre = "centre-320614001";
    public const string Leader = "leader-320614001001001";
    public const string Worker = "worker-320614001001001";
    public const string Department = "dept-320614001";
    /// <summary>The department user's department (城管执法, from data/case-categories.json).</summary>
    public const string DepartmentCode = "urban_management";

    /// <summary>The seeded user of each role, and the area it applies to.</summary>
    public static IReadOnlyDictionary<Role, (string Username, long? AreaId, long? StaffId)> Users { get; } =
        new Dictionary<Role, (string, long?, long?)>
        {
            [Role.Admin] = (Admin, 1, null),
            [Role.CommandCentre] = (Centre, 2, null),
            [Role.GridLeader] = (Leader, 6, 1),
            [Role.GridWorker] = (Worker, 6, 2),
            [Role.Planner] = (Planner, 2, null),
            [Role.Reporter] = (Reporter, null, null),
            [Role.Department] = (Department, 2, null),
        };

    /// <summary>Seeds the district and its users (see <see cref="Users"/>).</summary>
    public static async Task SeedAsync(GridMapApp app)
    {
        await SeedAsync(app.Database.ConnectionString);
        await SeedUsersAsync(app.Database.ConnectionString);
    }

    /// <summary>The users of <see cref="Users"/>, password <see cref="TestUsers.Password"/>.</summary>
    public static async Task SeedUsersAsync(string connectionString)
    {
        foreach (var (role, (username, area, staff)) in Users) await TestUsers.AddAsync(connectionString, username, role, area, staff);
    }

    public static string Box(double x0, double x1) =>
        $"ST_Multi(ST_MakeEnvelope({x0}, 31.85, {x1}, 31.90, 4326))";

    public static async Task SeedAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE VALUES
              (1, 'district',  NULL,    '320614',          '海门区',       NULL, {Box(121.10, 121.30)}),
              (2, 'street',    NULL,    '320614001',       '海门街道',     1,    {Box(121.10, 121.20)}),
              (3, 'street',    NULL,    '320614002',       '滨江街道',     1,    {Box(121.20, 121.30)}),
              (4, 'community', NULL,    '320614001001',    '秀山社区',     2,    {Box(121.10, 121.20)}),
              (5, 'community', NULL,    '320614002001',    '东洲社区',     3,    {Box(121.20, 121.30)}),
              (6, 'grid',      'party', '320614001001001', '秀山社区第1网格', 4, {Box(121.10, 121.15)}),
              (7, 'grid',      'party', '320614001001002', '秀山社区第2网格', 4, {Box(121.15, 121.20)}),
              (8, 'grid',      'party', '320614002001001', '东洲社区第1网格', 5, {Box(121.20, 121.25)}),
              (9, 'grid',      'party', '320614002001002', '东洲社区第2网格', 5, {Box(121.25, 121.30)});
            INSERT INTO households (name, members, kind, phone, location) VALUES
              ('张建国', 3, 'demonstration', '13812341234', ST_SetSRID(ST_MakePoint(121.12, 31.87), 4326)),
              ('李秀英', 2, 'leading',       '13912345678', ST_SetSRID(ST_MakePoint(121.17, 31.87), 4326)),
              ('王志强', 4, 'prosperity',    '15012340000', ST_SetSRID(ST_MakePoint(121.22, 31.88), 4326)),
              ('刘芳',   1, 'member',        '18612349999', ST_SetSRID(ST_MakePoint(121.28, 31.86), 4326));
            INSERT INTO service_stations (name, level, location, radius_m, opening_hours, services, area_id) VALUES
              ('海门区党群服务中心', 'district', ST_SetSRID(ST_MakePoint(121.20, 31.875), 4326), 1500, '周一至周五 08:30-17:30', ARRAY['党员教育','政务代办'], 1),
              ('秀山社区党群服务中心', 'community', ST_SetSRID(ST_MakePoint(121.15, 31.875), 4326), 500, '周一至周六 08:30-17:30', ARRAY['便民服务'], 4);
            INSERT INTO staff (name, role, home_grid_id, phone, on_duty, location, located_at) VALUES
              ('陈伟', 'grid_leader', 6, '13700001111', true, ST_SetSRID(ST_MakePoint(121.13, 31.88), 4326), now()),
              ('周敏', 'grid_worker', 6, '13700002222', false, NULL, NULL);
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
