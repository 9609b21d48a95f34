namespace GridMap.Browser.Tests;

/// <summary>
/// Every module a page loads is named in its answer's <c>Link</c> header, so that Chromium asks for
/// all of them at once rather than one level of imports after another.
/// </summary>
public class ModulePreloadTests(MapSite site) : IClassFixture<MapSite>
{
    [Theory]
    [InlineData("/", Admin)]
    [InlineData("/command.html", Admin)]
    [InlineData("/leader.html", Admin)]
    [InlineData("/planner.html", Admin)]
    [InlineData("/kpi.html", Admin)]
    [InlineData("/edit.html", Admin)]
    [InlineData("/report.html", Reporter)] // its outbox imports from ../lib/
    [InlineData("/login.html", null)]
    public async Task A_page_names_every_module_it_loads_up_front(string path, string? user)
    {
        var page = await site.NewPageAsync(user);
        var modules = new List<string>();
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            // The modules: the app's own and what they import from lib/ (idb); the other files of lib/ are classic scripts.
            if (url.AbsolutePath.StartsWith("/js/", StringComparison.Ordinal) || url.AbsolutePath.StartsWith("/lib/idb/", StringComparison.Ordinal))
                lock (modules) modules.Add(url.AbsolutePath);
        };
        var response = await page.GotoAsync(site.BaseUrl + path);

        var link = await response!.HeaderValueAsync("link");
        Assert.NotNull(link);
        var preloaded = link.Split(", ").Select(entry => Regex.Match(entry, "^<([^>]+)>; rel=modulepreload$")).ToList();
        Assert.All(preloaded, match => Assert.True(match.Success, link));
        lock (modules) Assert.Subset(preloaded.Select(m => m.Groups[1].Value).ToHashSet(), modules.ToHashSet());
        Assert.Contains("/js/i18n.js", modules); // imported by the page's module, not named in the page
    }
}
