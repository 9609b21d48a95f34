namespace GridMap.Browser.Tests.Support;

/// <summary>
/// A small district whose every figure the tests know by construction:
/// 示范区 (lon 116.300–116.340, lat 39.900–39.930) split into two streets at lon 116.320; in each
/// street one community (lat 39.902–39.918), and in each community two Party-building grids
/// split north–south. One comprehensive-governance grid lies over 东风社区: a different layer,
/// never drawn with the Party-building grids. 30 households in the south of the communities,
/// 3 service stations, 2 staff.
/// </summary>
static class KnownTerritory
{
    public const string District = "示范区";
    public const string HepingStreet = "和平街道";
    public const string HepingCommunity = "和平社区";
    public const string HepingFirstGrid = "和平第一网格";

    public const int Districts = 1, Streets = 2, Communities = 2, PartyGrids = 4, Households = 30, Stations = 3;

    /// <summary>(lon, lat) in the north of 和平第一网格, away from every pin.</summary>
    public static readonly (double Lon, double Lat) InsideHepingFirstGrid = (116.326, 39.916);
    /// <summary>(lon, lat) just west of the district.</summary>
    public static readonly (double Lon, double Lat) WestOfDistrict = (116.296, 39.915);
    public static readonly (double MinLon, double MinLat, double MaxLon, double MaxLat) DistrictBounds = (116.300, 39.900, 116.340, 39.930);

    public const string Household = "王建国家";
    public static readonly (double Lon, double Lat) HouseholdAt = (116.3035, 39.903);

    public const string DistrictCentre = "示范区党群服务中心";

    public const int StaffWithLocation = 2;
    public const string GridLeader = "李红梅";
    public static readonly (double Lon, double Lat) GridLeaderAt = (116.328, 39.912);

    /// <summary>Users (password <c>GridMapApp.Password</c>): role, area code, staff member they are.</summary>
    public const string Admin = "admin", Leader = "leader-110199002001001", Planner = "planner", Reporter = "reporter";
    public static readonly (string Username, Role Role, string? AreaCode, string? Staff)[] Users =
    [
        (Admin, Role.Admin, "110199", null),
        (Leader, Role.GridLeader, "110199002001001", GridLeader),
        (Planner, Role.Planner, "110199", null),
        (Reporter, Role.Reporter, null, null),
    ];

    public const string Sql = """
        INSERT INTO areas (level, code, name, boundary) VALUES
            ('district', '110199', '示范区', ST_Multi(ST_MakeEnvelope(116.300, 39.900, 116.340, 39.930, 4326)));
        INSERT INTO areas (level, code, name, parent_id, boundary) VALUES
            ('street', '110199001', '东风街道', (SELECT id FROM areas WHERE code = '110199'), ST_Multi(ST_MakeEnvelope(116.300, 39.900, 116.320, 39.930, 4326))),
            ('street', '110199002', '和平街道', (SELECT id FROM areas WHERE code = '110199'), ST_Multi(ST_MakeEnvelope(116.320, 39.900, 116.340, 39.930, 4326)));
        INSERT INTO areas (level, code, name, parent_id, boundary) VALUES
            ('community', '110199001001', '东风社区', (SELECT id FROM areas WHERE code = '110199001'), ST_Multi(ST_MakeEnvelope(116.302, 39.902, 116.318, 39.918, 4326))),
            ('community', '110199002001', '和平社区', (SELECT id FROM areas WHERE code = '110199002'), ST_Multi(ST_MakeEnvelope(116.322, 39.902, 116.338, 39.918, 4326)));
        INSERT INTO areas (level, layer, code, name, parent_id, boundary) VALUES
            ('grid', 'party', '110199001001001', '东风第一网格', (SELECT id FROM areas WHERE code = '110199001001'), ST_Multi(ST_MakeEnvelope(116.302, 39.902, 116.310, 39.918, 4326))),
            ('grid', 'party', '110199001001002', '东风第二网格', (SELECT id FROM areas WHERE code = '110199001001'), ST_Multi(ST_MakeEnvelope(116.310, 39.902, 116.318, 39.918, 4326))),
            ('grid', 'party', '110199002001001', '和平第一网格', (SELECT id FROM areas WHERE code = '110199002001'), ST_Multi(ST_MakeEnvelope(116.322, 39.902, 116.330, 39.918, 4326))),
            ('grid', 'party', '110199002001002', '和平第二网格', (SELECT id FROM areas WHERE code = '110199002001'), ST_Multi(ST_MakeEnvelope(116.330, 39.902, 116.338, 39.918, 4326))),
            ('grid', 'governance', '110199001001001', '东风综治网格', (SELECT id FROM areas WHERE code = '110199001001'), ST_Multi(ST_MakeEnvelope(116.302, 39.902, 116.318, 39.918, 4326)));

        -- Households on a lattice of 5 columns × 3 rows per community, none on a grid edge.
        INSERT INTO households (name, members, kind, phone, location) VALUES
            ('王建国家', 4, 'demonstration', '13800138000', ST_SetSRID(ST_MakePoint(116.3035, 39.903), 4326));
        INSERT INTO households (name, members, kind, phone, location)
        SELECT '住户' || i, 1 + i % 6,
               (ARRAY['demonstration', 'leading', 'prosperity', 'civility', 'member'])[1 + i % 5],
               '139' || lpad(i::text, 8, '0'),
               ST_SetSRID(ST_MakePoint(
                   CASE WHEN i < 15 THEN 116.302 ELSE 116.322 END + 0.0015 + (i % 15 % 5) * 0.003,
                   39.903 + (i % 15 / 5) * 0.002), 4326)
        FROM generate_series(1, 29) AS i;

        INSERT INTO service_stations (name, level, status, location, radius_m, opening_hours, services) VALUES
            ('示范区党群服务中心', 'district', 'open', ST_SetSRID(ST_MakePoint(116.320, 39.925), 4326), 1000,
             '周一至周日 8:30-20:00', ARRAY['政务服务', '党员教育', '志愿服务']),
            ('东风社区党群服务中心', 'community', 'open', ST_SetSRID(ST_MakePoint(116.310, 39.912), 4326), 500,
             '周一至周五 9:00-17:30', ARRAY['民情收集', '矛盾调解']),
            ('和平第二网格党群服务站', 'grid', 'planned', ST_SetSRID(ST_MakePoint(116.334, 39.912), 4326), 300,
             NULL, ARRAY[]::text[]);

        INSERT INTO staff (name, role, home_grid_id, phone, on_duty, location, located_at) VALUES
            ('李红梅', 'grid_leader', (SELECT id FROM areas WHERE layer = 'party' AND code = '110199002001001'), '13900001111', true,
             ST_SetSRID(ST_MakePoint(116.328, 39.912), 4326), '2026-05-01 09:30+08'),
            ('赵志强', 'party_member', (SELECT id FROM areas WHERE layer = 'party' AND code = '110199001001001'), NULL, false,
             ST_SetSRID(ST_MakePoint(116.306, 39.915), 4326), '2026-05-01 08:00+08');
        """;
}
