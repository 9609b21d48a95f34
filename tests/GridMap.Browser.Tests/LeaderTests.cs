namespace GridMap.Browser.Tests;

/// <summary>网格长: the grid leader of 和平第一网格 sends the nearest on-duty person to a case.</summary>
public class LeaderTests(CasesSite site) : IClassFixture<CasesSite>
{

    async Task<string> LeaderPathAsync() => $"/leader.html?grid={await site.AreaIdAsync(HepingFirstGrid)}";

    async Task<JsonElement> RegisteredCaseAsync(string description)
    {
        var c = await site.ReportAsync(CaseAt, description);
        return await site.MoveAsync(c, "register", "command_centre");
    }

    static async Task OpenCaseAsync(IPage page, JsonElement c)
    {
        await page.Locator($"#case-list li[data-case-id='{Id(c)}'] button").ClickAsync();
        await Expect(page.Locator("#case-detail h2")).ToHaveTextAsync(new Regex($"^#{Id(c)} "));
    }

    [Fact]
    public async Task Candidates_are_ranked_own_grid_first_then_neighbouring_grids_with_distances_and_lines()
    {
        var c = await RegisteredCaseAsync("消防通道被占");
        // Independently: everyone on duty with a location, metres on the spheroid from PostGIS; the
        // tiers by construction (和平第二网格 shares an edge with 和平第一网格, 东风第二网格 does not).
        var people = await site.ColumnAsync<string>("""
            SELECT s.name || '|' || home.name || '|' || round(ST_Distance(s.location::geography, c.location::geography))
            FROM staff s JOIN areas home ON home.id = s.home_grid_id, cases c
            WHERE c.id = $1 AND s.on_duty AND s.location IS NOT NULL
            """, Id(c));
        var tierOf = new Dictionary<string, int> { [HepingFirstGrid] = 0, ["和平第二网格"] = 1, ["东风第二网格"] = 2 };
        var expected = people.Select(p => p.Split('|'))
            .OrderBy(p => tierOf[p[1]]).ThenBy(p => double.Parse(p[2]))
            .Select(p => $"{p[0]} {p[2]} 米").ToArray();
        Assert.Equal(5, expected.Length);
        Assert.DoesNotContain(expected, e => e.StartsWith(OffDutyWorker));

        var page = await site.OpenCasePageAsync(await LeaderPathAsync());
        await OpenCaseAsync(page, c);

        var candidates = page.Locator("#case-detail .candidate");
        await Expect(candidates).ToHaveCountAsync(expected.Length);
        var shown = await candidates.EvaluateAllAsync<string[]>(
            "items => items.map(i => i.querySelector('.candidate-name').textContent + ' ' + i.querySelector('.candidate-distance').textContent)");
        Assert.Equal(expected, shown);
        Assert.Equal(["本网格", "相邻网格", "附近"], await page.Locator("#case-detail .candidates h4").AllInnerTextsAsync());
        Assert.Equal(3, await page.Locator(".candidate-list.tier-own_grid .candidate").CountAsync());

        // One line from the case to each candidate, ending where they stand.
        var lines = await page.EvaluateAsync<double[][]>("""
            () => gridmap.candidateLayer.getLayers().filter(l => l instanceof L.Polyline)
                    .map(l => l.getLatLngs().flatMap(p => [p.lng, p.lat]))
            """);
        Assert.Equal(expected.Length, lines.Length);
        Assert.All(lines, line => Assert.Equal([CaseAt.Lon, CaseAt.Lat], line[..2]));
        var standing = await site.ColumnAsync<double[]>(
            "SELECT ARRAY[ST_X(location), ST_Y(location)] FROM staff WHERE on_duty AND location IS NOT NULL ORDER BY ST_X(location), ST_Y(location)");
        Assert.Equal(standing.Select(p => (p[0], p[1])), lines.Select(l => (l[2], l[3])).OrderBy(p => p.Item1).ThenBy(p => p.Item2));
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-leader.png" });
    }

    [Fact]
    public async Task A_reported_case_waits_for_the_command_centre_to_register_it()
    {
        var c = await site.ReportAsync(CaseAt, "电动车楼道充电");
        var page = await site.OpenCasePageAsync(await LeaderPathAsync());

        await OpenCaseAsync(page, c);

        await Expect(page.Locator("#case-detail .case-hint")).ToHaveTextAsync("案件待指挥中心立案，立案后方可指派。");
        await Expect(page.Locator("#case-detail .candidate").First).ToBeVisibleAsync();
        foreach (var button in await page.Locator("#case-detail .candidate button").AllAsync())
            await Expect(button).ToBeDisabledAsync();
    }

    [Fact]
    public async Task From_report_to_assignment_every_browser_watching_sees_each_step_live()
    {
        var street = await site.AreaIdAsync(HepingStreet);
        var command = await site.OpenLiveAsync($"/command.html?area={street}");
        var leader = await site.OpenLiveAsync(await LeaderPathAsync()); // another browser context

        // A case outside the grid (and outside 和平社区): the command centre's street has it, the grid leader not.
        var outside = await site.ReportAsync(InHepingStreetOutsideCommunities, "街边广告牌松动");
        await Expect(command.Locator($"#case-list li[data-case-id='{Id(outside)}']")).ToBeVisibleAsync();

        // Reported through the API: both see it.
        var c = await site.ReportAsync(CaseAt, "楼道灯损坏，老人夜间摔倒");
        await Expect(command.Locator($"#case-list li[data-case-id='{Id(c)}']")).ToHaveCountAsync(1);
        await Expect(leader.Locator($"#case-list li[data-case-id='{Id(c)}']")).ToHaveCountAsync(1);
        // The case outside the grid came first: had the leader's page been sent it, it would be here by now.
        Assert.Equal(0, await leader.Locator($"[data-case-id='{Id(outside)}']").CountAsync());

        // The command centre registers it; the grid leader's list follows.
        await command.Locator($"#case-list li[data-case-id='{Id(c)}'] button").ClickAsync();
        await command.Locator("#case-detail button[data-action='register']").ClickAsync();
        await Expect(leader.Locator($"#case-list li[data-case-id='{Id(c)}'] .case-chip").First).ToHaveTextAsync("已立案");

        // The grid leader sends the nearest grid worker with one click.
        await OpenCaseAsync(leader, c);
        await leader.Locator("#case-detail .candidate", new() { HasText = Worker }).Locator("button").ClickAsync();
        await Expect(leader.Locator("#case-detail .case-message")).ToHaveTextAsync($"已派遣给 {Worker}");

        // The command centre sees the assignment without reloading: list, pin and the open case.
        var item = command.Locator($"#case-list li[data-case-id='{Id(c)}']");
        await Expect(item.Locator(".case-chip").First).ToHaveTextAsync("已派遣");
        await Expect(item).ToContainTextAsync(Worker);
        await Expect(command.Locator($".case-dot[data-case-id='{Id(c)}']")).ToHaveClassAsync(new Regex("status-dispatched"));
        await Expect(command.Locator("#case-detail .case-facts")).ToContainTextAsync($"处置人\n{Worker}", new() { UseInnerText = true });
        // The signed-in user acts: here the admin, in the grid leader's role.
        await Expect(command.Locator(".audit-trail li").Last).ToContainTextAsync("派遣\n已立案 → 已派遣\nadmin（网格长）", new() { UseInnerText = true });

        var now = await site.GetCaseAsync(Id(c));
        Assert.Equal("dispatched", now.GetProperty("status").GetString());
        Assert.Equal(await site.StaffIdAsync(Worker), now.GetProperty("assigneeId").GetInt64());
        await Expect(leader.Locator("#case-detail .candidate.is-assignee .candidate-name")).ToHaveTextAsync(Worker);
        await leader.ScreenshotAsync(new() { Path = "/tmp/gridmap-leader-assigned.png" });
        await command.ScreenshotAsync(new() { Path = "/tmp/gridmap-command-assigned.png" });
    }

    [Fact]
    public async Task Assigning_on_a_stale_version_says_the_case_changed_meanwhile()
    {
        var c = await RegisteredCaseAsync("小区围墙破损");
        var page = await site.OpenCasePageAsync(await LeaderPathAsync());
        await OpenCaseAsync(page, c);
        await Expect(page.Locator("#case-detail .candidate").First).ToBeVisibleAsync();
        // Another leader's change that this page has not heard of yet: made as the first assignment
        // is on its way, so that no read of the page's (its live feed's resync among them) brings it first.
        await page.RouteAsync($"**/api/cases/{Id(c)}/transitions", async route =>
        {
            await site.ExecuteAsync("UPDATE cases SET version = version + 1 WHERE id = $1", Id(c));
            await route.ContinueAsync();
        }, new() { Times = 1 });

        await page.Locator("#case-detail .candidate", new() { HasText = Worker }).Locator("button").ClickAsync();

        await Expect(page.Locator("#case-detail .case-message.is-error")).ToHaveTextAsync("该案件已被他人更改，已重新加载最新内容，请确认后再操作。");
        await Expect(page.Locator("#case-detail")).ToHaveAttributeAsync("data-version", (c.GetProperty("version").GetInt32() + 1).ToString());
        Assert.Equal("registered", (await site.GetCaseAsync(Id(c))).GetProperty("status").GetString());

        await page.Locator("#case-detail .candidate", new() { HasText = Worker }).Locator("button").ClickAsync();
        await Expect(page.Locator("#case-detail .case-message")).ToHaveTextAsync($"已派遣给 {Worker}");
    }

    [Fact]
    public async Task Leader_page_loads_without_errors_or_failed_requests()
    {
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page);

        await site.OpenLiveAsync("/leader.html", page);

        Assert.Empty(errors);
        Assert.Equal("网格长 · 网格地图", await page.TitleAsync());
        Assert.Equal("网格长", await page.Locator("nav.pages a[aria-current='page']").InnerTextAsync());
        // Without ?grid= the first Party-building grid is watched.
        Assert.Equal(await site.ScalarAsync<long>("SELECT min(id) FROM areas WHERE level = 'grid' AND layer = 'party'"),
            long.Parse(new Uri(page.Url).Query.Split('=')[1]));
    }
}
