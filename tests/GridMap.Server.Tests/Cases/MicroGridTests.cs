namespace GridMap.Tests.Cases;

/// <summary>
/// Micro-grids (微网格) as a filter: grid 1 of the west (id 6, 121.10–121.15) split into micro-grid
/// 100 (121.10–121.125) and 101 (121.125–121.15), grid 2 of the east (id 9) holding micro-grid 102.
/// No case is filed in a micro-grid, so an areaId of one must find the cases its boundary covers,
/// in the list, the counts, the KPIs, the exports, the heat map and the recurring spots; and a
/// micro-grid of the caller's grid is in the caller's area.
/// </summary>
public class MicroGridTests(CasesApp app) : IClassFixture<CasesApp>, IAsyncLifetime
{
    const string Period = "from=2026-03-01T00:00:00%2B08:00&to=2026-03-09T00:00:00%2B08:00";

    public async Task InitializeAsync()
    {
        app.Clock.Now = TestClock.At("2026-03-09 09:00");
        if (await app.ScalarAsync<long>("SELECT count(*) FROM areas WHERE level = 'micro_grid'") > 0) return;
        await app.ExecuteAsync($"""
            INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE VALUES
              (100, 'micro_grid', 'party', '320614001001001001', '秀山第1网格第1微网格', 6, {SmallDistrict.Box(121.10, 121.125)}),
              (101, 'micro_grid', 'party', '320614001001001002', '秀山第1网格第2微网格', 6, {SmallDistrict.Box(121.125, 121.15)}),
              (102, 'micro_grid', 'party', '320614002001002001', '东洲第2网格第1微网格', 9, {SmallDistrict.Box(121.25, 121.30)});
            INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id,
                               reported_at, handling_due, feedback_at)
            SELECT 'environmental_sanitation', 'micro', v.status, p.g, a.grid_id, a.community_id, a.street_id, a.district_id,
                   '2026-03-02 09:00+08', '2026-03-03 17:30+08', v.feedback::timestamptz
            FROM (VALUES (121.11, 31.87, 'closed', '2026-03-03 10:00+08'), (121.111, 31.8705, 'closed', '2026-03-04 10:00+08'),
                         (121.112, 31.871, 'in_progress', NULL),
                         (121.14, 31.88, 'closed', '2026-03-03 10:00+08'),
                         (121.17, 31.87, 'closed', '2026-03-03 10:00+08'),
                         (121.27, 31.87, 'closed', '2026-03-03 10:00+08')) AS v (lon, lat, status, feedback),
                 LATERAL (SELECT ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326) AS g) p, LATERAL area_chain_at(p.g) a
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The cases whose point the area's boundary covers: the plain spatial answer.</summary>
    async Task<long[]> CoveredAsync(long areaId)
    {
        var ids = new List<long>();
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT c.id FROM cases c JOIN areas m ON ST_Covers(m.boundary, c.location) WHERE m.id = {areaId} ORDER BY c.id", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetInt64(0));
        return [.. ids];
    }

    async Task<JsonElement> GetOkAsync(string user, string url)
    {
        var response = await app.ClientFor(user).GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData(100L, 3)]
    [InlineData(101L, 1)]
    public async Task MicroGrid_filters_the_case_list_counts_and_export_to_the_cases_it_covers(long microGrid, int expected)
    {
        var covered = await CoveredAsync(microGrid);
        Assert.Equal(expected, covered.Length);
        var list = await GetOkAsync(SmallDistrict.Leader, $"/api/cases?areaId={microGrid}");
        Assert.Equal(covered, list.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetInt64()).Order());
        var counts = await GetOkAsync(SmallDistrict.Leader, $"/api/cases/counts?areaId={microGrid}");
        Assert.Equal(expected, counts.GetProperty("total").GetInt32());
        var csv = await app.ClientFor(SmallDistrict.Leader).GetStringAsync($"/api/export/cases.csv?areaId={microGrid}");
        Assert.Equal(covered, csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => long.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task MicroGrid_kpis_heat_and_recurring_spots_count_the_cases_it_covers()
    {
        // Micro-grid 100: three cases, two closed (one on time), one open past its deadline.
        var kpis = await GetOkAsync(SmallDistrict.Centre, $"/api/kpis?areaId=100&{Period}");
        Assert.Equal(100, kpis.GetProperty("areaId").GetInt64());
        var total = kpis.GetProperty("total");
        Assert.Equal((3, 2, 1, 1), (total.GetProperty("due").GetInt32(), total.GetProperty("closed").GetInt32(),
            total.GetProperty("closedOnTime").GetInt32(), total.GetProperty("overdueOpen").GetInt32()));
        var byGrid = (await GetOkAsync(SmallDistrict.Centre, $"/api/kpis?areaId=100&{Period}&by=grid")).GetProperty("groups");
        Assert.Equal(["6"], byGrid.EnumerateArray().Select(g => g.Str("key")));

        var heat = await GetOkAsync(SmallDistrict.Leader, $"/api/cases/heat?areaId=100&{Period}");
        Assert.Equal(3, heat.GetProperty("cases").GetInt32());
        var spots = await GetOkAsync(SmallDistrict.Leader, "/api/cases/recurring?areaId=100&radiusM=200");
        Assert.Equal(await CoveredAsync(100), spots.GetProperty("spots").EnumerateArray()
            .SelectMany(s => s.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetInt64())).Order());
    }

    [Fact]
    public async Task A_micro_grid_outside_the_callers_area_is_refused()
    {
        foreach (var url in new[] { "/api/kpis?areaId=102", "/api/cases/heat?areaId=102", "/api/cases/recurring?areaId=102", "/api/cases/counts?areaId=102" })
            Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(SmallDistrict.Leader).GetAsync(url)).StatusCode);
        // The case list shows what the caller sees of it: nothing.
        var list = await GetOkAsync(SmallDistrict.Leader, "/api/cases?areaId=102");
        Assert.Equal(0, list.GetProperty("features").GetArrayLength());
        Assert.Equal(1, (await GetOkAsync(SmallDistrict.Admin, $"/api/kpis?areaId=102&{Period}")).GetProperty("total").GetProperty("closed").GetInt32());
    }
}
