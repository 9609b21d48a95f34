using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GridMap.Tests.Auth;

public class SignInTests(AuthApp app) : IClassFixture<AuthApp>
{
    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Sign_in_returns_a_token_that_opens_the_api_for_an_hour()
    {
        var before = DateTimeOffset.UtcNow;
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { username = SmallDistrict.Leader, password = GridMapApp.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("grid_leader", body.GetProperty("role").GetString());
        Assert.Equal(6, body.GetProperty("areaId").GetInt64());
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset(), before.AddMinutes(59), before.AddMinutes(61));

        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("token").GetString());
        var me = await http.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(SmallDistrict.Leader, me.GetProperty("username").GetString());
        Assert.Equal("秀山社区第1网格", me.GetProperty("area").GetProperty("name").GetString());
        Assert.Equal(1, me.GetProperty("staffId").GetInt64());
        Assert.Equal("陈伟", me.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("admin", "wrong-password")]
    [InlineData("nobody", GridMapApp.Password)]
    public async Task Wrong_password_and_unknown_user_get_the_same_401_problem(string username, string password)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { username, password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Wrong username or password.", (await Json(response)).GetProperty("detail").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_web_ui_cookie_is_httponly_strict_and_signs_in_like_the_token()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { username = SmallDistrict.Admin, password = GridMapApp.Password });
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(Tokens.Cookie + "=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var http = app.CreateClient(); // keeps cookies, like a browser
        await http.PostAsJsonAsync("/api/auth/login", new { username = SmallDistrict.Admin, password = GridMapApp.Password });
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/households")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/households")).StatusCode);
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWRtaW46dGVzdA==")]
    public async Task A_forged_or_foreign_credential_is_401(string authorization)
    {
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        var response = await http.GetAsync("/api/households");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var tokens = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(Tokens.Scheme);
        var caller = new Caller(1, SmallDistrict.Admin, Role.Admin, 1, null);
        var ticket = new AuthenticationTicket(new(new ClaimsIdentity(caller.Claims(), Tokens.Scheme)),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddSeconds(-1) }, Tokens.Scheme);
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.BearerTokenProtector.Protect(ticket));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/households")).StatusCode);
    }

    [Fact]
    public async Task A_token_accepted_once_is_401_from_its_expiry_on()
    {
        var tokens = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(Tokens.Scheme);
        var caller = new Caller(1, SmallDistrict.Admin, Role.Admin, 1, null);
        using var http = app.CreateClient();
        // Ten seconds: enough for the first request to be answered on a busy machine.
        var expires = DateTimeOffset.UtcNow.AddSeconds(10);
        var ticket = new AuthenticationTicket(new(new ClaimsIdentity(caller.Claims(), Tokens.Scheme)),
            new AuthenticationProperties { ExpiresUtc = expires }, Tokens.Scheme);
        http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.BearerTokenProtector.Protect(ticket));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me")).StatusCode);

        // The server remembers the opened token (RecentTickets), but not past the token's own expiry.
        while (DateTimeOffset.UtcNow <= expires)
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, (expires - DateTimeOffset.UtcNow).TotalMilliseconds + 50)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_query_string_counts_only_for_hubs()
    {
        var token = await app.TokenFor(SmallDistrict.Admin);
        var response = await app.CreateClient().GetAsync("/api/households?access_token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_get_health_openapi_and_the_sign_in_page_only()
    {
        using var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/areas")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_shows_no_caller_parameter_the_server_fills_itself()
    {
        var doc = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/auth/login", doc);
        Assert.DoesNotContain("\"name\": \"caller\"", doc, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"name\":\"caller\"", doc, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Passwords_are_stored_as_salted_pbkdf2_hashes_never_as_given()
    {
        var hashes = await app.QueryAsync("SELECT password_hash FROM users", r => r.GetString(0));
        Assert.NotEmpty(hashes);
        Assert.All(hashes, h =>
        {
            Assert.DoesNotContain(GridMapApp.Password, h);
            var bytes = Convert.FromBase64String(h);
            Assert.Equal(0x01, bytes[0]); // Identity v3 format: PBKDF2 with HMAC-SHA512
            Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<object>().VerifyHashedPassword(new(), h, GridMapApp.Password));
        });
    }
}

/// <summary>A server whose sign-in limit is low enough to reach.</summary>
public class LowLoginLimitApp : AuthApp
{
    protected override IEnumerable<(string Name, string Value)> Settings =>
        [("GRIDMAP_LOGIN_PER_MINUTE", "5")];
}

public class SignInLimitTests(LowLoginLimitApp app) : IClassFixture<LowLoginLimitApp>
{
    [Fact]
    public async Task Guessing_passwords_is_stopped_with_429_problem_after_the_limit()
    {
        using var http = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
            statuses.Add((await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = $"guess-{i}" })).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);

        var refused = await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = GridMapApp.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter is not null);
    }
}
