namespace GridMap.Tests.Cases;

/// <summary>A server that lists service requests publicly and takes Open311 posts without a key.</summary>
public class PublicOpen311App : CasesApp
{
    protected override IEnumerable<(string Name, string Value)> Settings =>
        [("GRIDMAP_OPEN311_PUBLIC", "true"), ("GRIDMAP_OPEN311_ANONYMOUS_POST", "true")];
}

/// <summary>
/// Public listing: anyone reads every case, generalised to its area, the description only once a
/// command centre marked the case public; staff still read their own area's cases as they are.
/// </summary>
public class Open311PublicTests(PublicOpen311App app) : IClassFixture<PublicOpen311App>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    /// <summary>The point-on-surface of an area, by PostGIS.</summary>
    async Task<(double Lat, double Long)> PointOnSurfaceAsync(long areaId) =>
        (await app.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(boundary)) FROM areas WHERE id = $1", areaId),
         await app.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(boundary)) FROM areas WHERE id = $1", areaId));

    static async Task<JsonElement> OneAsync(HttpClient http, long id)
    {
        var response = await http.GetAsync($"/open311/v2/requests/{id}.json");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    static (double, double) LatLong(JsonElement r) => (r.GetProperty("lat").GetDouble(), r.GetProperty("long").GetDouble());

    static Task<HttpResponseMessage> PublishAsync(HttpClient http, long id, bool published) =>
        http.PutAsJsonAsync($"/api/cases/{id}/published", new { published });

    [Fact]
    public async Task The_public_sees_category_status_dates_and_the_grid_but_not_the_text_or_the_point()
    {
        app.Clock.Now = TestClock.At("2026-03-10 10:00");
        var id = (await cases.ReportAsync(121.123, 31.871, "dispute_mediation", "张三 13912340000 与邻居纠纷")).GetProperty("id").GetInt64();
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync($"/open311/v2/requests/{id}.json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("13912340000", body);
        Assert.DoesNotContain("121.123", body);
        var shown = await OneAsync(anonymous, id);
        Assert.Equal((id.ToString(), "open", "dispute_mediation", "纠纷调解", "2026-03-10T10:00:00+08:00"),
            (shown.Str("service_request_id"), shown.Str("status"), shown.Str("service_code"), shown.Str("service_name"), shown.Str("requested_datetime")));
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("description").ValueKind);
        Assert.Equal(await PointOnSurfaceAsync(6), LatLong(shown));
        Assert.Equal("秀山社区第1网格, 秀山社区, 海门街道, 海门区", shown.Str("address"));

        var listed = await anonymous.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?start_date=2026-03-10T00:00:00%2B08:00&end_date=2026-03-11T00:00:00%2B08:00");
        var inList = listed.EnumerateArray().Single(r => r.Str("service_request_id") == id.ToString());
        Assert.Equal(shown.ToString(), inList.ToString());
    }

    [Fact]
    public async Task A_case_marked_public_by_its_command_centre_shows_its_description_and_the_trail_says_who()
    {
        var id = (await cases.ReportAsync(121.17, 31.87, "environmental_sanitation", "公园垃圾桶满溢")).GetProperty("id").GetInt64();
        var centre = app.ClientFor(SmallDistrict.Centre);
        using var anonymous = app.CreateClient();

        var marked = await PublishAsync(centre, id, true);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.True((await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("published").GetBoolean());
        Assert.Equal("公园垃圾桶满溢", (await OneAsync(anonymous, id)).Str("description"));
        Assert.Equal(await PointOnSurfaceAsync(7), LatLong(await OneAsync(anonymous, id)));
        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(centre, id, true)).StatusCode); // already so: nothing to record

        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(centre, id, false)).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await OneAsync(anonymous, id)).GetProperty("description").ValueKind);

        var trail = (await cases.EventsAsync(id)).Where(e => e.Str("action") is "publish" or "unpublish")
            .Select(e => (e.Str("action"), e.Str("actor"), e.Str("actorRole"), e.Str("toStatus"))).ToArray();
        Assert.Equal([("publish", SmallDistrict.Centre, "command_centre", "reported"), ("unpublish", SmallDistrict.Centre, "command_centre", "reported")], trail);
    }

    [Fact]
    public async Task Only_a_command_centre_of_the_area_or_an_admin_marks_a_case_public()
    {
        var east = (await cases.ReportAsync(121.28, 31.86, "environmental_sanitation", "江边垃圾")).GetProperty("id").GetInt64();
        var missing = await PublishAsync(app.ClientFor(SmallDistrict.Centre), 98765, true);
        var outside = await PublishAsync(app.ClientFor(SmallDistrict.Centre), east, true);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (missing.StatusCode, outside.StatusCode));
        Assert.Equal((await missing.Content.ReadFromJsonAsync<JsonElement>()).Str("detail").Replace("98765", "N"),
            (await outside.Content.ReadFromJsonAsync<JsonElement>()).Str("detail").Replace(east.ToString(), "N"));
        Assert.Equal(HttpStatusCode.Forbidden, (await PublishAsync(app.ClientFor(SmallDistrict.Leader), east, true)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PublishAsync(app.ClientFor(SmallDistrict.Planner), east, true)).StatusCode);

        var noValue = await app.ClientFor(SmallDistrict.Admin).PutAsJsonAsync($"/api/cases/{east}/published", new { });
        await ProblemAssert.NamesFieldAsync(noValue, "published");
        Assert.Equal(HttpStatusCode.OK, (await PublishAsync(app.ClientFor(SmallDistrict.Admin), east, true)).StatusCode);
        Assert.Equal("江边垃圾", (await OneAsync(app.CreateClient(), east)).Str("description"));
    }

    [Fact]
    public async Task Staff_see_their_own_area_as_it_is_and_the_rest_as_the_public_does()
    {
        var west = (await cases.ReportAsync(121.16, 31.88, "policy_publicity", "社保咨询 王五")).GetProperty("id").GetInt64();
        var east = (await cases.ReportAsync(121.21, 31.88, "policy_publicity", "医保咨询 赵六")).GetProperty("id").GetInt64();
        var centre = app.ClientFor(SmallDistrict.Centre);

        var own = await OneAsync(centre, west);
        Assert.Equal(("社保咨询 王五", (31.88, 121.16)), (own.Str("description"), LatLong(own)));
        var other = await OneAsync(centre, east);
        Assert.Equal(JsonValueKind.Null, other.GetProperty("description").ValueKind);
        Assert.Equal(await PointOnSurfaceAsync(8), LatLong(other));
    }

    [Fact]
    public async Task Without_a_key_anyone_may_post_but_a_wrong_key_is_still_refused()
    {
        using var anonymous = app.CreateClient();
        (string, string)[] fields = [("service_code", "environmental_sanitation"), ("lat", "31.87"), ("long", "121.12"), ("description", "井盖缺失")];
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync("/open311/v2/requests.json",
            new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.PostAsync("/open311/v2/requests.json",
            new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), new("api_key", "gm311_not-ours")]))).StatusCode);
    }
}
