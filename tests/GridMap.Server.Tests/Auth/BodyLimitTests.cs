namespace GridMap.Tests.Auth;

public class BodyLimitTests(AuthApp app) : IClassFixture<AuthApp>
{
    static string Oversized => $$"""{"username":"admin","password":"{{new string('x', 1_100_000)}}"}""";

    static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_body_declared_over_one_mebibyte_is_refused_with_413_naming_the_limit()
    {
        var response = await app.CreateClient().PostAsync("/api/auth/login", new StringContent(Oversized, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1048576", (await Problem(response)).GetProperty("detail").GetString());
    }

    /// <summary>Sent chunked, without a length: cut off while reading.</summary>
    sealed class UndeclaredLength(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();
        protected override bool TryComputeLength(out long length) { length = 0; return false; }
    }

    [Fact]
    public async Task A_body_of_undeclared_length_is_cut_off_at_the_limit_with_413()
    {
        var content = new UndeclaredLength(Oversized);
        content.Headers.ContentType = new("application/json");
        var response = await app.CreateClient().PostAsync("/api/auth/login", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await Problem(response);
    }

    [Theory]
    [InlineData("""{"username":"admin","password":""", "Malformed JSON")]
    [InlineData("""{"username":["admin"],"password":"x"}""", "Malformed JSON")]
    [InlineData("""{"username":"admin","password":NaN}""", "Malformed JSON")]
    [InlineData("", "Bad request")]
    public async Task Malformed_json_is_a_400_problem_naming_where(string body, string title)
    {
        var response = await app.CreateClient().PostAsync("/api/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem(response);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        // Signed in: for anyone else the routing's 415 endpoint falls under the admin-only fallback policy, a 401.
        var response = await app.ClientFor(Support.SmallDistrict.Admin).PostAsync("/api/auth/login", new StringContent("username=admin", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await Problem(response);
    }
}
