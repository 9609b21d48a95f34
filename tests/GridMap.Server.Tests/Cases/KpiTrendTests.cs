namespace GridMap.Tests.Cases;

/// <summary>
/// The figures kpi.html draws: per week (trends) and per area one level down (drill-down from
/// street to community to grid), counted by PostgreSQL and held to the reference,
/// <see cref="CaseKpi.Compute"/>, on cases spread over four months in every status, reported at
/// every hour of the day, so that weeks begin at midnight on Monday in China Standard Time and
/// not in UTC.
/// </summary>
public class KpiTrendTests(CasesApp app) : IClassFixture<CasesApp>, IAsyncLifetime
{
    readonly HttpClient http = app.ClientFor(SmallDistrict.Admin);
    static readonly DateTimeOffset Start = TestClock.At("2025-06-01 00:00"), End = TestClock.At("2025-10-01 00:00");

    sealed record Seeded(CaseSummary Summary, DateTimeOffset ReportedAt, long Grid, long Community, long Street, long District);

    public async Task InitializeAsync()
    {
        app.Clock.Now = TestClock.At("2025-10-15 12:00");
        if (await app.ScalarAsync<long>("SELECT count(*) FROM cases") > 0) return;
        await app.ExecuteAsync("""
            INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id,
                               assignee_id, reported_at, handling_due, feedback_at, rework_count, extension_granted_hours)
            SELECT CASE WHEN n % 2 = 0 THEN 'environmental_sanitation' ELSE 'dispute_mediation' END, 'kpi-trend', status,
                   ST_SetSRID(ST_MakePoint(121.12, 31.87), 4326), 6 + n % 4, CASE WHEN n % 4 < 2 THEN 4 ELSE 5 END,
                   CASE WHEN n % 4 < 2 THEN 2 ELSE 3 END, 1, (ARRAY[NULL, 3, 4])[1 + n % 3],
                   reported, reported + due, reported + due + fb, rework, ext
            FROM unnest(ARRAY['reported', 'registered', 'voided', 'dispatched', 'in_progress', 'returned', 'extension_requested',
                              'extended', 'parked', 'feedback_submitted', 'checking', 'closed']) AS status,
                 unnest(ARRAY[NULL, interval '1 day', interval '12 days']) AS due,
                 unnest(ARRAY[NULL, interval '-1 hour', interval '0', interval '1 hour']) AS fb,
                 unnest(ARRAY[0, 1]) AS rework, unnest(ARRAY[0, 4]) AS ext,
                 LATERAL (SELECT (hashtext(status || coalesce(due::text, '') || coalesce(fb::text, '') || rework || ext) & 1023) AS n) x,
                 -- 163 minutes apart: every hour of the day comes round, Sunday nights and Monday mornings included
                 LATERAL (SELECT '2025-06-01 00:30+08'::timestamptz + n * interval '163 minutes' AS reported) r
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    async Task<List<Seeded>> SeededAsync()
    {
        var seeded = new List<Seeded>();
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT status, handling_due, feedback_at, rework_count > 0, extension_granted_hours > 0, reported_at,
                   grid_id, community_id, street_id, district_id
            FROM cases WHERE description = 'kpi-trend'
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            Assert.True(CaseCodes.TryParse(r.GetString(0), out CaseStatus status));
            seeded.Add(new(new CaseSummary(status, r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1),
                    r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.GetBoolean(3), r.GetBoolean(4)),
                r.GetFieldValue<DateTimeOffset>(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9)));
        }
        return seeded;
    }

    /// <summary>The Monday (China Standard Time) of the week a case was reported in, as the API names it.</summary>
    static string Week(DateTimeOffset reportedAt)
    {
        var day = reportedAt.ToOffset(TimeSpan.FromHours(8)).Date;
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    static IEnumerable<(string?, CaseKpi)> Reference(IEnumerable<Seeded> cases, Func<Seeded, string> key, DateTimeOffset asOf) =>
        cases.GroupBy(key).Select(g => ((string?)g.Key, CaseKpi.Compute(g.Select(c => c.Summary), asOf))).OrderBy(g => g.Item1, StringComparer.Ordinal);

    [Fact]
    public async Task Weekly_kpis_agree_with_the_reference_CaseKpi()
    {
        var seeded = await SeededAsync();
        Assert.Equal(12 * 3 * 4 * 2 * 2, seeded.Count);
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        foreach (var asOf in new[] { "2025-07-01 12:00", "2025-08-15 09:00", "2025-10-15 12:00" }.Select(TestClock.At))
        {
            var counted = await KpiApi.CountAsync(db, "week", null, Start, End, asOf, default);
            Assert.Equal(CaseKpi.Compute(seeded.Select(c => c.Summary), asOf), counted.Single(g => g.Total).Kpi);
            var expected = Reference(seeded, c => Week(c.ReportedAt), asOf).ToList();
            Assert.True(expected.Count > 10, $"the cases span {expected.Count} weeks");
            Assert.Equal(expected, counted.Where(g => !g.Total).Select(g => (g.Key, g.Kpi)).OrderBy(g => g.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Kpis_per_area_one_level_down_agree_with_the_reference_CaseKpi()
    {
        var seeded = await SeededAsync();
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        var asOf = TestClock.At("2025-08-15 09:00");
        // (areaId asked, its cases, the area one level below each case lies in)
        var levels = new (long? Area, Func<Seeded, bool> In, Func<Seeded, long> Child)[]
        {
            (null, _ => true, c => c.District),
            (1, c => c.District == 1, c => c.Street),
            (2, c => c.Street == 2, c => c.Community),
            (4, c => c.Community == 4, c => c.Grid),
            (6, c => c.Grid == 6, c => c.Grid),
        };
        foreach (var (area, inArea, child) in levels)
        {
            var counted = await KpiApi.CountAsync(db, "area", area, Start, End, asOf, default);
            var expected = Reference(seeded.Where(inArea), c => child(c).ToString(CultureInfo.InvariantCulture), asOf);
            Assert.Equal(expected, counted.Where(g => !g.Total).Select(g => (g.Key, g.Kpi)).OrderBy(g => g.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task By_week_answers_the_weeks_in_order_named_by_their_monday()
    {
        var report = await http.GetFromJsonAsync<JsonElement>(
            "/api/kpis?areaId=2&by=week&from=2025-06-01T00:00:00%2B08:00&to=2025-07-01T00:00:00%2B08:00");
        var groups = report.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(["2025-05-26", "2025-06-02", "2025-06-09", "2025-06-16", "2025-06-23", "2025-06-30"], groups.Select(g => g.Str("key")));
        Assert.Equal(Enumerable.Range(1, groups.Length), groups.Select(g => g.GetProperty("rank").GetInt32()));
        Assert.Equal(groups.Select(g => g.Str("key")), groups.Select(g => g.Str("name")));
        Assert.Equal(report.GetProperty("total").GetProperty("due").GetInt32(), groups.Sum(g => g.GetProperty("figures").GetProperty("due").GetInt32()));
    }

    [Fact]
    public async Task By_area_names_the_communities_of_a_street()
    {
        var report = await http.GetFromJsonAsync<JsonElement>("/api/kpis?areaId=2&by=area&from=2025-06-01T00:00:00%2B08:00&to=2025-10-01T00:00:00%2B08:00");
        Assert.Equal([("4", "秀山社区")], report.GetProperty("groups").EnumerateArray().Select(g => (g.Str("key"), g.Str("name"))));
    }
}
