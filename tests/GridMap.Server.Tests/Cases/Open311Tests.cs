using GridMap.Tests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridMap.Tests.Cases;

/// <summary>Open311 GeoReport v2 as a 311 app speaks it: form-encoded POST, JSON answers, the spec's errors.</summary>
public class Open311Tests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

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
            ("address_string", "ignored when lat/long are given"), ("api_key", "anything"))), HttpStatusCode.OK);
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
        Assert.Equal(("open311", "小明 李, 13800000000"), (c.Str("source"), c.Str("reporter")));
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
    [InlineData("service_code=potholes&lat=31.87&long=121.17&description=x", 400, "service_code")]
    [InlineData("service_code=environmental_sanitation&address_string=海门路1号&description=x", 400, "lat and long")]
    [InlineData("service_code=environmental_sanitation&lat=30&long=120&description=x", 400, "outside")]
    [InlineData("service_code=environmental_sanitation&lat=31.87&long=121.17", 400, "description")]
    public async Task Bad_post_is_the_specs_error_array(string form, int status, string mentions)
    {
        var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
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

    [Theory]
    [InlineData("description")]
    [InlineData("first_name")]
    [InlineData("phone")]
    public async Task A_field_with_a_control_character_is_the_specs_400_naming_the_field(string field)
    {
        var fields = new Dictionary<string, string>
        {
            ["service_code"] = "environmental_sanitation", ["lat"] = "31.87", ["long"] = "121.17", ["description"] = "楼道堆放杂物",
        };
        fields[field] = "x" + new string('\u0001', 1400);

        var errors = await Array(await cases.Http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(fields)), HttpStatusCode.BadRequest);

        var error = Assert.Single(errors.EnumerateArray());
        Assert.StartsWith($"{field}: ", error.Str("description"));
        Assert.Contains("U+0001", error.Str("description"));
        Assert.DoesNotContain("payload", error.Str("description"));
    }
}
