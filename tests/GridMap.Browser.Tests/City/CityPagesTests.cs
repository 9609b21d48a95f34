namespace GridMap.Browser.Tests.City;

/// <summary>
/// Every page on the city district (<see cref="CitySite"/>), signed in as the admin, and the field's
/// pages on a phone as their busiest users: that the page draws a part of the city, not all of it,
/// within generous limits on its first draw and heap; its figures, long tasks while panning and
/// zooming (or scrolling) among them, are recorded (<see cref="PageFigures"/>) for <c>./gridmap bench pages</c>.
/// </summary>
[Collection(CityCollection.Name)]
public class CityPagesTests(CitySite site)
{
    async Task<(IPage Page, PageFigures Figures)> MeasureAsync(string name, string path, string user = KnownTerritory.Admin, bool phone = false)
    {
        PageResults.Fixture = $"generate {site.Generated.TotalSeconds:0.0} s (0 when cached), load {site.Loaded.TotalSeconds:0.0} s, " +
            $"the planner's first answers built ahead {site.BuiltAhead.TotalSeconds:0.0} s after it";
        var errors = new List<string>();
        async Task<IPage> NewPageAsync()
        {
            var page = await site.NewPageAsync(user, phone);
            page.PageError += (_, error) => errors.Add(error);
            return page;
        }
        var (page, figures) = await PageFigures.MeasureAsync(name, NewPageAsync, site.BaseUrl + path);
        Assert.True(errors.Count == 0, $"the page threw: {string.Join("\n", errors)}");
        return (page, figures);
    }

    [Fact]
    public async Task The_map_draws_the_city_from_tiles_within_the_limits()
    {
        var (page, figures) = await MeasureAsync("map (index.html)", "/");
        Assert.Equal(0, await page.Locator(".leaflet-marker-pane .hh-pin").CountAsync());
        figures.AssertWithinLimits();
    }

    [Fact]
    public async Task The_command_centre_at_district_level_pages_its_cases_and_counts_them_all()
    {
        var (page, figures) = await MeasureAsync("command centre, district", $"/command.html?area={site.DistrictId}");
        var listed = await page.Locator("#case-list li[data-case-id]").CountAsync();
        Assert.InRange(listed, 1, 100);
        // With a city's ranking of grids in the side panel, the list still starts within the window, not below the panel's end.
        await Expect(page.Locator("#case-list li[data-case-id]").First).ToBeInViewportAsync();
        var open = await site.CountAsync($"SELECT count(*) FROM cases WHERE district_id = {site.DistrictId} AND status NOT IN ('closed', 'voided')");
        await Expect(page.Locator("#counts-body [data-count='open'] strong")).ToHaveTextAsync(new Regex($"^{open:N0}$"));
        Assert.True(await page.Locator(".leaflet-marker-pane .case-dot").CountAsync() <= 500);
        // Zoomed out over the district, the cases and the staff come as vector tiles.
        foreach (var layer in new[] { "cases", "staff" })
            await page.WaitForFunctionAsync("name => { let found = false; gridmap.map.eachLayer(l => { if (l.options.vectorTileLayerStyles?.[name]) found = true; }); return found; }", layer);
        figures.AssertWithinLimits();
    }

    [Fact]
    public async Task The_command_centre_counts_the_chosen_window_as_SQL_does_and_loads_more_cases_without_duplicates()
    {
        var page = await site.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync($"{site.BaseUrl}/command.html?area={site.DistrictId}");
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('gridmap:first-draw').length > 0", null, new() { Timeout = 120_000 });

        // The 30 days before the last report, as days in China Standard Time (to: inclusive).
        var lastDay = DateOnly.ParseExact(await site.TextAsync("SELECT ((max(reported_at) AT TIME ZONE 'Asia/Shanghai')::date)::text FROM cases"),
            "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (from, to) = (lastDay.AddDays(-30), lastDay.AddDays(-1));
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var inWindow = $"district_id = {site.DistrictId} AND reported_at >= '{Day(from)}'::timestamp AT TIME ZONE 'Asia/Shanghai' " +
                       $"AND reported_at < '{Day(to.AddDays(1))}'::timestamp AT TIME ZONE 'Asia/Shanghai'";
        var total = await site.CountAsync($"SELECT count(*) FROM cases WHERE {inWindow}");
        var open = await site.CountAsync($"SELECT count(*) FROM cases WHERE {inWindow} AND status NOT IN ('closed', 'voided')");
        Assert.InRange(total, 1, await site.CountAsync($"SELECT count(*) FROM cases WHERE district_id = {site.DistrictId}") - 1);
        await page.Locator("#counts-from").FillAsync(Day(from));
        await page.Locator("#counts-to").FillAsync(Day(to));
        await Expect(page.Locator("#counts-body [data-count='total'] strong")).ToHaveTextAsync(total.ToString("N0", CultureInfo.InvariantCulture));
        await Expect(page.Locator("#counts-body [data-count='open'] strong")).ToHaveTextAsync(open.ToString("N0", CultureInfo.InvariantCulture));

        // The list: the newest open cases a page at a time; 加载更多 appends the next page.
        var items = page.Locator("#case-list li[data-case-id]");
        await Expect(items).ToHaveCountAsync(100);
        var firstPage = await items.EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.caseId))");
        await page.GetByRole(AriaRole.Button, new() { Name = "加载更多" }).ClickAsync();
        await Expect(items).ToHaveCountAsync(200);
        var shown = await items.EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.caseId))");
        Assert.Equal(shown.Length, shown.Distinct().Count());
        Assert.Equal(firstPage, shown[..100]);
        Assert.Equal(await site.ColumnAsync(
            $"SELECT id FROM cases WHERE district_id = {site.DistrictId} AND status NOT IN ('closed', 'voided') ORDER BY id DESC LIMIT 200"), shown);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_grid_leader_page_on_the_busiest_grid_within_the_limits()
    {
        var (page, figures) = await MeasureAsync("grid leader", $"/leader.html?grid={site.BusiestGridId}");
        Assert.InRange(await page.Locator("#case-list li[data-case-id]").CountAsync(), 1, 100);
        figures.AssertWithinLimits();
    }

    [Fact]
    public async Task The_planner_draws_the_whole_district_coverage_within_the_limits()
    {
        var (page, figures) = await MeasureAsync("planner, whole district coverage", "/planner.html");
        await Expect(page.Locator("#figures")).Not.ToBeEmptyAsync();
        figures.AssertWithinLimits();
        // The grids from tiles, every uncovered household held (drawn on canvas tiles), the table a page at a time.
        // The grids are added once their count and the figures are both in: waited for, as the count may come last.
        await page.WaitForFunctionAsync("() => { let found = false; gridmap.map.eachLayer(l => { if (l instanceof L.VectorGrid) found = true; }); return found; }");
        Assert.Equal(await page.EvaluateAsync<int>("gridmap.coverage.households.total - gridmap.coverage.households.covered"),
            await page.EvaluateAsync<int>("gridmap.uncovered"));
        var rows = page.Locator("#rows tbody tr");
        await Expect(rows).ToHaveCountAsync(200);
        await page.Locator("#rows-more").ClickAsync();
        await Expect(rows).ToHaveCountAsync(400);
    }

    [Fact]
    public async Task The_kpi_page_draws_the_city_Heat_layer_and_Recurring_spots_within_the_limits()
    {
        var (page, figures) = await MeasureAsync("kpi page, heat layer and recurring spots", "/kpi.html");
        await Expect(page.Locator(".leaflet-heatmap-layer")).ToHaveCountAsync(1);
        // Every case of the page's period weighs in the heat layer, in at most 128 × 128 cells.
        var period = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        var reported = await site.CountAsync($"""
            SELECT count(*) FROM cases WHERE status <> 'voided'
              AND reported_at >= '{period["from"]} 00:00+08' AND reported_at < '{period["to"]} 00:00+08'::timestamptz + interval '1 day'
            """);
        Assert.Equal(reported, await page.EvaluateAsync<long>("gridmap.hot.heat.cases"));
        Assert.InRange(await page.EvaluateAsync<int>("gridmap.hot.heat.points.length"), 1, 128 * 128);
        Assert.Equal(await page.EvaluateAsync<int>("gridmap.hot.recurring.spots.length"), await page.Locator("#recurring li button").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("gridmap.hot.recurring.spots.every(s => s.cases.length <= Math.min(10, s.count))"));
        // The city's handlers, thousands, are listed 50 at a time.
        Assert.True(await page.EvaluateAsync<int>("gridmap.reports.person.groups.length") > 100);
        var people = page.Locator("#people-table tbody tr");
        await Expect(people).ToHaveCountAsync(51);
        await page.Locator("#people-table tbody button").ClickAsync();
        await Expect(people).ToHaveCountAsync(101);
        figures.AssertWithinLimits();
    }

    Task<long> BusiestWorkersOpenTasksAsync() => site.CountAsync($"""
        SELECT count(*) FROM cases c JOIN users u ON u.staff_id = c.assignee_id
        WHERE u.username = '{CitySite.BusiestWorker}' AND c.status NOT IN ('closed', 'voided')
        """);

    [Fact]
    public async Task The_grid_workers_page_on_a_phone_holds_the_busiest_workers_open_tasks_within_the_limits()
    {
        var (page, figures) = await MeasureAsync("grid worker, phone (worker.html)", "/worker.html", CitySite.BusiestWorker, phone: true);
        // Its open cases, not the year's hundreds it closed.
        var open = await BusiestWorkersOpenTasksAsync();
        Assert.InRange(await page.Locator("#tasks li[data-case-id]").CountAsync(), 1, open);
        figures.AssertWithinLimits();
    }

    [Fact]
    public async Task The_departments_page_on_a_phone_holds_the_first_page_of_the_busiest_departments_summonses_within_the_limits()
    {
        var (page, figures) = await MeasureAsync("department, phone (dept.html)", "/dept.html", site.BusiestDepartment, phone: true);
        // A year of summonses is thousands: the page holds the first of the inbox's pages, every one still to answer first.
        await Expect(page.Locator("#inbox li[data-case-id]")).ToHaveCountAsync(GridMap.Server.Cases.SummonsApi.DefaultLimit);
        var pending = await site.CountAsync($"""
            SELECT count(*) FROM case_summons s JOIN users u ON u.department_code = s.department_code
            WHERE u.username = '{site.BusiestDepartment}' AND s.confirmed_at IS NULL
            """);
        Assert.InRange(pending, 1, GridMap.Server.Cases.SummonsApi.DefaultLimit - 1);
        await Expect(page.Locator("#inbox-count")).ToHaveTextAsync($"待报到 {pending} 件");
        figures.AssertWithinLimits();
    }

    [Fact]
    public async Task The_grid_workers_map_on_a_phone_pins_the_busiest_workers_open_tasks_within_the_limits()
    {
        var (page, figures) = await MeasureAsync("grid worker's map, phone (index.html)", "/", CitySite.BusiestWorker, phone: true);
        var open = await BusiestWorkersOpenTasksAsync();
        Assert.InRange(open, 1, 1000);
        await Expect(page.Locator(".case-pin [data-case-id]")).ToHaveCountAsync((int)open);
        figures.AssertWithinLimits();
    }

    [Fact]
    public async Task The_departments_map_on_a_phone_pins_the_open_cases_of_the_busiest_departments_inbox_within_the_limits()
    {
        var (page, figures) = await MeasureAsync("department's map, phone (index.html)", "/", site.BusiestDepartment, phone: true);
        // Every open case it was summoned to, answered or not, however far down its inbox.
        var open = await site.CountAsync($"""
            SELECT count(DISTINCT c.id) FROM case_summons s JOIN users u ON u.department_code = s.department_code JOIN cases c ON c.id = s.case_id
            WHERE u.username = '{site.BusiestDepartment}' AND c.status NOT IN ('closed', 'voided')
            """);
        Assert.InRange(open, 1, GridMap.Server.Cases.SummonsApi.MaxLimit);
        Assert.Equal(open, await page.EvaluateAsync<int>("() => gridmap.counts.summoned"));
        await Expect(page.Locator(".case-pin [data-case-id]")).ToHaveCountAsync((int)open);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...gridmap.failed]"));
        figures.AssertWithinLimits();
    }
}
