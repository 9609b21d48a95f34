using System.Security.Cryptography;

namespace GridMap.Tests.Auth;

/// <summary><c>./gridmap apikey add | list | revoke</c>: the keys Open311 clients post with.</summary>
public class ApiKeyCommandTests(AuthApp app) : IClassFixture<AuthApp>
{
    async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ApiKeyCommand.RunAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    async Task<HttpStatusCode> PostAsync(string apiKey) =>
        (await app.CreateClient().PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = apiKey, ["service_code"] = "environmental_sanitation", ["lat"] = "31.87", ["long"] = "121.12", ["description"] = "路灯不亮",
        }))).StatusCode;

    [Fact]
    public async Task A_key_is_shown_once_stored_as_a_hash_works_until_revoked_and_its_name_can_be_issued_again()
    {
        var (code, output, _) = await RunAsync("add", "hotline-12345", "--per-minute", "120");
        Assert.Equal(0, code);
        var key = output.Split("api_key: ")[1].Split('\n')[0].Trim();
        Assert.True(key.Length >= 40, key);

        var stored = await app.QueryAsync("SELECT key_hash, per_minute FROM open311_api_keys WHERE name = 'hotline-12345'", r => (Hash: (byte[])r[0], PerMinute: r.GetInt32(1)));
        Assert.Equal((Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))), 120), (Convert.ToHexString(Assert.Single(stored).Hash), stored[0].PerMinute));
        var everything = string.Join("|", await app.QueryAsync("SELECT t::text FROM open311_api_keys t", r => r.GetString(0)));
        Assert.DoesNotContain(key, everything);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(key));
        Assert.Matches(@"hotline-12345\t120/min\tissued \S+ \S+\tactive", (await RunAsync("list")).Out);

        Assert.Equal(0, (await RunAsync("revoke", "hotline-12345")).Code);
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(key));
        Assert.Matches(@"hotline-12345\t120/min\tissued \S+ \S+\trevoked ", (await RunAsync("list")).Out);
        Assert.Equal((1, "there is no active key named hotline-12345"), ((await RunAsync("revoke", "hotline-12345")).Code, (await RunAsync("revoke", "hotline-12345")).Error.Trim()));

        var (again, reissued, _) = await RunAsync("add", "hotline-12345");
        Assert.Equal(0, again);
        var newKey = reissued.Split("api_key: ")[1].Split('\n')[0].Trim();
        Assert.NotEqual(key, newKey);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(newKey));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(key));
    }

    [Theory]
    [InlineData(new[] { "add", "Bad Name" }, 1, "a key name is 1 to 64")]
    [InlineData(new[] { "add", "test-app" }, 1, "a key named test-app is in use already")]
    [InlineData(new[] { "add", "x", "--per-minute", "0" }, 1, "--per-minute must be a positive number")]
    [InlineData(new[] { "add", "x", "--per-minute", "many" }, 2, "usage: gridmap apikey")]
    [InlineData(new[] { "remove", "x" }, 2, "usage: gridmap apikey")]
    public async Task Apikey_refuses_what_would_make_a_wrong_key(string[] args, int expectedCode, string reason)
    {
        var before = await app.QueryAsync("SELECT count(*) FROM open311_api_keys", r => r.GetInt64(0));
        var (code, output, error) = await RunAsync(args);
        Assert.Equal(expectedCode, code);
        Assert.Contains(reason, error);
        Assert.Equal("", output);
        Assert.Equal(before, await app.QueryAsync("SELECT count(*) FROM open311_api_keys", r => r.GetInt64(0)));
    }
}
