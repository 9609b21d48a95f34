using System.Net;
using GridMap.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace GridMap.Browser.Tests.Support;

/// <summary>
/// The real server on a real port (a browser cannot reach the in-memory test server), its
/// throwaway database holding <see cref="KnownTerritory"/>, and one headless Chromium.
/// </summary>
public sealed class MapSite : GridMapApp, IAsyncLifetime
{
    IPlaywright? playwright;

    public MapSite() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync(); // database, then the server and its migrations
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using (var conn = new NpgsqlConnection(Database.ConnectionString))
        {
            await conn.OpenAsync();
            await using var insert = new NpgsqlCommand(KnownTerritory.Sql, conn);
            await insert.ExecuteNonQueryAsync();
        }
        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    /// <summary>A blank tab in a fresh browser profile (empty localStorage), desktop-sized.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        return await context.NewPageAsync();
    }

    /// <summary>The page at path in a new tab, once its data is drawn.</summary>
    public async Task<IPage> OpenAsync(string path = "/")
    {
        var page = await NewPageAsync();
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
