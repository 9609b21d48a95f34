namespace GridMap.Tests.Field;

/// <summary>A reporter's own reports, a grid worker's patrol report, and merging a duplicate into its original.</summary>
public class ReporterAndMergeTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    static async Task<JsonElement> ReportAsync(HttpClient http, double lon, string description)
    {
        var response = await http.PostAsJsonAsync("/api/cases", new { lon, lat = 31.87, categoryCode = "municipal_facilities", description });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static async Task<long[]> MineAsync(HttpClient http) =>
        [.. (await http.GetFromJsonAsync<JsonElement>("/api/cases/mine")).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetInt64())];

    [Fact]
    public async Task A_reporter_sees_its_own_reports_newest_first_and_no_one_elses()
    {
        await app.AddUserAsync("mine-a", Role.Reporter);
        await app.AddUserAsync("mine-b", Role.Reporter);
        using var a = app.ClientFor("mine-a");
        using var b = app.ClientFor("mine-b");
        var first = (await ReportAsync(a, 121.161, "路灯坏了")).GetProperty("id").GetInt64();
        var second = (await ReportAsync(a, 121.162, "井盖松动")).GetProperty("id").GetInt64();
        var theirs = (await ReportAsync(b, 121.163, "树倒了")).GetProperty("id").GetInt64();

        Assert.Equal([second, first], await MineAsync(a));
        Assert.Equal([theirs], await MineAsync(b));
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/cases/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/cases/{theirs}")).StatusCode);
        // The list of the map stays closed to reporters.
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task A_grid_workers_patrol_report_is_registered_at_once_and_a_residents_may_not_be_one()
    {
        await app.AddUserAsync("patrol-worker", Role.GridWorker, areaId: 7, staffId: 3);
        using var worker = app.ClientFor("patrol-worker");
        var response = await worker.PostAsJsonAsync("/api/cases", new { lon = 121.17, lat = 31.88, categoryCode = "safety_hazard", description = "巡查发现护栏松动", source = "patrol" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var c = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("registered", c.Str("status"));
        Assert.Equal("patrol", c.Str("source"));
        var events = await cases.EventsAsync(c.GetProperty("id").GetInt64());
        Assert.Equal(["report", "register"], events.Select(e => e.Str("action")));
        Assert.Equal(("patrol-worker", "grid_worker"), (events[1].Str("actor"), events[1].Str("actorRole")));

        await app.AddUserAsync("not-staff", Role.Reporter);
        using var resident = app.ClientFor("not-staff");
        var refused = await resident.PostAsJsonAsync("/api/cases", new { lon = 121.17, lat = 31.88, categoryCode = "safety_hazard", description = "我也巡查", source = "patrol" });
        await ProblemAssert.NamesFieldAsync(refused, "source");
    }

    [Fact]
    public async Task A_merged_duplicate_is_voided_and_linked_and_its_reporter_follows_the_original()
    {
        await app.AddUserAsync("dup-reporter", Role.Reporter);
        using var resident = app.ClientFor("dup-reporter");
        var original = await cases.ReportAsync(121.19, 31.86, "municipal_facilities", "路面塌陷");
        var duplicate = await ReportAsync(resident, 121.1901, "路面塌了一个坑");
        var (originalId, duplicateId) = (original.GetProperty("id").GetInt64(), duplicate.GetProperty("id").GetInt64());

        var response = await cases.Http.PostAsJsonAsync($"/api/cases/{duplicateId}/merge", new { into = originalId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("voided", merged.Str("status"));
        Assert.Equal(originalId, merged.GetProperty("duplicateOf").GetInt64());
        Assert.Equal([duplicateId], (await cases.GetAsync(originalId)).GetProperty("duplicates").EnumerateArray().Select(d => d.GetInt64()));

        // The resident follows the original: in "my reports", and readable, as it moves on.
        Assert.Equal([duplicateId, originalId], await MineAsync(resident));
        await cases.MoveOkAsync(await cases.GetAsync(originalId), "register");
        var seen = await resident.GetFromJsonAsync<JsonElement>($"/api/cases/{originalId}");
        Assert.Equal("registered", seen.Str("status"));

        // A registered case is no longer a report to void: merging it is refused as the workflow says.
        var other = await cases.MoveOkAsync(await cases.ReportAsync(121.1902, 31.86, "municipal_facilities", "又一个坑"), "register");
        var refused = await cases.Http.PostAsJsonAsync($"/api/cases/{other.GetProperty("id").GetInt64()}/merge", new { into = originalId });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task A_grid_leader_merges_a_duplicate_in_its_area_and_none_outside_it()
    {
        using var leader = app.ClientFor(SmallDistrict.Leader); // grid 6: 121.10 .. 121.15
        async Task<long> Reported(double lon, string description) =>
            (await cases.ReportAsync(lon, 31.88, "municipal_facilities", description)).GetProperty("id").GetInt64();
        var original = await Reported(121.13, "井盖丢失");
        var duplicate = await Reported(121.1301, "井盖没了");
        var outsideOriginal = await Reported(121.27, "路灯不亮");
        var outsideDuplicate = await Reported(121.2701, "路灯坏了");

        // Outside its area a duplicate is as if it did not exist, and so is an original to merge into.
        Assert.Equal(HttpStatusCode.NotFound,
            (await leader.PostAsJsonAsync($"/api/cases/{outsideDuplicate}/merge", new { into = outsideOriginal })).StatusCode);
        await ProblemAssert.NamesFieldAsync(await leader.PostAsJsonAsync($"/api/cases/{duplicate}/merge", new { into = outsideOriginal }), "into");
        Assert.All(await Task.WhenAll(cases.GetAsync(duplicate), cases.GetAsync(outsideDuplicate)), c =>
            Assert.Equal((JsonValueKind.Null, "reported"), (c.GetProperty("duplicateOf").ValueKind, c.Str("status"))));

        var response = await leader.PostAsJsonAsync($"/api/cases/{duplicate}/merge", new { into = original });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("voided", original), (merged.Str("status"), merged.GetProperty("duplicateOf").GetInt64()));
        Assert.Equal([duplicate], (await cases.GetAsync(original)).GetProperty("duplicates").EnumerateArray().Select(d => d.GetInt64()));
        var merge = Assert.Single(await cases.EventsAsync(duplicate), e => e.Str("action") == "merge");
        Assert.Equal((SmallDistrict.Leader, "grid_leader"), (merge.Str("actor"), merge.Str("actorRole")));
    }
}

/// <summary>Open311's media_url: stored with the request and shown back.</summary>
public class Open311MediaTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task A_media_url_posted_with_a_request_is_shown_in_GET_and_a_bad_one_is_400()
    {
        var key = await Open311Keys.IssueAsync(app.Database.ConnectionString, "media-app");
        using var anonymous = app.CreateClient();
        FormUrlEncodedContent Form(string mediaUrl) => new(new Dictionary<string, string>
        {
            ["api_key"] = key, ["service_code"] = "municipal_facilities", ["lat"] = "31.87", ["long"] = "121.177",
            ["description"] = "护栏断了", ["media_url"] = mediaUrl,
        });
        var posted = await anonymous.PostAsync("/open311/v2/requests.json", Form("https://311.example.org/photos/42.jpg"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString();

        using var staff = app.ClientFor(SmallDistrict.Admin);
        var request = (await staff.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{id}.json"))[0];
        Assert.Equal("https://311.example.org/photos/42.jpg", request.GetProperty("media_url").GetString());
        Assert.Equal("https://311.example.org/photos/42.jpg", (await staff.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("mediaUrl").GetString());

        var refused = await anonymous.PostAsync("/open311/v2/requests.json", Form("javascript:alert(1)"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.StartsWith("media_url", (await refused.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("description").GetString());
    }
}
