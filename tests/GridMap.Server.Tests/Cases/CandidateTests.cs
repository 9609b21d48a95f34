namespace GridMap.Tests.Cases;

/// <summary>Whom a grid leader can send, and the staff updates the ranking depends on.</summary>
public class CandidateTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    /// <summary>Distances from PostGIS on the spheroid, computed here independently of the endpoint.</summary>
    async Task<Dictionary<long, double>> MetresFrom(double lon, double lat)
    {
        var metres = new Dictionary<long, double>();
        await using var conn = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            "SELECT id, ST_Distance(location::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) FROM staff WHERE location IS NOT NULL", conn);
        cmd.Parameters.Add(new() { Value = lon });
        cmd.Parameters.Add(new() { Value = lat });
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) metres[r.GetInt64(0)] = r.GetDouble(1);
        return metres;
    }

    [Fact]
    public async Task Candidates_are_the_own_grid_first_then_neighbouring_grids_then_others_nearby_each_nearest_first()
    {
        var c = await cases.ReportAsync(121.16, 31.87); // grid 7
        var candidates = (await cases.Http.GetFromJsonAsync<JsonElement>($"/api/cases/{c.GetProperty("id").GetInt64()}/candidates")).EnumerateArray().ToArray();

        // Tiers by home grid, as the CasesApp roster says: grid 7 itself; grids 6 and 8 border it;
        // 冯敏 lives in grid 9 but stands close by. Off duty (2, 8) and unlocated (9) staff are not offered;
        // 吴刚 (7) is beyond the default 3 km.
        var tiers = new Dictionary<long, (int Rank, string Name)> { [3] = (0, "own_grid"), [4] = (0, "own_grid"),
            [1] = (1, "neighbouring_grid"), [5] = (1, "neighbouring_grid"), [6] = (1, "neighbouring_grid"), [10] = (2, "nearby") };
        var metres = await MetresFrom(121.16, 31.87);
        var expected = tiers.Keys.OrderBy(id => tiers[id].Rank).ThenBy(id => metres[id]).ToArray();

        Assert.Equal(expected, candidates.Select(x => x.GetProperty("id").GetInt64()));
        Assert.Equal(expected.Select(id => tiers[id].Name), candidates.Select(x => x.Str("tier")));
        foreach (var x in candidates)
            Assert.Equal(metres[x.GetProperty("id").GetInt64()], x.GetProperty("distanceMetres").GetDouble(), 1e-6);
        Assert.Equal(("李强", "party_member", "秀山社区第2网格"), (candidates[0].Str("name"), candidates[0].Str("role"), candidates[0].Str("homeGridName")));
        Assert.True(metres[7] > 3000);

        var wider = await cases.Http.GetFromJsonAsync<JsonElement>($"/api/cases/{c.GetProperty("id").GetInt64()}/candidates?radiusMetres=20000");
        Assert.Equal(7, wider.EnumerateArray().Last().GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Staff_going_off_duty_or_moving_changes_the_candidates()
    {
        var c = await cases.ReportAsync(121.16, 31.87);
        var url = $"/api/cases/{c.GetProperty("id").GetInt64()}/candidates";
        app.Clock.Now = TestClock.At("2026-03-09 10:00");

        var moved = await cases.Http.PutAsJsonAsync("/api/staff/3/location", new { lon = 121.1601, lat = 31.8701 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var state = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((121.1601, 31.8701, 7L), (state.GetProperty("lon").GetDouble(), state.GetProperty("lat").GetDouble(), state.GetProperty("gridId").GetInt64()));
        Assert.Equal(TestClock.At("2026-03-09 10:00"), state.Time("locatedAt"));
        Assert.Equal(3, (await cases.Http.GetFromJsonAsync<JsonElement>(url))[0].GetProperty("id").GetInt64());

        var offDuty = await cases.Http.PutAsJsonAsync("/api/staff/3/duty", new { onDuty = false });
        Assert.False((await offDuty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("onDuty").GetBoolean());
        Assert.DoesNotContain(3, (await cases.Http.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(x => x.GetProperty("id").GetInt64()));

        await cases.Http.PutAsJsonAsync("/api/staff/3/duty", new { onDuty = true });
        await cases.Http.PutAsJsonAsync("/api/staff/3/location", new { lon = 121.19, lat = 31.89 });
    }

    [Theory]
    [InlineData("/api/staff/3/location", """{"lon":121.2}""", HttpStatusCode.BadRequest)]
    [InlineData("/api/staff/3/location", """{"lon":500,"lat":31.8}""", HttpStatusCode.BadRequest)]
    [InlineData("/api/staff/3/duty", """{}""", HttpStatusCode.BadRequest)]
    [InlineData("/api/staff/999/duty", """{"onDuty":true}""", HttpStatusCode.NotFound)]
    [InlineData("/api/staff/999/location", """{"lon":121.2,"lat":31.8}""", HttpStatusCode.NotFound)]
    public async Task Bad_staff_update_is_a_problem(string url, string body, HttpStatusCode status)
    {
        var response = await cases.Http.PutAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("1,5")] // not 15, as a thousands separator would read it
    [InlineData("0")]
    [InlineData("NaN")]
    [InlineData("1e309")]
    public async Task A_radius_that_is_no_number_in_range_is_400_naming_radiusMetres(string radius)
    {
        var c = await cases.ReportAsync(121.16, 31.87);
        var response = await cases.Http.GetAsync($"/api/cases/{c.GetProperty("id").GetInt64()}/candidates?radiusMetres={Uri.EscapeDataString(radius)}");
        await ProblemAssert.NamesFieldAsync(response, "radiusMetres");
    }

    [Fact]
    public async Task Candidates_of_an_unknown_case_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await cases.Http.GetAsync("/api/cases/424242/candidates")).StatusCode);
    }
}
