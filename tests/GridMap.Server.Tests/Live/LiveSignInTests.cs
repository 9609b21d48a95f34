using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace GridMap.Tests.Live;

/// <summary>A live connection lasts no longer than the sign-in it was opened with, and opens only from the server's own pages.</summary>
public class LiveSignInTests(LiveDistrict district) : IClassFixture<LiveDistrict>
{
    static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    /// <summary>A token for <paramref name="caller"/> signed by the server itself, valid for <paramref name="lifetime"/>.</summary>
    string TokenValidFor(Caller caller, TimeSpan lifetime)
    {
        var protector = district.Server.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(Tokens.Scheme).BearerTokenProtector;
        var now = DateTimeOffset.UtcNow;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(caller.Claims(), Tokens.Scheme));
        return protector.Protect(new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + lifetime }, Tokens.Scheme));
    }

    [Fact]
    public async Task A_connection_closes_when_its_token_expires()
    {
        var adminId = await TestUsers.AddAsync(district.Database.ConnectionString, SmallDistrict.Admin, Role.Admin, 1);
        // Long enough to connect and subscribe on a busy machine; the close is awaited, not timed.
        var shortLived = TokenValidFor(new(adminId, SmallDistrict.Admin, Role.Admin, 1, null), TimeSpan.FromSeconds(15));
        await using var expiring = await LiveClient.ConnectAsync(district.Server, shortLived);
        await using var lasting = await district.Server.ConnectAsync();
        await expiring.SubscribeAsync(1, -1);

        await expiring.Closed.WaitAsync(Safety);

        await Assert.ThrowsAnyAsync<Exception>(() => expiring.SubscribeAsync(2, -1));
        await lasting.SubscribeAsync(1, -1); // a connection with a valid sign-in stays
        Assert.False(lasting.Closed.IsCompleted);
    }

    public static TheoryData<string, string> AccountChanges => new()
    {
        { "removed", "DELETE FROM users WHERE username = $1" },
        { "other role", "UPDATE users SET role = 'planner' WHERE username = $1" },
        { "other area", "UPDATE users SET area_id = 3 WHERE username = $1" },
    };

    [Theory, MemberData(nameof(AccountChanges))]
    public async Task Subscribe_after_the_account_changed_is_refused_and_the_connection_closes(string change, string sql)
    {
        var username = "centre-" + change.Replace(' ', '-');
        await TestUsers.AddAsync(district.Database.ConnectionString, username, Role.CommandCentre, 2);
        await using var client = await district.Server.ConnectAsync(username);
        await client.SubscribeAsync(4, -1);

        await using (var cmd = district.Db.CreateCommand(sql))
        {
            cmd.Parameters.Add(new() { Value = username });
            await cmd.ExecuteNonQueryAsync();
        }
        var refused = await Assert.ThrowsAsync<HubException>(() => client.SubscribeAsync(4, -1));

        Assert.EndsWith(LiveHub.SignInAgain, refused.Message);
        await client.Closed.WaitAsync(Safety);
    }

    static async Task<HttpStatusCode> UpgradeAsync(LiveServer server, string token, string? origin)
    {
        var ws = server.Server.CreateWebSocketClient();
        ws.ConfigureRequest = request =>
        {
            request.Headers.Authorization = "Bearer " + token;
            if (origin is not null) request.Headers.Origin = origin;
        };
        try
        {
            using var socket = await ws.ConnectAsync(new Uri(server.Server.BaseAddress, "hubs/live"), CancellationToken.None);
            return HttpStatusCode.SwitchingProtocols;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("status code:"))
        {
            return (HttpStatusCode)int.Parse(e.Message.Split("status code:")[1].Trim().TrimEnd('.'));
        }
    }

    [Fact]
    public async Task A_page_from_another_origin_is_refused_on_negotiate_and_on_the_upgrade()
    {
        var token = await district.Server.TokenFor(SmallDistrict.Admin);

        var negotiate = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(district.Server, token, origin: "http://127.0.0.1:8081"));
        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(district.Server, token, "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(district.Server, token, "null"));
    }

    [Fact]
    public async Task Programs_without_an_origin_and_the_servers_own_pages_connect()
    {
        var token = await district.Server.TokenFor(SmallDistrict.Admin);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(district.Server, token, origin: null));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(district.Server, token, "http://localhost"));
        await using var page = await LiveClient.ConnectAsync(district.Server, token, origin: "http://LOCALHOST:80");
        await page.SubscribeAsync(1, -1);
    }

    [Fact]
    public async Task Origins_listed_in_the_setting_connect_and_others_still_do_not()
    {
        await using var server = district.StartServer(("GRIDMAP_ALLOWED_ORIGINS", "https://map.example.org, http://127.0.0.1:8081"));
        var token = await server.TokenFor(SmallDistrict.Admin);

        await using var listed = await LiveClient.ConnectAsync(server, token, origin: "https://map.example.org");
        await listed.SubscribeAsync(1, -1);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(server, token, "http://127.0.0.1:8081"));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(server, token, "https://map.example.org.evil.example"));
    }
}
