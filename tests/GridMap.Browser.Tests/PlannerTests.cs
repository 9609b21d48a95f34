namespace GridMap.Browser.Tests;

/// <summary>The planner's page on <see cref="KnownTerritory"/>, its figures checked against PostGIS.</summary>
public class PlannerTests(MapSite site) : IClassFixture<MapSite>
{
    /// <summary>Households within reach of some station (planned ones included) by ST_DWithin(geography), of 30.</summary>
    async Task<long> CoveredByPostGis(double? radiusM)
    {
        await using var conn = new NpgsqlConnection(site.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT count(*) FROM households h WHERE EXISTS (SELECT 1 FROM service_stations s
                WHERE ST_DWithin(h.location::geography, s.location::geography, coalesce($1::float8, s.radius_m)))
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)radiusM ?? DBNull.Value });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    static string Covered(long covered) =>
        string.Create(CultureInfo.InvariantCulture, $"{covered} / {KnownTerritory.Households}（{100.0 * covered / KnownTerritory.Households:0.0}%）");

    async Task<IPage> OpenPlanner()
    {
        var page = await site.OpenAsync("/planner.html");
        await Assertions.Expect(page.Locator("#covered-households")).Not.ToHaveTextAsync("–");
        return page;
    }

    static Task SetRadius(IPage page, int metres) =>
        page.EvaluateAsync("m => { const r = document.getElementById('radius'); r.value = m; r.dispatchEvent(new Event('input', { bubbles: true })); }", metres);

    [Fact]
    public async Task Moving_the_radius_changes_the_figures_to_what_PostGIS_counts()
    {
        var page = await OpenPlanner();
        var households = page.Locator("#covered-households");
        await Assertions.Expect(households).ToHaveTextAsync(Covered(await CoveredByPostGis(null)));

        await page.GetByRole(AriaRole.Button, new() { Name = "15分钟 1000米" }).ClickAsync();
        await Assertions.Expect(page.Locator("#figures[data-radius-m='1000']")).ToHaveCountAsync(1);
        await Assertions.Expect(households).ToHaveTextAsync(Covered(await CoveredByPostGis(1000)));

        await SetRadius(page, 2000);
        await Assertions.Expect(page.Locator("#figures[data-radius-m='2000']")).ToHaveCountAsync(1);
        long at2000 = await CoveredByPostGis(2000);
        await Assertions.Expect(households).ToHaveTextAsync(Covered(at2000));
        Assert.True(at2000 > await CoveredByPostGis(1000), "a wider radius should cover more here");
        Assert.Equal("2000 米", await page.Locator("#radius-value").InnerTextAsync());

        // The uncovered households are pins; the table has both communities and all four grids.
        Assert.Equal(KnownTerritory.Households - at2000, await page.EvaluateAsync<int>("gridmap.uncovered"));
        Assert.Equal(KnownTerritory.Communities + KnownTerritory.PartyGrids, await page.Locator("#rows tbody tr").CountAsync());
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-planner.png" });
    }

    [Fact]
    public async Task Suggested_sites_are_drawn_and_accepting_one_raises_the_figures_by_its_gain()
    {
        var page = await OpenPlanner();
        await page.GetByRole(AriaRole.Button, new() { Name = "5分钟 300米" }).ClickAsync();
        await Assertions.Expect(page.Locator("#figures[data-radius-m='300']")).ToHaveCountAsync(1);
        long before = await CoveredByPostGis(300);
        await Assertions.Expect(page.Locator("#covered-households")).ToHaveTextAsync(Covered(before));

        await page.Locator("#suggest-k").FillAsync("2");
        await page.Locator("#suggest-run").ClickAsync();

        await Assertions.Expect(page.Locator(".leaflet-marker-pane .site-pin")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#sites li")).ToHaveCountAsync(2);
        var gain = await page.EvaluateAsync<int>("gridmap.suggestion.sites[0].gainHouseholds");
        Assert.True(gain > 0);
        await Assertions.Expect(page.Locator("#sites li").First).ToContainTextAsync($"+{gain} 户");
        var circles = await page.EvaluateAsync<double[]>(
            "() => { const r = []; gridmap.map.eachLayer(l => { if (l instanceof L.Circle && l.options.color === '#6a1b9a') r.push(l.getRadius()); }); return r; }");
        Assert.Equal([300.0, 300.0], circles);

        await page.Locator("#sites li").First.GetByRole(AriaRole.Button).ClickAsync();

        await Assertions.Expect(page.Locator("#covered-households")).ToHaveTextAsync(Covered(before + gain));
        Assert.Equal(before + gain, await CoveredByPostGis(300));
        await Assertions.Expect(page.Locator("#sites li").First.GetByRole(AriaRole.Button)).ToHaveTextAsync("已列入规划");
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-planner-suggested.png" });
    }

    [Fact]
    public async Task Walking_without_a_road_network_says_so()
    {
        var page = await OpenPlanner();
        await page.GetByLabel("步行距离").CheckAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("尚未导入道路网，无法按步行距离计算");
    }

    [Fact]
    public async Task Planner_page_loads_without_errors_and_is_linked_from_the_map()
    {
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page, failedRequests: false);

        await page.GotoAsync(site.BaseUrl + "/");
        await MapPage.WaitUntilReadyAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "服务半径规划" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(site.BaseUrl + "/planner.html", MapPage.Navigated);
        await MapPage.WaitUntilReadyAsync(page);

        Assert.Empty(errors);
        Assert.Equal("", await page.Locator("#status").InnerTextAsync());
    }
}
