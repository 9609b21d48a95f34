namespace GridMap.Tests.Cases;

/// <summary>
/// <c>GET /api/cases/counts</c> on 240 generated cases spread over the four grids, twelve statuses,
/// 40 days and three assignees, each figure held to a count over the <c>cases</c> table in plain SQL.
/// </summary>
public class CaseCountsTests(CasesApp app) : IClassFixture<CasesApp>, IAsyncLifetime
{
    static readonly string[] Statuses = ["reported", "registered", "dispatched", "in_progress", "returned", "extension_requested",
        "extended", "parked", "feedback_submitted", "checking", "closed", "voided"];

    public async Task InitializeAsync()
    {
        if (await app.ScalarAsync<long>("SELECT count(*) FROM cases") > 0) return;
        await app.ExecuteAsync("""
            INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id,
                               assignee_id, reported_at, overdue_notified_at)
            SELECT CASE WHEN i % 2 = 0 THEN 'environmental_sanitation' ELSE 'dispute_mediation' END, 'count', (@statuses::text[])[1 + i % 12],
                   ST_SetSRID(ST_MakePoint(121.12 + (i % 4) * 0.05, 31.87), 4326), 6 + i % 4,
                   CASE WHEN i % 4 < 2 THEN 4 ELSE 5 END, CASE WHEN i % 4 < 2 THEN 2 ELSE 3 END, 1,
                   (ARRAY[2, 3, NULL])[1 + i % 3], '2026-02-01 09:00+08'::timestamptz + i * interval '4 hours',
                   CASE WHEN i % 5 = 0 THEN '2026-03-01 09:00+08'::timestamptz END
            FROM generate_series(0, 239) i
            """.Replace("@statuses", $"'{{{string.Join(',', Statuses)}}}'"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The figures counted in plain SQL over <c>cases</c>: status → (count, overdue), under a condition on <c>c</c>.</summary>
    async Task<Dictionary<string, (int Count, int Overdue)>> Expected(string where)
    {
        var rows = await app.ScalarAsync<string>($"""
            SELECT coalesce(string_agg(status || ':' || n || ':' || overdue, ','), '') FROM (
                SELECT c.status, count(*) AS n,
                       count(*) FILTER (WHERE c.overdue_notified_at IS NOT NULL AND c.status NOT IN ('closed', 'voided')) AS overdue
                FROM cases c WHERE {where} GROUP BY c.status) s
            """);
        return rows.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(':'))
            .ToDictionary(p => p[0], p => (int.Parse(p[1]), int.Parse(p[2])));
    }

    static async Task<JsonElement> Counts(HttpClient http, string query)
    {
        var response = await http.GetAsync("/api/cases/counts?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static void AssertSame(Dictionary<string, (int Count, int Overdue)> expected, JsonElement counts)
    {
        var byStatus = counts.GetProperty("byStatus");
        Assert.Equal(Statuses.Order(), byStatus.EnumerateObject().Select(p => p.Name).Order());
        foreach (var status in Statuses) Assert.Equal(expected.GetValueOrDefault(status).Count, byStatus.GetProperty(status).GetInt32());
        Assert.Equal(expected.Values.Sum(v => v.Count), counts.GetProperty("total").GetInt32());
        Assert.Equal(expected.Where(e => e.Key is not ("closed" or "voided")).Sum(e => e.Value.Count), counts.GetProperty("open").GetInt32());
        Assert.Equal(expected.Values.Sum(v => v.Overdue), counts.GetProperty("overdue").GetInt32());
    }

    [Fact]
    public async Task A_street_in_a_time_window_counts_each_status_as_plain_SQL_does()
    {
        var counts = await Counts(app.ClientFor(SmallDistrict.Admin), "areaId=2&from=2026-02-10T00:00:00%2B08:00&to=2026-02-20T00:00:00%2B08:00");
        var expected = await Expected("c.street_id = 2 AND c.reported_at >= '2026-02-10 00:00+08' AND c.reported_at < '2026-02-20 00:00+08'");
        Assert.True(expected.Values.Sum(v => v.Count) is > 0 and < 120, "the window keeps some of the street's cases, not all");
        Assert.True(expected.Values.Sum(v => v.Overdue) > 0);
        AssertSame(expected, counts);
    }

    [Fact]
    public async Task Without_area_or_window_an_admin_counts_every_case_and_a_category_narrows_it()
    {
        AssertSame(await Expected("true"), await Counts(app.ClientFor(SmallDistrict.Admin), ""));
        AssertSame(await Expected("c.category_code = 'dispute_mediation'"), await Counts(app.ClientFor(SmallDistrict.Admin), "category=dispute_mediation"));
    }

    [Fact]
    public async Task A_grid_worker_counts_only_the_cases_assigned_to_them_and_a_centre_only_its_street()
    {
        // Staff 2 (grid 6) is assigned cases in all four grids: it counts them all, and only them.
        AssertSame(await Expected("c.assignee_id = 2"), await Counts(app.ClientFor(SmallDistrict.Worker), ""));
        AssertSame(await Expected("c.street_id = 2"), await Counts(app.ClientFor(SmallDistrict.Centre), ""));
    }

    /// <summary>Each level's area by the column cases are filed under (the counts and the list read the area's level first), and an area that does not exist.</summary>
    [Theory]
    [InlineData(1L, "c.district_id = 1")]
    [InlineData(3L, "c.street_id = 3")]
    [InlineData(4L, "c.community_id = 4")]
    [InlineData(8L, "c.grid_id = 8")]
    [InlineData(999_999L, "false")]
    public async Task Each_level_counts_and_lists_the_cases_filed_under_it(long areaId, string filed)
    {
        var expected = await Expected(filed);
        AssertSame(expected, await Counts(app.ClientFor(SmallDistrict.Admin), $"areaId={areaId}"));
        var ids = await app.ScalarAsync<string>($"SELECT coalesce(string_agg(c.id::text, ',' ORDER BY c.id DESC), '') FROM cases c WHERE {filed}");
        var list = await app.ClientFor(SmallDistrict.Admin).GetFromJsonAsync<JsonElement>($"/api/cases?areaId={areaId}");
        Assert.Equal(ids, string.Join(',', list.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64())));
    }

    [Theory]
    [InlineData(SmallDistrict.Centre, "areaId=3", HttpStatusCode.Forbidden, null)]
    [InlineData(SmallDistrict.Admin, "from=2026-02-10T00:00:00Z&to=2026-02-10T00:00:00Z", HttpStatusCode.BadRequest, "from")]
    [InlineData(SmallDistrict.Admin, "category=nonsense", HttpStatusCode.BadRequest, "category")]
    public async Task Bad_requests_are_refused_naming_the_reason(string user, string query, HttpStatusCode status, string? field)
    {
        var response = await app.ClientFor(user).GetAsync("/api/cases/counts?" + query);
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        else Assert.Equal("Outside your area", problem.GetProperty("title").GetString());
    }
}
