namespace GridMap.Tests.Field;

/// <summary>Idempotency-Key: a retried write gets the first answer again and does nothing twice.</summary>
public class IdempotencyTests(CasesApp app) : IClassFixture<CasesApp>
{
    static HttpRequestMessage Report(string key, string description, double lon = 121.17) => new(HttpMethod.Post, "/api/cases")
    {
        Content = JsonContent.Create(new { lon, lat = 31.87, categoryCode = "environmental_sanitation", description }),
        Headers = { { "Idempotency-Key", key } },
    };

    Task<long> CountAsync(string description) => app.ScalarAsync<long>("SELECT count(*) FROM cases WHERE description = $1", description);

    [Fact]
    public async Task Sending_the_same_report_twice_with_one_Idempotency_Key_makes_one_case()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        var first = await http.SendAsync(Report("report-1", "同一个报告发两次"));
        var second = await http.SendAsync(Report("report-1", "同一个报告发两次"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType?.ToString(), second.Content.Headers.ContentType?.ToString());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync("同一个报告发两次"));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_files_nothing()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Report("report-2", "第一次的内容"))).StatusCode);
        var other = await http.SendAsync(Report("report-2", "另一份内容"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("Idempotency-Key", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, await CountAsync("另一份内容"));
    }

    [Fact]
    public async Task Keys_belong_to_their_user_so_another_user_with_the_same_key_files_its_own_case()
    {
        await app.AddUserAsync("reporter-a", GridMap.Server.Auth.Role.Reporter);
        await app.AddUserAsync("reporter-b", GridMap.Server.Auth.Role.Reporter);
        using var a = app.ClientFor("reporter-a");
        using var b = app.ClientFor("reporter-b");
        Assert.Equal(HttpStatusCode.Created, (await a.SendAsync(Report("shared-key", "两个人用了同一个键"))).StatusCode);
        var fromB = await b.SendAsync(Report("shared-key", "两个人用了同一个键"));
        Assert.Equal(HttpStatusCode.Created, fromB.StatusCode);
        Assert.False(fromB.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await CountAsync("两个人用了同一个键"));
    }

    [Theory]
    [InlineData("tab\tin it")]
    [InlineData("中文键")]
    public async Task A_key_that_is_not_1_to_100_printable_ascii_characters_is_400_naming_the_header(string key)
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { lon = 121.17, lat = 31.87, categoryCode = "environmental_sanitation", description = "坏的键" }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await http.SendAsync(request);

        await ProblemAssert.NamesFieldAsync(response, "Idempotency-Key");
        Assert.Equal(0, await CountAsync("坏的键"));
    }

    [Fact]
    public async Task A_key_of_101_characters_is_400()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Report(new string('k', 101), "键太长"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Report(new string('k', 100), "键正好100"))).StatusCode);
    }

    [Fact]
    public async Task A_retried_move_is_answered_again_and_recorded_once()
    {
        var cases = new CaseClient(app.ClientFor(SmallDistrict.Admin));
        var c = await cases.ReportAsync(121.171, 31.871);
        c = await cases.MoveOkAsync(c, "register");
        c = await cases.MoveOkAsync(c, "dispatch", new { assigneeId = 3 });
        HttpRequestMessage Accept() => new(HttpMethod.Post, $"/api/cases/{c.GetProperty("id").GetInt64()}/transitions")
        {
            Content = JsonContent.Create(new { action = "accept", version = c.GetProperty("version").GetInt32(), actorRole = "grid_worker" }),
            Headers = { { "Idempotency-Key", "accept-" + c.GetProperty("id").GetInt64() } },
        };
        var first = await cases.Http.SendAsync(Accept());
        var again = await cases.Http.SendAsync(Accept());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single((await cases.EventsAsync(c.GetProperty("id").GetInt64())).Where(e => e.Str("action") == "accept"));
    }

    [Fact]
    public async Task The_same_key_while_its_first_request_is_still_running_is_409()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        // Every report waits for the live stream's counter; holding its row keeps the first one running.
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT last FROM live_seq FOR UPDATE", conn, tx).ExecuteScalarAsync();

        var first = http.SendAsync(Report("slow-key", "第一次还没有完成"));
        while (await app.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = 'slow-key'") == 0) await Task.Delay(20);
        var second = await http.SendAsync(Report("slow-key", "第一次还没有完成"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.False(first.IsCompleted);

        await tx.RollbackAsync();
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        var third = await http.SendAsync(Report("slow-key", "第一次还没有完成"));
        Assert.Equal("true", third.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await CountAsync("第一次还没有完成"));
    }

    [Fact]
    public async Task An_Open311_post_with_the_same_key_and_api_key_makes_one_request()
    {
        var apiKey = await Open311Keys.IssueAsync(app.Database.ConnectionString, "idempotent-app");
        using var http = app.CreateClient();
        HttpRequestMessage Post() => new(HttpMethod.Post, "/open311/v2/requests.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = apiKey, ["service_code"] = "environmental_sanitation", ["lat"] = "31.87", ["long"] = "121.172", ["description"] = "热线转来的同一件事",
            }),
            Headers = { { "Idempotency-Key", "hotline-77" } },
        };
        var first = await http.SendAsync(Post());
        var second = await http.SendAsync(Post());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync("热线转来的同一件事"));
    }
}
