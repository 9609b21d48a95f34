using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GridMap.Browser.Tests.Support;

/// <summary>
/// The real server on a real port (a browser cannot reach the in-memory test server), its
/// throwaway database holding <see cref="KnownTerritory"/> (or what <see cref="SeedSql"/> says),
/// and one headless Chromium.
/// </summary>
public class MapSite : GridMapApp, IAsyncLifetime
{
    IPlaywright? playwright;

    public MapSite() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>
    /// How long an expectation waits for the page before failing: a safety net, not a measure (a
    /// machine busy with other work can take seconds; times are measured by the benchmarks).
    /// </summary>
    static MapSite() => Assertions.SetDefaultExpectTimeout(30_000);

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What the database holds before the first page opens.</summary>
    protected virtual string SeedSql => KnownTerritory.Sql;

    /// <summary>The users signed in as (areas by code, staff by name).</summary>
    protected virtual IEnumerable<(string Username, Role Role, string? AreaCode, string? Staff)> SeedUsers => KnownTerritory.Users;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync(); // database, then the server and its migrations
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using (var conn = new NpgsqlConnection(Database.ConnectionString))
        {
            await conn.OpenAsync();
            await using var insert = new NpgsqlCommand(SeedSql, conn);
            await insert.ExecuteNonQueryAsync();
        }
        foreach (var (username, role, areaCode, staff) in SeedUsers)
        {
            await using var conn = new NpgsqlConnection(Database.ConnectionString);
            await conn.OpenAsync();
            await using var ids = new NpgsqlCommand(
                "SELECT (SELECT id FROM areas WHERE code = $1 AND (layer IS NULL OR layer = 'party')), (SELECT id FROM staff WHERE name = $2)", conn);
            ids.Parameters.Add(new() { Value = (object?)areaCode ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            ids.Parameters.Add(new() { Value = (object?)staff ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await ids.ExecuteReaderAsync();
            await r.ReadAsync();
            long? area = r.IsDBNull(0) ? null : r.GetInt64(0), staffId = r.IsDBNull(1) ? null : r.GetInt64(1);
            await r.CloseAsync();
            await AddUserAsync(username, role, area, staffId);
        }
        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
        await ReadyAsync();
    }

    /// <summary>Runs once the server answers at <see cref="BaseUrl"/> with its territory and users in.</summary>
    protected virtual Task ReadyAsync() => Task.CompletedTask;

    /// <summary>A phone (the field pages'): its size in CSS pixels, touch, the page's language.</summary>
    public static BrowserNewContextOptions Phone() => new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "zh-CN" };

    /// <summary>
    /// A blank tab in a fresh browser profile (empty localStorage), desktop-sized or on a
    /// <paramref name="phone"/>, signed in as <paramref name="user"/> (its sign-in cookie set), or
    /// not signed in for null.
    /// </summary>
    public Task<IPage> NewPageAsync(string? user = KnownTerritory.Admin, bool phone = false) =>
        NewPageAsync(user, phone ? Phone() : new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });

    /// <summary>A blank tab in a fresh browser profile made with <paramref name="options"/>, signed in as <paramref name="user"/> (or not, for null).</summary>
    protected async Task<IPage> NewPageAsync(string? user, BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        if (user is not null)
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = Tokens.Cookie, Value = await TokenFor(user), Url = BaseUrl, HttpOnly = true, SameSite = SameSiteAttribute.Strict }]);
        return await context.NewPageAsync();
    }

    /// <summary>The page at path in a new tab, signed in as <paramref name="user"/>, once its data is drawn.</summary>
    public async Task<IPage> OpenAsync(string path = "/", string user = KnownTerritory.Admin)
    {
        var page = await NewPageAsync(user);
        await page.GotoAsync(BaseUrl + path);
        await MapPage.WaitUntilReadyAsync(page);
        return page;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await DisposeAsync();
    }
}
