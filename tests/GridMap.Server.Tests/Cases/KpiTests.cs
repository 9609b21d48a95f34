namespace GridMap.Tests.Cases;

/// <summary>
/// Evaluation figures on a hand-built set of cases in February 2026, counted by hand.
/// <code>
///    grid street  category   status       handling due  feedback     extra        who
///  A  6   2       sanitation closed       02-10 17:30   02-10 10:00               王芳   due, closed, on time
///  B  6   2       sanitation closed       02-10 17:30   02-11 10:00  reworked     王芳   due, closed, late
///  C  6   2       sanitation in_progress  02-12 17:30   –                         李强   due, overdue and open
///  D  7   2       mediation  in_progress  03-20 17:30   –                         李强   not yet due
///  E  7   2       mediation  parked       02-12 17:30   –                         –      parked: not due
///  F  7   2       mediation  closed       02-20 17:30   02-19 16:00  extended     李强   due, closed, on time
///  G  7   2       mediation  voided       –             –                         –      not due
///  H  8   3       sanitation closed       02-10 17:30   02-10 10:00               王芳   other street
///  I  6   2       sanitation closed (reported in January)                         王芳   outside the period
/// </code>
/// Street 2 in February: due 4 (A B C F), closed 3, on time 2, reworked 1, extended 1, overdue open 1.
/// </summary>
public class KpiTests(CasesApp app) : IClassFixture<CasesApp>, IAsyncLifetime
{
    readonly HttpClient http = app.ClientFor(SmallDistrict.Admin);

    public async Task InitializeAsync()
    {
        app.Clock.Now = TestClock.At("2026-03-15 12:00");
        if (await app.ScalarAsync<long>("SELECT count(*) FROM cases") > 0) return;
        await app.ExecuteAsync("""
            INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id,
                               assignee_id, reported_at, handling_due, feedback_at, rework_count, extension_granted_hours)
            SELECT cat, 'kpi', status, ST_SetSRID(ST_MakePoint(121.12, 31.87), 4326), grid,
                   CASE WHEN grid IN (6, 7) THEN 4 ELSE 5 END, CASE WHEN grid IN (6, 7) THEN 2 ELSE 3 END, 1,
                   who, reported::timestamptz, due::timestamptz, fb::timestamptz, rework, ext
            FROM (VALUES
              ('environmental_sanitation', 'closed',      6, 3,    '2026-02-09 09:00+08', '2026-02-10 17:30+08', '2026-02-10 10:00+08', 0, 0),
              ('environmental_sanitation', 'closed',      6, 3,    '2026-02-09 09:00+08', '2026-02-10 17:30+08', '2026-02-11 10:00+08', 1, 0),
              ('environmental_sanitation', 'in_progress', 6, 4,    '2026-02-11 09:00+08', '2026-02-12 17:30+08', NULL,                  0, 0),
              ('dispute_mediation',        'in_progress', 7, 4,    '2026-02-27 09:00+08', '2026-03-20 17:30+08', NULL,                  0, 0),
              ('dispute_mediation',        'parked',      7, NULL, '2026-02-11 09:00+08', '2026-02-12 17:30+08', NULL,                  0, 0),
              ('dispute_mediation',        'closed',      7, 4,    '2026-02-16 09:00+08', '2026-02-20 17:30+08', '2026-02-19 16:00+08', 0, 8),
              ('dispute_mediation',        'voided',      7, NULL, '2026-02-16 09:00+08', NULL,                  NULL,                  0, 0),
              ('environmental_sanitation', 'closed',      8, 3,    '2026-02-09 09:00+08', '2026-02-10 17:30+08', '2026-02-10 10:00+08', 0, 0),
              ('environmental_sanitation', 'closed',      6, 3,    '2026-01-20 09:00+08', '2026-01-21 17:30+08', '2026-01-21 10:00+08', 0, 0)
            ) AS v (cat, status, grid, who, reported, due, fb, rework, ext)
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    const string February = "from=2026-02-01T00:00:00%2B08:00&to=2026-03-01T00:00:00%2B08:00";

    async Task<JsonElement> Kpis(string query)
    {
        var response = await http.GetAsync("/api/kpis?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static (int, int, int, int, int, int) Counts(JsonElement f) => (f.GetProperty("due").GetInt32(), f.GetProperty("closed").GetInt32(),
        f.GetProperty("closedOnTime").GetInt32(), f.GetProperty("reworked").GetInt32(), f.GetProperty("extended").GetInt32(), f.GetProperty("overdueOpen").GetInt32());

    static double? Rate(JsonElement f, string name) => f.GetProperty(name).ValueKind == JsonValueKind.Null ? null : f.GetProperty(name).GetDouble();

    [Fact]
    public async Task Street_totals_count_due_closed_on_time_rework_extension_and_overdue_as_counted_by_hand()
    {
        var total = (await Kpis($"areaId=2&{February}")).GetProperty("total");
        Assert.Equal((4, 3, 2, 1, 1, 1), Counts(total));
        Assert.Equal((0.75, 0.5, 0.25, 0.25), (Rate(total, "closureRate"), Rate(total, "onTimeClosureRate"), Rate(total, "reworkRate"), Rate(total, "extensionRate")));
    }

    [Fact]
    public async Task Grids_are_ranked_by_on_time_closure_rate()
    {
        var groups = (await Kpis($"areaId=2&{February}&by=grid")).GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal([("7", "秀山社区第2网格", 1), ("6", "秀山社区第1网格", 2)], groups.Select(g => (g.Str("key"), g.Str("name"), g.GetProperty("rank").GetInt32())));
        Assert.Equal((1, 1, 1, 0, 1, 0), Counts(groups[0].GetProperty("figures")));
        Assert.Equal((3, 2, 1, 1, 0, 1), Counts(groups[1].GetProperty("figures")));
        Assert.Equal(1.0 / 3, Rate(groups[1].GetProperty("figures"), "onTimeClosureRate")!.Value, 1e-12);
    }

    [Fact]
    public void Grids_with_the_same_rates_are_ranked_by_how_many_cases_were_due_more_first()
    {
        KpiApi.CountedGroup Grid(string key, int due) => new(false, key, $"第{key}网格", new CaseKpi(due, due, due, 0, 0, 0));
        var ranked = KpiApi.Ranked([Grid("1", 1), Grid("2", 8), Grid("3", 3), new(false, "4", "第4网格", new CaseKpi(8, 8, 7, 0, 0, 0))], app.Services.GetRequiredService<CaseCatalogue>());
        Assert.Equal([("2", 1), ("3", 2), ("1", 3), ("4", 4)], ranked.Select(g => (g.Key, g.Rank)));
    }

    [Fact]
    public async Task By_person_and_by_category()
    {
        var people = (await Kpis($"areaId=2&{February}&by=person")).GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(["王芳", "李强", "未分配 none"], people.Select(g => g.Str("name")));
        Assert.Equal((2, 2, 1, 1, 0, 0), Counts(people[0].GetProperty("figures")));
        Assert.Equal((2, 1, 1, 0, 1, 1), Counts(people[1].GetProperty("figures")));
        Assert.Null(Rate(people[2].GetProperty("figures"), "closureRate"));

        var categories = (await Kpis($"areaId=2&{February}&by=category")).GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal([("dispute_mediation", "纠纷调解"), ("environmental_sanitation", "环境卫生")], categories.Select(g => (g.Str("key"), g.Str("name"))));
    }

    [Fact]
    public async Task A_planner_gets_figures_per_grid_but_none_per_person_and_no_names()
    {
        var planner = app.ClientFor(SmallDistrict.Planner);
        var byPerson = await planner.GetAsync($"/api/kpis?areaId=2&{February}&by=person");
        var body = await byPerson.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, byPerson.StatusCode);
        Assert.Equal(403, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        foreach (var name in new[] { "王芳", "李强" }) Assert.DoesNotContain(name, body);
        Assert.Equal(HttpStatusCode.OK, (await planner.GetAsync($"/api/kpis?areaId=2&{February}&by=grid")).StatusCode);
        // Those who manage the staff still rank them.
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(SmallDistrict.Centre).GetAsync($"/api/kpis?areaId=2&{February}&by=person")).StatusCode);
    }

    [Fact]
    public async Task Whole_district_includes_the_other_street()
    {
        Assert.Equal((5, 4, 3, 1, 1, 1), Counts((await Kpis($"areaId=1&{February}")).GetProperty("total")));
    }

    [Theory]
    [InlineData("by=street", "by")]
    [InlineData("from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z", "from")]
    [InlineData("to=9999-12-31T23:59:59Z", "to")] // no room for +08:00
    [InlineData("from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z", "from")]
    public async Task Bad_kpi_query_is_400_naming_the_field(string query, string field)
    {
        var response = await http.GetAsync("/api/kpis?" + query);
        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Fact]
    public async Task OpenApi_describes_the_figures_with_their_chinese_terms()
    {
        var doc = await http.GetStringAsync("/openapi/v1.json");
        foreach (var term in new[] { "应结案数", "结案数", "按期结案数", "结案率", "按期结案率", "返工率", "延期率" })
            Assert.Contains(term, doc);
        Assert.Contains("/open311/v2/requests.json", doc);
        Assert.Contains("/api/cases/{id}/transitions", doc);
    }

    /// <summary>
    /// PostgreSQL's count (KpiApi.CountAsync) against the reference, <see cref="CaseKpi.Compute"/>,
    /// on the same cases: every status, with and without a handling deadline, feedback before or
    /// after it, reworked or not, extended or not, across grids, people and categories, in June 2025
    /// (outside the periods the other tests count), evaluated at several moments.
    /// </summary>
    [Fact]
    public async Task Sql_counts_agree_with_the_reference_CaseKpi_for_every_grouping()
    {
        if (await app.ScalarAsync<long>("SELECT count(*) FROM cases WHERE description = 'kpi-reference'") == 0)
            await app.ExecuteAsync("""
                INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id,
                                   assignee_id, reported_at, handling_due, feedback_at, rework_count, extension_granted_hours)
                SELECT CASE WHEN n % 2 = 0 THEN 'environmental_sanitation' ELSE 'dispute_mediation' END, 'kpi-reference', status,
                       ST_SetSRID(ST_MakePoint(121.12, 31.87), 4326), 6 + n % 4, CASE WHEN n % 4 < 2 THEN 4 ELSE 5 END,
                       CASE WHEN n % 4 < 2 THEN 2 ELSE 3 END, 1, (ARRAY[NULL, 3, 4])[1 + n % 3],
                       '2025-06-02 09:00+08'::timestamptz + n * interval '1 minute', due, due + fb, rework, ext
                FROM unnest(ARRAY['reported', 'registered', 'voided', 'dispatched', 'in_progress', 'returned', 'extension_requested',
                                  'extended', 'parked', 'feedback_submitted', 'checking', 'closed']) AS status,
                     unnest(ARRAY[NULL, '2025-06-10 17:30+08', '2025-06-20 17:30+08']::timestamptz[]) AS due,
                     unnest(ARRAY[NULL, interval '-1 hour', interval '0', interval '1 hour']) AS fb,
                     unnest(ARRAY[0, 1]) AS rework, unnest(ARRAY[0, 4]) AS ext,
                     LATERAL (SELECT (hashtext(status || coalesce(due::text, '') || coalesce(fb::text, '') || rework || ext) & 1023) AS n) x
                """);
        var summaries = new List<(CaseSummary Summary, string? Grid, string? Person, string Category)>();
        await using (var conn = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT status, handling_due, feedback_at, rework_count > 0, extension_granted_hours > 0, grid_id::text, assignee_id::text, category_code
                FROM cases WHERE description = 'kpi-reference'
                """, conn);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                Assert.True(CaseCodes.TryParse(r.GetString(0), out CaseStatus status));
                summaries.Add((new CaseSummary(status, r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2),
                    r.GetBoolean(3), r.GetBoolean(4)), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7)));
            }
        }
        Assert.Equal(12 * 3 * 4 * 2 * 2, summaries.Count);
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        var (start, end) = (TestClock.At("2025-06-01 00:00"), TestClock.At("2025-07-01 00:00"));
        var keys = new Dictionary<string, Func<(CaseSummary Summary, string? Grid, string? Person, string Category), string?>>
        {
            ["grid"] = c => c.Grid, ["person"] = c => c.Person, ["category"] = c => c.Category,
        };
        foreach (var asOf in new[] { "2025-06-05 12:00", "2025-06-10 17:30", "2025-06-15 12:00", "2025-06-25 12:00" }.Select(TestClock.At))
        {
            var total = await KpiApi.CountAsync(db, null, null, start, end, asOf, default);
            Assert.Equal(CaseKpi.Compute(summaries.Select(c => c.Summary), asOf), Assert.Single(total).Kpi);
            foreach (var (by, key) in keys)
            {
                var counted = await KpiApi.CountAsync(db, by, null, start, end, asOf, default);
                Assert.Equal(CaseKpi.Compute(summaries.Select(c => c.Summary), asOf), counted.Single(g => g.Total).Kpi);
                var expected = summaries.GroupBy(key).Select(g => (g.Key, CaseKpi.Compute(g.Select(c => c.Summary), asOf))).OrderBy(g => g.Key, StringComparer.Ordinal);
                Assert.Equal(expected, counted.Where(g => !g.Total).Select(g => (g.Key, g.Kpi)).OrderBy(g => g.Key, StringComparer.Ordinal));
            }
        }
    }
}
