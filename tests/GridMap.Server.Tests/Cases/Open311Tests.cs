namespace GridMap.Tests.Cases;

/// <summary>
/// Open311 GeoReport v2 as a 311 app speaks it: form-encoded POST with an api_key, JSON answers,
/// the spec's errors. As the server is set up by default: requests are read by staff only, and
/// posting needs a key.
/// </summary>
public class Open311Tests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>A key of its own for each test, so that no test uses up another's rate limit.</summary>
    Task<string> KeyAsync() => Open311Keys.IssueAsync(app.Database.ConnectionString, "app-" + Guid.NewGuid().ToString("N")[..12]);

    static (string, string)[] Sanitation(string description = "垃圾满溢") =>
        [("service_code", "environmental_sanitation"), ("lat", "31.87"), ("long", "121.12"), ("description", description)];

    async Task<JsonElement> Array(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        return body;
    }

    [Fact]
    public async Task Services_are_our_categories()
    {
        var services = await Array(await cases.Http.GetAsync("/open311/v2/services.json"), HttpStatusCode.OK);
        Assert.Equal(10, services.GetArrayLength());
        var s = services.EnumerateArray().Single(x => x.Str("service_code") == "noise_nuisance");
        Assert.Equal(("噪声扰民", false, "realtime", "紧急 urgent"), (s.Str("service_name"), s.GetProperty("metadata").GetBoolean(), s.Str("type"), s.Str("group")));
        Assert.Contains("Noise nuisance", s.Str("keywords"));
        Assert.Contains("Noise nuisance", s.Str("description"));
    }

    [Fact]
    public async Task Request_posted_as_a_form_can_be_followed_until_it_is_closed()
    {
        app.Clock.Now = TestClock.At("2026-03-09 09:00");
        var posted = await Array(await cases.Http.PostAsync("/open311/v2/requests.json", Form(
            ("service_code", "environmental_sanitation"), ("lat", "31.8712"), ("long", "121.1734"),
            ("description", "小区门口垃圾堆积"), ("first_name", "小明"), ("last_name", "李"), ("phone", "13800000000"),
            ("address_string", "ignored when lat/long are given"), ("api_key", await KeyAsync()))), HttpStatusCode.OK);
        var created = Assert.Single(posted.EnumerateArray());
        var id = created.Str("service_request_id");
        Assert.Contains("2026-03-09T09:45:00+08:00", created.Str("service_notice"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("account_id").ValueKind);

        var request = Assert.Single((await Array(await cases.Http.GetAsync($"/open311/v2/requests/{id}.json"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal((id, "open", "已上报 reported", "environmental_sanitation", "环境卫生", "小区门口垃圾堆积"),
            (request.Str("service_request_id"), request.Str("status"), request.Str("status_notes"), request.Str("service_code"), request.Str("service_name"), request.Str("description")));
        Assert.Equal((31.8712, 121.1734), (request.GetProperty("lat").GetDouble(), request.GetProperty("long").GetDouble()));
        Assert.Equal("2026-03-09T09:00:00+08:00", request.Str("requested_datetime"));
        Assert.Equal("2026-03-09T09:45:00+08:00", request.Str("expected_datetime"));
        Assert.Equal("秀山社区第2网格, 秀山社区, 海门街道, 海门区", request.Str("address"));

        var c = await cases.GetAsync(long.Parse(id));
        Assert.Equal("open311", c.Str("source"));
        // Stored as written; shown by the audit trail to those who may see it, masked in the case.
        Assert.Equal("小明 李, 13800000000", (await cases.EventsAsync(long.Parse(id)))[0].Str("actor"));
        Assert.Equal("小***************0", c.Str("reporter"));
        app.Clock.Now = TestClock.At("2026-03-09 09:05");
        c = await cases.MoveOkAsync(c, "register");
        c = await cases.MoveOkAsync(c, "dispatch", new { assigneeId = 3 });
        request = (await cases.Http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{id}.json"))[0];
        Assert.Equal(("open", "已派遣 dispatched", "2026-03-09T09:05:00+08:00"), (request.Str("status"), request.Str("status_notes"), request.Str("updated_datetime")));

        c = await cases.MoveOkAsync(c, "accept");
        c = await cases.MoveOkAsync(c, "submit_feedback");
        c = await cases.MoveOkAsync(c, "begin_check");
        await cases.MoveOkAsync(c, "close");
        request = (await cases.Http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{id}.json"))[0];
        Assert.Equal(("closed", "已结案 closed"), (request.Str("status"), request.Str("status_notes")));

        var closed = await cases.Http.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?status=closed&start_date=2026-03-01T00:00:00%2B08:00&end_date=2026-03-10T00:00:00%2B08:00");
        Assert.Contains(id, closed.EnumerateArray().Select(r => r.Str("service_request_id")));
        var open = await cases.Http.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?status=open&start_date=2026-03-01T00:00:00%2B08:00&end_date=2026-03-10T00:00:00%2B08:00");
        Assert.DoesNotContain(id, open.EnumerateArray().Select(r => r.Str("service_request_id")));
    }

    [Fact]
    public async Task Requests_can_be_listed_by_id_and_by_service_code()
    {
        app.Clock.Now = TestClock.At("2026-03-20 09:00");
        var a = (await cases.ReportAsync(121.12, 31.86, "dispute_mediation", "邻里纠纷")).GetProperty("id").GetInt64();
        var b = (await cases.ReportAsync(121.13, 31.86, "policy_publicity", "医保政策咨询")).GetProperty("id").GetInt64();

        var byId = await cases.Http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests.json?service_request_id={a},{b}");
        Assert.Equal([a.ToString(), b.ToString()], byId.EnumerateArray().Select(r => r.Str("service_request_id")));
        var byCode = await cases.Http.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?service_code=policy_publicity");
        Assert.Equal([b.ToString()], byCode.EnumerateArray().Select(r => r.Str("service_request_id")));
    }

    [Theory]
    [InlineData("lat=31.87&long=121.17&description=x", 400, "service_code")]
    [InlineData("service_code=potholes&lat=31.87&long=121.17&description=x", 404, "service_code")]
    [InlineData("service_code=environmental_sanitation&address_string=海门路1号&description=x", 400, "lat and long")]
    [InlineData("service_code=environmental_sanitation&lat=30&long=120&description=x", 400, "outside")]
    [InlineData("service_code=environmental_sanitation&lat=31.87&long=121.17", 400, "description")]
    public async Task Bad_post_is_the_specs_error_array(string form, int status, string mentions)
    {
        var content = new StringContent($"{form}&api_key={await KeyAsync()}", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var errors = await Array(await cases.Http.PostAsync("/open311/v2/requests.json", content), (HttpStatusCode)status);
        var error = Assert.Single(errors.EnumerateArray());
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        Assert.Contains(mentions, error.Str("description"));
    }

    [Theory]
    [InlineData("/open311/v2/requests/99999.json", 404)]
    [InlineData("/open311/v2/requests/abc.json", 404)]
    [InlineData("/open311/v2/services.xml", 404)]
    [InlineData("/open311/v2/requests.json?status=pending", 400)]
    [InlineData("/open311/v2/requests.json?start_date=yesterday", 400)]
    [InlineData("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", 400)]
    public async Task Bad_get_is_the_specs_error_array(string url, int status)
    {
        var errors = await Array(await cases.Http.GetAsync(url), (HttpStatusCode)status);
        Assert.Equal(status, Assert.Single(errors.EnumerateArray()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Json_body_instead_of_form_parameters_is_a_400_in_the_specs_format()
    {
        var response = await cases.Http.PostAsJsonAsync("/open311/v2/requests.json", new { service_code = "environmental_sanitation" });
        Assert.Equal(400, Assert.Single((await Array(response, HttpStatusCode.BadRequest)).EnumerateArray()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Posting_without_an_api_key_or_with_one_not_issued_or_revoked_is_the_specs_403()
    {
        var revoked = await KeyAsync();
        await app.ExecuteAsync("UPDATE open311_api_keys SET revoked_at = now() WHERE key_hash = sha256(convert_to($1, 'UTF8'))", revoked);
        using var anonymous = app.CreateClient();
        const string refused = "没有钥匙的上报";
        foreach (var key in new string?[] { null, "", "gm311_never-issued", revoked })
        {
            (string, string)[] fields = key is null ? Sanitation(refused) : [.. Sanitation(refused), ("api_key", key)];
            var errors = await Array(await anonymous.PostAsync("/open311/v2/requests.json", Form(fields)), HttpStatusCode.Forbidden);
            var error = Assert.Single(errors.EnumerateArray());
            Assert.Equal(403, error.GetProperty("code").GetInt32());
            Assert.Contains("api_key", error.Str("description"));
        }
        // Signed in or not, a post is the key's: a staff member's sign-in is no key.
        Assert.Equal(HttpStatusCode.Forbidden, (await cases.Http.PostAsync("/open311/v2/requests.json", Form(Sanitation(refused)))).StatusCode);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM cases WHERE description = $1", refused));

        // The key may come in the query string too.
        var response = await anonymous.PostAsync($"/open311/v2/requests.json?api_key={await KeyAsync()}", Form(Sanitation()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_first_name_cut_at_the_limit_inside_an_emoji_keeps_whole_characters()
    {
        var firstName = new string('a', 200) + "😀";
        var posted = await Array(await app.CreateClient().PostAsync("/open311/v2/requests.json",
            Form([.. Sanitation(), ("first_name", firstName), ("api_key", await KeyAsync())])), HttpStatusCode.OK);
        var id = long.Parse(Assert.Single(posted.EnumerateArray()).Str("service_request_id"));
        Assert.Equal(new string('a', 200), (await cases.EventsAsync(id))[0].Str("actor"));
    }

    [Fact]
    public async Task Requests_are_read_only_by_staff_and_only_in_their_area()
    {
        app.Clock.Now = TestClock.At("2026-05-13 09:00");
        var west = (await cases.ReportAsync(121.12, 31.87, "dispute_mediation", "邻居 13800001111 噪音")).GetProperty("id").GetInt64();
        var east = (await cases.ReportAsync(121.28, 31.86, "dispute_mediation", "楼上漏水")).GetProperty("id").GetInt64();
        var both = $"/open311/v2/requests.json?service_request_id={west},{east}";

        foreach (var user in new[] { SmallDistrict.Centre, SmallDistrict.Leader })
        {
            var http = app.ClientFor(user);
            var listed = await Array(await http.GetAsync(both), HttpStatusCode.OK);
            var request = Assert.Single(listed.EnumerateArray());
            Assert.Equal((west.ToString(), "邻居 13800001111 噪音", 31.87, 121.12),
                (request.Str("service_request_id"), request.Str("description"), request.GetProperty("lat").GetDouble(), request.GetProperty("long").GetDouble()));
            // Another area's case is not found, word for word as one that does not exist.
            var hidden = Assert.Single((await Array(await http.GetAsync($"/open311/v2/requests/{east}.json"), HttpStatusCode.NotFound)).EnumerateArray());
            var missing = Assert.Single((await Array(await http.GetAsync("/open311/v2/requests/98765.json"), HttpStatusCode.NotFound)).EnumerateArray());
            Assert.Equal(missing.Str("description").Replace("98765", "N"), hidden.Str("description").Replace(east.ToString(), "N"));
            var recent = await Array(await http.GetAsync("/open311/v2/requests.json?start_date=2026-05-12T00:00:00%2B08:00&end_date=2026-05-14T00:00:00%2B08:00"), HttpStatusCode.OK);
            Assert.Equal([west.ToString()], recent.EnumerateArray().Select(r => r.Str("service_request_id")));
        }

        // Nobody else reads them while the server does not list requests publicly.
        foreach (var http in new[] { app.CreateClient(), app.ClientFor(SmallDistrict.Planner), app.ClientFor(SmallDistrict.Reporter) })
            foreach (var url in new[] { both, $"/open311/v2/requests/{west}.json", "/open311/v2/requests.json" })
            {
                var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                var error = Assert.Single((await Array(response, HttpStatusCode.Forbidden)).EnumerateArray());
                Assert.Equal(403, error.GetProperty("code").GetInt32());
                Assert.DoesNotContain("13800001111", body);
            }
    }

    [Theory]
    [InlineData("description")]
    [InlineData("first_name")]
    [InlineData("phone")]
    public async Task A_field_with_a_control_character_is_the_specs_400_naming_the_field(string field)
    {
        var fields = new Dictionary<string, string>
        {
            ["service_code"] = "environmental_sanitation", ["lat"] = "31.87", ["long"] = "121.17", ["description"] = "楼道堆放杂物", ["api_key"] = await KeyAsync(),
        };
        fields[field] = "x" + new string('\u0001', 1400);

        var errors = await Array(await cases.Http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(fields)), HttpStatusCode.BadRequest);

        var error = Assert.Single(errors.EnumerateArray());
        Assert.StartsWith($"{field}: ", error.Str("description"));
        Assert.Contains("U+0001", error.Str("description"));
        Assert.DoesNotContain("payload", error.Str("description"));
    }
}
