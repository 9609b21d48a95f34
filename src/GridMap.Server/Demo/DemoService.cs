namespace GridMap.Server.Demo;

/// <summary>
/// Party members serving in the demo district (issue 17), made from what is loaded already, the
/// same every time: up to three members registered with each community from its demonstration and
/// leading households (双报到), two service tasks of each community with their hours, and visits
/// (走访) by each grid's worker (or leader) to a share of its households that differs from grid to grid, spread
/// over the last 85 days, so that the 30- and 90-day shares differ too. History, like the replayed
/// cases: the visits are dated before the load that adds their households.
/// </summary>
static class DemoService
{
    public static async Task<(long Volunteers, long Visits)> LoadAsync(NpgsqlConnection conn, DateOnly today, CancellationToken ct)
    {
        await using var cmd = DemoLoader.Command(conn, """
            INSERT INTO volunteers (name, phone, work_unit, community_id, household_id, registered_at, registered_by)
            SELECT h.name, '1390000' || lpad((h.rn * 1000 + h.community_id % 1000)::text, 4, '0'),
                   (ARRAY['区税务局', '区人民医院', '区教育局', '区供电公司', '区市场监管局'])[1 + h.id % 5],
                   h.community_id, h.id, (@today::date - 120)::timestamp AT TIME ZONE 'Asia/Shanghai', 'gridmap demo load'
            FROM (SELECT h.id, h.name, g.parent_id AS community_id,
                         row_number() OVER (PARTITION BY g.parent_id ORDER BY h.id) AS rn
                  FROM households h JOIN areas g ON g.id = h.grid_id
                  WHERE h.kind IN ('demonstration', 'leading')) h
            WHERE h.rn <= 3
            ORDER BY h.id;

            INSERT INTO service_tasks (community_id, title, held_on, place, published_at, published_by)
            SELECT c.id, t.title, @today::date - t.ago, c.name || '党群服务中心', (@today::date - t.ago - 7)::timestamp AT TIME ZONE 'Asia/Shanghai', 'gridmap demo load'
            FROM areas c, (VALUES ('楼道清理', 10), ('政策宣讲', 40)) t(title, ago)
            WHERE c.level = 'community' AND EXISTS (SELECT 1 FROM volunteers v WHERE v.community_id = c.id)
            ORDER BY c.id, t.ago;

            INSERT INTO service_signups (task_id, volunteer_id, hours, recorded_by)
            SELECT t.id, v.id, CASE WHEN (t.id + v.id) % 2 = 0 THEN 2.0 ELSE 3.5 END, 'gridmap demo load'
            FROM service_tasks t JOIN volunteers v ON v.community_id = t.community_id
            ORDER BY t.id, v.id;

            INSERT INTO visits (household_id, visited_on, note, visitor_staff_id, recorded_at, recorded_by)
            SELECT h.id, @today::date - (h.id * 7 % 85)::int, '入户走访，了解家庭近况', w.id,
                   (@today::date - (h.id * 7 % 85)::int)::timestamp AT TIME ZONE 'Asia/Shanghai', 'gridmap demo load'
            FROM households h
            JOIN LATERAL (SELECT s.id FROM staff s WHERE s.home_grid_id = h.grid_id AND s.role IN ('grid_worker', 'grid_leader')
                          ORDER BY s.role = 'grid_worker' DESC, s.id LIMIT 1) w ON true
            WHERE h.id % 10 < h.grid_id % 8
            ORDER BY h.id;
            """);
        cmd.Parameters.AddWithValue("today", today);
        await cmd.ExecuteNonQueryAsync(ct);
        await using var counts = DemoLoader.Command(conn, "SELECT (SELECT count(*) FROM volunteers), (SELECT count(*) FROM visits)");
        await using var r = await counts.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
