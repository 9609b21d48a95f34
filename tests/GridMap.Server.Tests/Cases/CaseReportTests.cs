namespace GridMap.Tests.Cases;

/// <summary>Duplicate hints and the map list of cases.</summary>
public class CaseReportTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    /// <summary>The spheroid distance between two points, from PostGIS, to place test points either side of 50 m.</summary>
    Task<double> Metres(double lon1, double lat1, double lon2, double lat2) => app.ScalarAsync<double>(
        "SELECT ST_Distance(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography)",
        lon1, lat1, lon2, lat2);

    static long? DuplicateOf(JsonElement c) =>
        c.GetProperty("possibleDuplicateOf").ValueKind == JsonValueKind.Null ? null : c.GetProperty("possibleDuplicateOf").GetInt64();

    [Fact]
    public async Task Open_case_of_the_same_category_within_50_m_and_24_h_is_a_possible_duplicate_but_not_at_60_m()
    {
        app.Clock.Now = TestClock.At("2026-04-01 10:00");
        var first = await cases.ReportAsync(121.23, 31.86, "municipal_facilities", "井盖缺失");
        var (near, far) = ((121.23, 31.86040), (121.23, 31.85946)); // north 44 m, south 60 m
        Assert.InRange(await Metres(121.23, 31.86, near.Item1, near.Item2), 40, 49);
        Assert.InRange(await Metres(121.23, 31.86, far.Item1, far.Item2), 59, 61);

        app.Clock.Now = TestClock.At("2026-04-02 09:59");
        var second = await cases.ReportAsync(near.Item1, near.Item2, "municipal_facilities", "井盖缺失，有人差点掉下去");
        Assert.Equal(first.GetProperty("id").GetInt64(), DuplicateOf(second));
        Assert.Null(DuplicateOf(await cases.ReportAsync(far.Item1, far.Item2, "municipal_facilities", "井盖缺失")));
        Assert.Null(DuplicateOf(await cases.ReportAsync(near.Item1, near.Item2, "noise_nuisance", "施工噪声")));
    }

    [Fact]
    public async Task No_duplicate_hint_after_24_h_or_once_the_first_case_is_closed()
    {
        app.Clock.Now = TestClock.At("2026-04-10 10:00");
        await cases.ReportAsync(121.24, 31.86, "municipal_facilities", "路灯不亮");
        app.Clock.Now = TestClock.At("2026-04-11 10:01");
        Assert.Null(DuplicateOf(await cases.ReportAsync(121.24, 31.8601, "municipal_facilities", "路灯不亮")));

        var voided = await cases.ReportAsync(121.245, 31.86, "municipal_facilities", "路灯不亮");
        await cases.MoveOkAsync(voided, "void");
        Assert.Null(DuplicateOf(await cases.ReportAsync(121.245, 31.8601, "municipal_facilities", "路灯不亮")));
    }

    async Task<long[]> ListIds(string query)
    {
        var response = await cases.Http.GetAsync("/api/cases" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var features = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("features");
        return [.. features.EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetInt64())];
    }

    [Fact]
    public async Task List_filters_by_area_and_everything_under_it_status_category_and_bbox()
    {
        app.Clock.Now = TestClock.At("2026-05-06 09:00");
        var inGrid6 = (await cases.ReportAsync(121.11, 31.89, "illegal_construction", "违建")).GetProperty("id").GetInt64();
        var inGrid7 = (await cases.MoveOkAsync(await cases.ReportAsync(121.19, 31.89, "illegal_construction", "违建"), "register")).GetProperty("id").GetInt64();
        var inGrid9 = (await cases.ReportAsync(121.29, 31.89, "illegal_construction", "违建")).GetProperty("id").GetInt64();

        var west = await ListIds("?areaId=2&category=illegal_construction"); // 海门街道: grids 6 and 7
        Assert.Equal([inGrid7, inGrid6], west);
        Assert.Equal([inGrid7, inGrid6], await ListIds("?areaId=4&category=illegal_construction")); // its community
        Assert.Equal([inGrid9, inGrid7, inGrid6], await ListIds("?areaId=1&category=illegal_construction"));
        Assert.Equal([inGrid7], await ListIds("?status=registered,dispatched&category=illegal_construction"));
        Assert.Equal([inGrid9], await ListIds("?bbox=121.28,31.88,121.30,31.90&category=illegal_construction"));

        var feature = (await cases.Http.GetFromJsonAsync<JsonElement>($"/api/cases?areaId=9&category=illegal_construction")).GetProperty("features")[0];
        Assert.Equal([121.29, 31.89], feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(x => x.GetDouble()));
        var p = feature.GetProperty("properties");
        Assert.Equal(("reported", 9L, 5L, 3L), (p.Str("status"), p.GetProperty("gridId").GetInt64(), p.GetProperty("communityId").GetInt64(), p.GetProperty("streetId").GetInt64()));
        Assert.Equal(TestClock.At("2026-05-06 09:45"), p.Time("deadline"));
        Assert.False(p.GetProperty("overdue").GetBoolean());
    }

    [Theory]
    [InlineData("?status=open", "status")]
    [InlineData("?category=potholes", "category")]
    [InlineData("?bbox=1,2,3", "bbox")]
    public async Task Bad_list_filter_is_400_naming_the_field(string query, string field)
    {
        var response = await cases.Http.GetAsync("/api/cases" + query);
        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Categories_list_names_limits_and_departments()
    {
        var catalogue = await cases.Http.GetFromJsonAsync<JsonElement>("/api/case-categories");
        var sanitation = catalogue.GetProperty("categories").EnumerateArray().Single(c => c.Str("code") == "environmental_sanitation");
        Assert.Equal(("环境卫生", "normal", 15, 30, 8), (sanitation.Str("nameZh"), sanitation.Str("urgency"),
            sanitation.GetProperty("registerLimitMinutes").GetInt32(), sanitation.GetProperty("dispatchLimitMinutes").GetInt32(), sanitation.GetProperty("handlingLimitHours").GetInt32()));
        var emergency = catalogue.GetProperty("departments").EnumerateArray().Single(d => d.Str("code") == "emergency_management");
        Assert.Equal(15, emergency.GetProperty("confirmLimitMinutes").GetInt32());
        Assert.Equal(10, catalogue.GetProperty("categories").GetArrayLength());
    }

    /// <summary>What PostgreSQL says when it is handed text it cannot store or send; never for a caller's eyes.</summary>
    static readonly string[] PostgresWords = ["payload string too long", "invalid byte sequence", "unsupported Unicode escape", "violates check constraint"];

    [Theory]
    [InlineData("description", "\u0001", 1400)]
    [InlineData("description", "\u0000", 1)]
    [InlineData("description", "\u001b[31m", 1)]
    [InlineData("reporter", "\u0007", 1)]
    public async Task Text_with_a_control_character_is_a_400_naming_the_field_in_our_words(string field, string control, int times)
    {
        var text = "路灯不亮" + string.Concat(Enumerable.Repeat(control, times));
        var body = new Dictionary<string, object> { ["lon"] = 121.23, ["lat"] = 31.86, ["categoryCode"] = "municipal_facilities", ["description"] = "路灯不亮", [field] = text };

        var response = await cases.Http.PostAsJsonAsync("/api/cases", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        var reason = Assert.Single(JsonDocument.Parse(answer).RootElement.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains($"U+{(int)control[0]:X4}", reason);
        Assert.DoesNotContain(PostgresWords, answer.Contains);
    }

    [Fact]
    public async Task Tab_and_line_breaks_are_text_and_are_kept()
    {
        var reported = await cases.ReportAsync(121.235, 31.86, "municipal_facilities", "第一行\r\n第二行\t完");
        Assert.Equal("第一行\r\n第二行\t完", reported.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_note_with_a_control_character_is_a_400_naming_the_note()
    {
        var reported = await cases.ReportAsync(121.236, 31.86, "municipal_facilities", "路灯不亮");
        var response = await cases.MoveAsync(reported.GetProperty("id").GetInt64(), "register", 1, extra: new { note = "已登记\u0000" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("U+0000", errors.GetProperty("note")[0].GetString());
    }
}
