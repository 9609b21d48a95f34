namespace GridMap.Tests.Cases;

/// <summary>
/// Heat map and recurring spots (<c>/api/cases/heat</c>, <c>/api/cases/recurring</c>) on cases
/// placed at measured distances (ST_Project on the spheroid) around the small district, now being
/// 2026-03-09 09:00:
/// <code>
///  A  grid 6  4 cases: a centre, 30 m east, 30 m north, 45 m west       a spot (chained by the centre)
///  B  grid 7  3 cases 0, 20, 40 m east; a 4th 100 m east (60 m off)      a spot of 3
///  C  grid 6  3 cases within 20 m, one reported 40 days ago              a spot only over 60 days
///  D  grid 7  2 cases and a voided one at the same place                 no spot
///  E  grid 9  3 cases within 10 m (the east: only the admin sees them)   a spot
/// </code>
/// The spots are held to a plain SQL check: the cases with at least two others within 50 m
/// (geography), and those within 50 m of one of them.
/// </summary>
public class HotSpotsTests(CasesApp app) : IClassFixture<CasesApp>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        app.Clock.Now = TestClock.At("2026-03-09 09:00");
        if (await app.ScalarAsync<long>("SELECT count(*) FROM cases") > 0) return;
        await app.ExecuteAsync("""
            INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id, reported_at)
            SELECT v.category, v.spot, v.status, p.g, a.grid_id, a.community_id, a.street_id, a.district_id,
                   '2026-03-09 09:00+08'::timestamptz - v.age
            FROM (VALUES
                ('A', 121.12, 31.87,  0,  0, interval '1 day',   'registered', 'environmental_sanitation'),
                ('A', 121.12, 31.87, 30, 90, interval '3 days',  'closed',     'environmental_sanitation'),
                ('A2', 121.12, 31.87, 30,  0, interval '10 days', 'registered', 'dispute_mediation'),
                ('A', 121.12, 31.87, 45, 270, interval '20 days', 'registered', 'environmental_sanitation'),
                ('B', 121.17, 31.87,  0, 90, interval '2 days',  'registered', 'environmental_sanitation'),
                ('B', 121.17, 31.87, 20, 90, interval '4 days',  'registered', 'environmental_sanitation'),
                ('B', 121.17, 31.87, 40, 90, interval '6 days',  'registered', 'environmental_sanitation'),
                ('B4', 121.17, 31.87, 100, 90, interval '8 days', 'registered', 'environmental_sanitation'),
                ('C', 121.14, 31.86,  0,  0, interval '1 day',   'registered', 'environmental_sanitation'),
                ('C', 121.14, 31.86, 10,  0, interval '2 days',  'registered', 'environmental_sanitation'),
                ('C-old', 121.14, 31.86, 20,  0, interval '40 days', 'registered', 'environmental_sanitation'),
                ('D', 121.19, 31.88,  0,  0, interval '1 day',   'registered', 'environmental_sanitation'),
                ('D', 121.19, 31.88,  5,  0, interval '2 days',  'registered', 'environmental_sanitation'),
                ('D', 121.19, 31.88,  5, 90, interval '3 days',  'voided',     'environmental_sanitation'),
                ('E', 121.27, 31.87,  0,  0, interval '1 day',   'registered', 'environmental_sanitation'),
                ('E', 121.27, 31.87,  5,  0, interval '2 days',  'registered', 'environmental_sanitation'),
                ('E', 121.27, 31.87, 10,  0, interval '3 days',  'registered', 'environmental_sanitation')
            ) AS v (spot, lon, lat, metres, azimuth, age, status, category),
            LATERAL (SELECT ST_Project(ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326)::geography, v.metres, radians(v.azimuth))::geometry AS g) p,
            LATERAL area_chain_at(p.g) a
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    async Task<JsonElement> GetOkAsync(string user, string url)
    {
        var response = await app.ClientFor(user).GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static List<long[]> Spots(JsonElement answer) =>
        [.. answer.GetProperty("spots").EnumerateArray().Select(s => s.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order().ToArray())];

    async Task<long[]> IdsAsync(string sql)
    {
        var ids = new List<long>();
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetInt64(0));
        return [.. ids];
    }

    /// <summary>The cases (not voided) placed as the groups named (comma-separated, as in the table above), by id.</summary>
    Task<long[]> CasesOfAsync(string groups) =>
        IdsAsync($"SELECT id FROM cases WHERE description = ANY (string_to_array('{groups}', ',')) AND status <> 'voided' ORDER BY id");

    /// <summary>The plain check: DBSCAN's core cases (at least min - 1 others within radius) and the cases within radius of a core one.</summary>
    Task<long[]> ClusteredBySqlAsync(int days, double metres, int min) =>
        IdsAsync(FormattableString.Invariant($"""
            WITH r AS (SELECT id, location::geography AS g FROM cases
                       WHERE status <> 'voided' AND reported_at >= '2026-03-09 09:00+08'::timestamptz - interval '{days} days'),
            core AS (SELECT a.id FROM r a JOIN r b ON ST_DWithin(a.g, b.g, {metres}) GROUP BY a.id HAVING count(*) >= {min})
            SELECT r.id FROM r WHERE EXISTS (SELECT 1 FROM core JOIN r c ON c.id = core.id WHERE ST_DWithin(c.g, r.g, {metres})) ORDER BY r.id
            """));

    [Fact]
    public async Task Recurring_spots_are_the_cases_a_plain_distance_check_finds_largest_first()
    {
        var answer = await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring");
        var spots = Spots(answer);
        Assert.Equal([await CasesOfAsync("A,A2"), await CasesOfAsync("B"), await CasesOfAsync("E")], spots);
        Assert.Equal(await ClusteredBySqlAsync(30, 50, 3), spots.SelectMany(s => s).Order());
        Assert.Equal([4, 3, 3], answer.GetProperty("spots").EnumerateArray().Select(s => s.GetProperty("count").GetInt32()));
        Assert.Equal([1, 2, 3], answer.GetProperty("spots").EnumerateArray().Select(s => s.GetProperty("rank").GetInt32()));
        // The centre is the centroid of the spot's cases: the mean of their points.
        var b = answer.GetProperty("spots")[1];
        var mean = await app.ScalarAsync<string>("SELECT avg(ST_X(location))::text || ',' || avg(ST_Y(location))::text FROM cases WHERE description = 'B'");
        Assert.Equal(double.Parse(mean.Split(',')[0], CultureInfo.InvariantCulture), b.GetProperty("lon").GetDouble(), 1e-6);
        Assert.Equal(double.Parse(mean.Split(',')[1], CultureInfo.InvariantCulture), b.GetProperty("lat").GetDouble(), 1e-6);
    }

    [Fact]
    public async Task Recurring_spots_over_60_days_take_in_the_older_case_and_agree_with_the_plain_check()
    {
        var spots = Spots(await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring?days=60"));
        Assert.Contains(await CasesOfAsync("C,C-old"), spots);
        Assert.Equal(await ClusteredBySqlAsync(60, 50, 3), spots.SelectMany(s => s).Order());
        // A wider radius joins B's fourth case (60 m from the third).
        var wider = Spots(await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring?radiusM=70"));
        Assert.Contains(await CasesOfAsync("B,B4"), wider);
        Assert.Equal(await ClusteredBySqlAsync(30, 70, 3), wider.SelectMany(s => s).Order());
        // Two are enough with min=2: D's two open cases (the voided one never counts).
        var pairs = Spots(await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring?min=2"));
        Assert.Contains(await CasesOfAsync("D"), pairs);
        Assert.Equal(await ClusteredBySqlAsync(30, 50, 2), pairs.SelectMany(s => s).Order());
    }

    [Fact]
    public async Task Recurring_spots_are_scoped_to_the_callers_cases_and_the_area_asked_for()
    {
        Assert.Equal([await CasesOfAsync("A,A2"), await CasesOfAsync("B")], Spots(await GetOkAsync(SmallDistrict.Centre, "/api/cases/recurring")));
        Assert.Equal([await CasesOfAsync("A,A2")], Spots(await GetOkAsync(SmallDistrict.Leader, "/api/cases/recurring")));
        Assert.Equal([await CasesOfAsync("B")], Spots(await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring?areaId=7")));
        // Without A's dispute, the centre still has two others within 50 m: a spot of three.
        Assert.Equal([await CasesOfAsync("A")], Spots(await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring?areaId=6&category=environmental_sanitation")));
        // A grid worker sees the cases assigned to them: none of these.
        Assert.Empty(Spots(await GetOkAsync(SmallDistrict.Worker, "/api/cases/recurring")));
        var outside = await app.ClientFor(SmallDistrict.Leader).GetAsync("/api/cases/recurring?areaId=9");
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
    }

    [Fact]
    public async Task Recurring_spots_list_as_many_of_their_newest_cases_as_asked_and_count_them_all()
    {
        var whole = (await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring")).GetProperty("spots");
        var two = (await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring?perSpot=2")).GetProperty("spots");
        var none = (await GetOkAsync(SmallDistrict.Admin, "/api/cases/recurring?perSpot=0")).GetProperty("spots");
        string[] groups = ["A,A2", "B", "E"];
        Assert.Equal(groups.Length, two.GetArrayLength());
        foreach (var (spot, i) in groups.Select((g, i) => (g, i)))
        {
            var newest = await IdsAsync($"""
                SELECT id FROM cases WHERE description = ANY (string_to_array('{spot}', ',')) AND status <> 'voided'
                ORDER BY reported_at DESC, id DESC LIMIT 2
                """);
            Assert.Equal(newest, two[i].GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
            Assert.Empty(none[i].GetProperty("cases").EnumerateArray());
            foreach (var answer in new[] { two, none })
                Assert.Equal(whole[i].GetProperty("count").GetInt32(), answer[i].GetProperty("count").GetInt32());
        }
    }

    [Theory]
    [InlineData("perSpot=101", "perSpot")]
    [InlineData("perSpot=-1", "perSpot")]
    [InlineData("days=0", "days")]
    [InlineData("days=91", "days")]
    [InlineData("days=1,5", "days")]
    [InlineData("radiusM=0", "radiusM")]
    [InlineData("radiusM=501", "radiusM")]
    [InlineData("radiusM=NaN", "radiusM")]
    [InlineData("min=1", "min")]
    [InlineData("limit=1001", "limit")]
    [InlineData("category=nonsense", "category")]
    public async Task Bad_recurring_query_is_400_naming_the_field(string query, string field)
    {
        var response = await app.ClientFor(SmallDistrict.Admin).GetAsync("/api/cases/recurring?" + query);
        await ProblemAssert.NamesFieldAsync(response, field);
    }

    static (int Cases, int Points, double Cell) Heat(JsonElement heat) =>
        ((int)heat.GetProperty("points").EnumerateArray().Sum(p => p[2].GetDouble()), heat.GetProperty("points").GetArrayLength(), heat.GetProperty("cell").GetDouble());

    [Fact]
    public async Task Heat_map_weighs_every_case_of_the_area_in_the_period_but_voided_ones()
    {
        var all = await GetOkAsync(SmallDistrict.Admin, "/api/cases/heat");
        var expected = await app.ScalarAsync<long>("SELECT count(*) FROM cases WHERE status <> 'voided' AND reported_at >= '2026-02-07 09:00+08'");
        Assert.Equal(15, expected);
        var (cases, points, cell) = Heat(all);
        Assert.Equal(expected, cases);
        Assert.Equal(expected, all.GetProperty("cases").GetInt32());
        // The district is 0.2° wide: 128 cells across, so A, B, C, D and E fall in a cell or two each.
        Assert.Equal(0.2 / 128, cell, 9);
        Assert.InRange(points, 5, 10);

        var street = await GetOkAsync(SmallDistrict.Centre, "/api/cases/heat?areaId=2&category=dispute_mediation");
        Assert.Equal(1, Heat(street).Cases);
        var leader = await GetOkAsync(SmallDistrict.Leader, "/api/cases/heat?from=2026-01-01T00:00:00%2B08:00");
        Assert.Equal(await app.ScalarAsync<long>("SELECT count(*) FROM cases WHERE grid_id = 6 AND status <> 'voided'"), Heat(leader).Cases);
        Assert.Equal(0.05 / 128, Heat(leader).Cell, 9);
    }

    [Fact]
    public async Task Heat_map_is_bounded_to_128_cells_across_whatever_the_cases()
    {
        // Cases on every 10 m of a line across the district's 0.2°: one point per cell at most, and never more than 128 in a row.
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id, reported_at)
            SELECT 'environmental_sanitation', 'line', 'registered', p, a.grid_id, a.community_id, a.street_id, a.district_id, '2026-03-08 09:00+08'
            FROM generate_series(0, 1999) n, LATERAL (SELECT ST_SetSRID(ST_MakePoint(121.10005 + n * 0.0000999, 31.875), 4326) AS p) x,
                 LATERAL area_chain_at(x.p) a
            """, conn, tx))
            await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        try
        {
            var heat = Heat(await GetOkAsync(SmallDistrict.Admin, "/api/cases/heat"));
            Assert.Equal(2015, heat.Cases);
            Assert.InRange(heat.Points, 128, 128 + 10);
        }
        finally
        {
            await app.ExecuteAsync("DELETE FROM cases WHERE description = 'line'");
        }
    }
}
