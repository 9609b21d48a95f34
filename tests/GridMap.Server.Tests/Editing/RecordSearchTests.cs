namespace GridMap.Tests.Editing;

/// <summary>
/// <c>q=</c> and <c>ids=</c> on the households, stations and staff lists, as the editing page looks
/// a record up on the server instead of loading the area's every record; and where an edited record
/// may go, one check for households and stations (<c>RecordEdit.PlaceAsync</c>).
/// </summary>
public class RecordSearchTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    async Task<string[]> NamesAsync(string username, string url)
    {
        var list = await app.ClientFor(username).GetFromJsonAsync<JsonElement>(url);
        return [.. list.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name").GetString()!)];
    }

    [Fact]
    public async Task A_search_finds_records_by_part_of_the_name_or_by_id_within_the_callers_area()
    {
        Assert.Equal(["张建国"], await NamesAsync(SmallDistrict.Admin, "/api/households/?q=建国"));
        Assert.Equal(["李秀英"], await NamesAsync(SmallDistrict.Admin, "/api/households/?q=2"));
        Assert.Equal(["秀山社区党群服务中心"], await NamesAsync(SmallDistrict.Admin, "/api/stations/?q=%20秀山%20"));
        Assert.Equal(["陈伟"], await NamesAsync(SmallDistrict.Admin, "/api/staff/?q=陈"));
        // 李秀英 lies in grid 7, outside the leader's grid: not found, as the plain list would not show her.
        Assert.Empty(await NamesAsync(SmallDistrict.Leader, "/api/households/?q=李秀英"));
        Assert.Equal(["张建国", "李秀英"], await NamesAsync(SmallDistrict.Centre, "/api/households/?ids=1,2,3"));
        Assert.Equal(["海门区党群服务中心"], await NamesAsync(SmallDistrict.Admin, "/api/stations/?ids=1"));
    }

    [Fact]
    public async Task A_caller_who_reads_names_masked_finds_households_by_id_only()
    {
        // A grid worker reads 张建国 as 张*国: a name search would tell the hidden name piece by piece.
        Assert.Empty(await NamesAsync(SmallDistrict.Worker, "/api/households/?q=建"));
        Assert.Equal(["张*国"], await NamesAsync(SmallDistrict.Worker, "/api/households/?q=1"));
    }

    [Fact]
    public async Task A_search_also_finds_staff_not_yet_located_but_never_retired_ones()
    {
        // 周敏 has never been located: off the map list, found by a search, without a geometry.
        var admin = app.ClientFor(SmallDistrict.Admin);
        var plain = await admin.GetFromJsonAsync<JsonElement>("/api/staff/");
        Assert.DoesNotContain(plain.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("name").GetString() == "周敏");
        var found = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/staff/?q=周敏")).GetProperty("features").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, found.GetProperty("geometry").ValueKind);

        await Sql.ExecuteAsync(app.Database.ConnectionString, "INSERT INTO staff (name, role, home_grid_id, retired_at) VALUES ('退休员', 'grid_worker', 6, now())");
        Assert.Empty(await NamesAsync(SmallDistrict.Admin, "/api/staff/?q=退休员"));
    }

    [Theory]
    [InlineData("/api/households/?q=", "x")]
    [InlineData("/api/stations/?q=", "\u0001")]
    [InlineData("/api/staff/?q=", "x")]
    public async Task A_search_too_long_or_not_text_is_a_problem_naming_q(string url, string text)
    {
        var q = text == "x" ? new string('x', NameSearch.MaxLength + 1) : text;
        await ProblemAssert.NamesFieldAsync(await app.ClientFor(SmallDistrict.Admin).GetAsync(url + Uri.EscapeDataString(q)), "q");
    }

    [Fact]
    public async Task A_record_placed_where_no_area_of_its_kind_lies_is_refused_naming_the_fields()
    {
        var admin = app.ClientFor(SmallDistrict.Admin);
        var household = await admin.PostAsJsonAsync("/api/households/", new { name = "界外户", members = 2, kind = "member", lon = 121.05, lat = 31.87 });
        var problem = await ProblemAssert.NamesFieldAsync(household, "lon");
        Assert.True(problem.GetProperty("errors").TryGetProperty("lat", out _));
        var station = await admin.PutAsJsonAsync("/api/stations/2",
            new { name = "秀山社区党群服务中心", level = "community", status = "open", radiusM = 500, lon = 121.05, lat = 31.87, version = 1 });
        await ProblemAssert.NamesFieldAsync(station, "level");
        // A point in another's area is 403 for an addition and a move alike.
        var centre = app.ClientFor(SmallDistrict.Centre);
        Assert.Equal(HttpStatusCode.Forbidden, (await centre.PostAsJsonAsync("/api/stations/",
            new { name = "越界站", level = "grid", status = "planned", radiusM = 300, lon = 121.22, lat = 31.87 })).StatusCode);
        Assert.Equal(0L, (await Sql.QueryAsync(app.Database.ConnectionString,
            "SELECT count(*) FROM data_changes WHERE after->>'name' IN ('界外户', '越界站')", r => r.GetInt64(0)))[0]);
    }
}
