namespace GridMap.Tests.Auth;

/// <summary>Public intake limited to 3 reports a minute per client; Open311 posts taken without a key too.</summary>
public class LowIntakeLimitApp : AuthApp
{
    protected override IEnumerable<(string Name, string Value)> Settings =>
        [("GRIDMAP_INTAKE_PER_MINUTE", "3"), ("GRIDMAP_OPEN311_ANONYMOUS_POST", "true")];
}

public class RateLimitTests(LowIntakeLimitApp app) : IClassFixture<LowIntakeLimitApp>
{
    static object Report => new { lon = 121.12, lat = 31.87, categoryCode = "environmental_sanitation", description = "共享单车乱停" };

    static FormUrlEncodedContent Open311 => new([
        new("service_code", "environmental_sanitation"), new("lat", "31.87"), new("long", "121.12"), new("description", "共享单车乱停")]);

    static FormUrlEncodedContent Open311With(string apiKey) => new([
        new("api_key", apiKey), new("service_code", "environmental_sanitation"), new("lat", "31.87"), new("long", "121.12"), new("description", "共享单车乱停")]);

    Task<string> IssueKeyAsync(string name, int? perMinute = null) => Open311Keys.IssueAsync(app.Database.ConnectionString, name, perMinute);

    [Fact]
    public async Task A_public_reporter_gets_429_problem_after_the_limit_and_other_clients_are_not_held_up()
    {
        await app.AddUserAsync("reporter-2", GridMap.Server.Auth.Role.Reporter);
        var reporter = app.ClientFor(SmallDistrict.Reporter);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await reporter.PostAsJsonAsync("/api/cases", Report)).StatusCode);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        var refused = await reporter.PostAsJsonAsync("/api/cases", Report);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.NotNull(refused.Headers.RetryAfter);

        // Another reporter, and staff at work, are counted apart or not at all.
        Assert.Equal(HttpStatusCode.Created, (await app.ClientFor("reporter-2").PostAsJsonAsync("/api/cases", Report)).StatusCode);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Created, (await app.ClientFor(SmallDistrict.Centre).PostAsJsonAsync("/api/cases", Report)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_open311_reports_are_limited_per_address()
    {
        using var http = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await http.PostAsync("/open311/v2/requests.json", Open311)).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // Reading is not intake.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/open311/v2/services.json")).StatusCode);
    }

    [Fact]
    public async Task Open311_posts_are_limited_per_api_key_whatever_address_they_come_from()
    {
        var (first, second, hotline) = (await IssueKeyAsync("app-one"), await IssueKeyAsync("app-two"), await IssueKeyAsync("hotline", perMinute: 6));
        using var http = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await http.PostAsync("/open311/v2/requests.json", Open311With(first))).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // Refused in the spec's shape, with the wait.
        var refused = await http.PostAsync("/open311/v2/requests.json", Open311With(first));
        Assert.NotNull(refused.Headers.RetryAfter);
        var error = Assert.Single((await refused.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(429, error.GetProperty("code").GetInt32());

        // Another key from the same address has its own count; a key issued with a higher limit gets it.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/open311/v2/requests.json", Open311With(second))).StatusCode);
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/open311/v2/requests.json", Open311With(hotline))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.PostAsync("/open311/v2/requests.json", Open311With(hotline))).StatusCode);
    }
}
