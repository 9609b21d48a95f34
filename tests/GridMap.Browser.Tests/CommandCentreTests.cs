namespace GridMap.Browser.Tests;

/// <summary>
/// 指挥中心: the live wall map of an area. The cases of these tests lie in 和平社区 (the KPI test
/// keeps 东风社区 to itself, so that its figures are known by construction).
/// </summary>
public class CommandCentreTests(CasesSite site) : IClassFixture<CasesSite>
{
    /// <summary>A deadline as the page shows it: China Standard Time, month/day hour:minute.</summary>
    static string Shown(JsonElement c, string field) => c.GetProperty(field).GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).ToString("MM/dd HH:mm");

    async Task<IPage> OpenHepingCommunityAsync(bool live = true)
    {
        var community = await site.AreaIdAsync(HepingCommunity);
        return live ? await site.OpenLiveAsync($"/command.html?area={community}") : await site.OpenCasePageAsync($"/command.html?area={community}");
    }

    async Task OpenHepingCommunityAsync(IPage page) =>
        await site.OpenLiveAsync($"/command.html?area={await site.AreaIdAsync(HepingCommunity)}", page);

    static async Task<long[]> ShownIdsAsync(IPage page, string selector) =>
        [.. (await page.Locator(selector).EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.caseId)")).Select(long.Parse).Order()];

    [Fact]
    public async Task Case_posted_to_the_API_appears_on_the_map_and_in_the_list()
    {
        var page = await OpenHepingCommunityAsync();
        var outside = await site.ReportAsync(InHepingStreetOutsideCommunities, "社区外井盖缺失");

        // Pins that pulse in, noted as they start (the pulse itself lasts a few seconds only).
        await page.EvaluateAsync("""
            () => {
              window.pulsed = new Set();
              new MutationObserver(changes => changes.forEach(m => { if (m.target.classList.contains('is-new')) pulsed.add(m.target.dataset.caseId); }))
                .observe(document.getElementById('map'), { subtree: true, attributes: true, attributeFilter: ['class'] });
            }
            """);

        var c = await site.ReportAsync(CaseAt, "楼道堆放杂物，影响通行");
        var item = page.Locator($"#case-list li[data-case-id='{Id(c)}']");
        await Expect(page.Locator($".case-dot[data-case-id='{Id(c)}']")).ToHaveCountAsync(1);
        await Expect(item).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("id => pulsed.has(id)", Id(c).ToString());

        Assert.Equal($"#{Id(c)} 环境卫生 已上报 楼道堆放杂物，影响通行 和平第一网格 · 时限 {Shown(c, "deadline")}", Text(await item.InnerTextAsync()));
        // The case outside the community came first: had it been pushed, it would be here by now.
        Assert.Equal(0, await page.Locator($"[data-case-id='{Id(outside)}']").CountAsync());
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-command.png" });
    }

    [Fact]
    public async Task Clicking_a_case_in_the_list_flies_the_map_there_and_opens_it_with_its_audit_trail()
    {
        var c = await site.ReportAsync(InHepingSecondGrid, "路灯不亮", "municipal_facilities");
        var page = await OpenHepingCommunityAsync(live: false);

        await page.Locator($"#case-list li[data-case-id='{Id(c)}'] button").ClickAsync();

        await Expect(page.Locator(".leaflet-popup-content .case-popup h3")).ToHaveTextAsync($"#{Id(c)} 市政设施");
        Assert.True(await page.EvaluateAsync<int>("() => gridmap.map.getZoom()") >= 17);
        var (x, y) = await MapPage.PointOfAsync(page, InHepingSecondGrid.Lon, InHepingSecondGrid.Lat);
        var size = await page.Locator("#map").BoundingBoxAsync();
        Assert.InRange(x, 0, size!.Width);
        Assert.InRange(y, 0, size.Height);
        await Expect(page.Locator($"#case-list li[data-case-id='{Id(c)}']")).ToHaveClassAsync(new Regex("is-selected"));

        var detail = page.Locator("#case-detail");
        await Expect(detail.Locator("h2")).ToHaveTextAsync($"#{Id(c)} 市政设施");
        var facts = Text(await detail.Locator(".case-facts").InnerTextAsync());
        // The case shows its reporter masked, as everywhere (list, live push); the audit trail names them.
        Assert.StartsWith("状态 已上报 类别 市政设施 描述 路灯不亮 位置 和平第二网格 · 和平社区 · 和平街道 上报人 张*", facts);
        var trail = page.Locator(".audit-trail li");
        await Expect(trail).ToHaveCountAsync(1);
        Assert.Equal($"{Shown(c, "reportedAt")} 上报 已上报 张三（上报人）", Text(await trail.InnerTextAsync()));
        await Expect(detail.Locator(".case-buttons button")).ToHaveTextAsync(["立案", "不予立案"]);
    }

    [Fact]
    public async Task Registering_from_the_case_moves_it_and_extends_its_audit_trail()
    {
        var c = await site.ReportAsync(CaseAt, "垃圾桶满溢");
        var page = await OpenHepingCommunityAsync(live: false);
        await page.Locator($"#case-list li[data-case-id='{Id(c)}'] button").ClickAsync();

        await page.Locator("#case-detail button[data-action='register']").ClickAsync();

        await Expect(page.Locator("#case-detail .case-message")).ToHaveTextAsync("操作成功：立案");
        Assert.Equal("registered", (await site.GetCaseAsync(Id(c))).GetProperty("status").GetString());
        await Expect(page.Locator($"#case-list li[data-case-id='{Id(c)}'] .case-chip").First).ToHaveTextAsync("已立案");
        var trail = page.Locator(".audit-trail li");
        await Expect(trail).ToHaveCountAsync(2);
        Assert.Matches(@"^\d\d/\d\d \d\d:\d\d 立案 已上报 → 已立案 admin（指挥中心）$", Text(await trail.Nth(1).InnerTextAsync()));
        // Now the command centre may dispatch, summon departments (吹哨) and nothing else.
        await Expect(page.Locator("#case-detail .case-buttons button")).ToHaveTextAsync(["派遣", "吹哨"]);
    }

    [Fact]
    public async Task A_move_on_a_stale_version_says_the_case_changed_meanwhile_and_reloads_it()
    {
        var c = await site.ReportAsync(CaseAt, "绿化带被占用");
        var page = await OpenHepingCommunityAsync(live: false);
        await page.Locator($"#case-list li[data-case-id='{Id(c)}'] button").ClickAsync();
        await Expect(page.Locator("#case-detail")).ToHaveAttributeAsync("data-version", "1");
        // Someone else changes the case and the page does not hear of it (no event is published).
        await site.ExecuteAsync("UPDATE cases SET description = '绿化带被占用（已核实）', version = version + 1 WHERE id = $1", Id(c));

        await page.Locator("#case-detail button[data-action='register']").ClickAsync();

        await Expect(page.Locator("#case-detail .case-message.is-error")).ToHaveTextAsync("该案件已被他人更改，已重新加载最新内容，请确认后再操作。");
        await Expect(page.Locator("#case-detail")).ToHaveAttributeAsync("data-version", "2");
        Assert.Contains("描述 绿化带被占用（已核实）", Text(await page.Locator("#case-detail .case-facts").InnerTextAsync()));
        Assert.Equal("reported", (await site.GetCaseAsync(Id(c))).GetProperty("status").GetString());

        // On the reloaded version the same move goes through.
        await page.Locator("#case-detail button[data-action='register']").ClickAsync();
        await Expect(page.Locator("#case-detail .case-message")).ToHaveTextAsync("操作成功：立案");
    }

    [Fact]
    public async Task Filters_by_status_category_and_area_keep_pins_and_list_in_step()
    {
        var community = await site.AreaIdAsync(HepingCommunity);
        var secondGrid = await site.AreaIdAsync("和平第二网格");
        await site.ReportAsync(CaseAt, "小区门口积水");
        await site.MoveAsync(await site.ReportAsync(InHepingSecondGrid, "夜间施工噪声", "noise_nuisance"), "register", "command_centre");
        await site.MoveAsync(await site.ReportAsync(InHepingSecondGrid, "重复上报的积水"), "void", "command_centre");
        var page = await OpenHepingCommunityAsync(live: false);

        async Task Check(string status, string category, long? areaId, string where, params object[] values)
        {
            await page.SelectOptionAsync("#filter-status", status);
            await page.SelectOptionAsync("#filter-category", category);
            await page.SelectOptionAsync("#filter-area", areaId?.ToString() ?? "");
            var expected = (await site.ColumnAsync<long>($"SELECT id FROM cases WHERE community_id = $1 AND {where}", [community, .. values])).Order().ToArray();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await ShownIdsAsync(page, "#case-list li[data-case-id]"));
            Assert.Equal(expected, await ShownIdsAsync(page, ".leaflet-marker-pane .case-dot"));
            await Expect(page.Locator("#case-count")).ToHaveTextAsync($"{expected.Length} 件");
        }

        await Check("open", "", null, "status NOT IN ('closed', 'voided')");
        await Check("all", "noise_nuisance", null, "category_code = 'noise_nuisance'");
        await Check("all", "", secondGrid, "grid_id = $2", secondGrid);
        await Check("voided", "", null, "status = 'voided'");
        await Check("registered", "noise_nuisance", secondGrid, "status = 'registered' AND category_code = 'noise_nuisance' AND grid_id = $2", secondGrid);
    }

    [Fact]
    public async Task Overdue_case_turns_red_when_the_watcher_reports_it()
    {
        var page = await OpenHepingCommunityAsync();
        var c = await site.ReportAsync(CaseAt, "井盖破损，存在隐患", "safety_hazard");
        var pin = page.Locator($".case-dot[data-case-id='{Id(c)}']");
        await Expect(pin).ToBeVisibleAsync();
        await Expect(pin).Not.ToHaveClassAsync(new Regex("is-overdue"));

        // The dispatch deadline passes; the watcher (every second here) marks it and pushes the change.
        await site.ExecuteAsync("UPDATE cases SET dispatch_due = now() - interval '1 minute' WHERE id = $1", Id(c));

        await Expect(pin).ToHaveClassAsync(new Regex("is-overdue"));
        Assert.Equal("rgb(213, 0, 0)", await pin.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        var item = page.Locator($"#case-list li[data-case-id='{Id(c)}']");
        await Expect(item.Locator(".case-chip.is-overdue")).ToHaveTextAsync("已超期");
        Assert.Equal("rgb(213, 0, 0)", await item.EvaluateAsync<string>("e => getComputedStyle(e).borderLeftColor"));

        await page.SelectOptionAsync("#filter-status", "overdue");
        var overdue = await site.ColumnAsync<long>("SELECT id FROM cases WHERE overdue_notified_at IS NOT NULL AND status NOT IN ('closed', 'voided') AND community_id = $1",
            await site.AreaIdAsync(HepingCommunity));
        var shown = await ShownIdsAsync(page, "#case-list li[data-case-id]");
        Assert.Equal(overdue.Order(), shown);
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-command-overdue.png" });
    }

    [Fact]
    public async Task Evaluation_panel_ranks_the_grids_of_the_area()
    {
        // 东风社区, by construction: in 东风第一网格 one case closed on time; in 东风第二网格 one case
        // with its handler past the handling deadline. Due 2, closed 1 (on time), overdue open 1.
        var worker = await site.StaffIdAsync(DongfengWorker);
        var closed = await site.ReportAsync(InDongfengFirstGrid, "健身器材损坏", "municipal_facilities");
        foreach (var (action, role, extra) in new (string, string, object?)[]
        {
            ("register", "command_centre", null), ("dispatch", "grid_leader", new { assigneeId = worker }), ("accept", "grid_worker", null),
            ("submit_feedback", "grid_worker", null), ("begin_check", "command_centre", null), ("close", "command_centre", null),
        })
            closed = await site.MoveAsync(closed, action, role, extra);
        var late = await site.ReportAsync(InDongfengSecondGrid, "楼顶违章搭建", "illegal_construction");
        late = await site.MoveAsync(await site.MoveAsync(late, "register", "command_centre"), "dispatch", "grid_leader", new { assigneeId = worker });
        await site.ExecuteAsync("UPDATE cases SET handling_due = now() - interval '1 hour' WHERE id = $1", Id(late));

        var page = await site.OpenCasePageAsync($"/command.html?area={await site.AreaIdAsync("东风社区")}");

        var tiles = page.Locator("#kpi-body .kpi-tile");
        await Expect(tiles).ToHaveCountAsync(4);
        Assert.Equal(["2 应结案数", "50% 结案率", "50% 按期结案率", "1 超期未结"], (await tiles.AllInnerTextsAsync()).Select(Text));
        var rows = await page.Locator("#kpi-body .kpi-ranking tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [...r.cells].map(c => c.textContent))");
        Assert.Equal([["1", "东风第一网格", "1", "100%", "100%", "0"], ["2", "东风第二网格", "1", "0%", "0%", "1"]], rows);
    }

    [Fact]
    public async Task On_a_short_screen_the_mouse_wheel_brings_the_case_list_into_view()
    {
        var c = await site.ReportAsync(CaseAt, "小区门口路面塌陷");
        var page = await site.OpenCasePageAsync($"/command.html?area={await site.AreaIdAsync(District)}");
        var item = page.Locator($"#case-list li[data-case-id='{Id(c)}']");
        await Expect(item).ToHaveCountAsync(1);
        // Shorter than the side panel's filters, counts and evaluation: the panel once clipped the list below them, out of the wheel's reach.
        await page.SetViewportSizeAsync(1280, 320);
        await Expect(item).Not.ToBeInViewportAsync();

        var side = (await page.Locator("aside.side").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(side.X + side.Width / 2, side.Y + 10);
        for (var turns = 0; turns < 20 && !await item.EvaluateAsync<bool>("e => e.getBoundingClientRect().top < innerHeight"); turns++)
            await page.Mouse.WheelAsync(0, 150);
        await Expect(item).ToBeInViewportAsync();
    }

    [Fact]
    public async Task While_cases_keep_changing_the_evaluation_is_asked_for_at_most_once_a_period_and_within_one_period_of_each_change()
    {
        var page = await site.NewPageAsync();
        // The page's clock runs as usual while it loads; then it moves only when the test moves it,
        // so the stream below is steady whatever the machine's load.
        await page.Clock.InstallAsync();
        await OpenHepingCommunityAsync(page);
        await Expect(page.Locator("#kpi-body .kpi-tile")).ToHaveCountAsync(4);
        var period = await page.EvaluateAsync<long>("async () => (await import('/js/kpis.js')).REFRESH_MS");
        await page.EvaluateAsync("""
            () => {
              document.querySelector('#kpi-body .kpi-ranking').dataset.before = 'stream';
              window.kpiAsked = [];
              const fetch = window.fetch;
              window.fetch = (url, ...rest) => {
                if (new URL(url, location.href).pathname === '/api/kpis') kpiAsked.push(Date.now());
                return fetch(url, ...rest);
              };
            }
            """);
        await page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds(await page.EvaluateAsync<long>("() => Date.now()") + 1000).ToString("o"));

        // A change in the area every sixth of a period, for more than two periods.
        var step = period / 6;
        var changedAt = new List<long>();
        // The hub's client pings the server on the page's timers, which stand still with its clock;
        // the server drops a client it has not heard from in 30 s of real time (SignalR's
        // ClientTimeoutInterval), which a slow machine can spend in this loop. So every 5 s of real
        // time the clock runs on by the client's ping interval, 15 s, and the client pings. More
        // time between changes leaves what is asserted below as it is.
        var sincePing = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 15; i++)
        {
            var c = await site.ReportAsync(CaseAt, $"连续上报第{i + 1}件");
            await Expect(page.Locator($"#case-list li[data-case-id='{Id(c)}']")).ToHaveCountAsync(1);
            changedAt.Add(await page.EvaluateAsync<long>("() => Date.now()"));
            await page.Clock.RunForAsync(step);
            if (sincePing.Elapsed > TimeSpan.FromSeconds(5))
            {
                await page.Clock.RunForAsync(15_000);
                sincePing.Restart();
            }
        }
        await page.Clock.RunForAsync(period);

        var asked = await page.EvaluateAsync<long[]>("() => kpiAsked");
        foreach (var at in changedAt)
            Assert.True(asked.Any(a => a >= at && a <= at + period), $"no evaluation asked for within {period} ms of the change at {at}: asked at [{string.Join(", ", asked)}]");
        foreach (var (earlier, later) in asked.Zip(asked.Skip(1)))
            Assert.True(later - earlier >= period, $"asked at {earlier} and again at {later}, within {period} ms");
        // What the user sees: the panel drawn again from a new answer.
        await Expect(page.Locator("#kpi-body .kpi-ranking:not([data-before])")).ToHaveCountAsync(1);
        await page.Clock.ResumeAsync();
    }

    [Fact]
    public async Task Choosing_another_area_watches_it_alone_and_puts_it_in_the_address()
    {
        var page = await site.OpenLiveAsync("/command.html");
        var community = await site.AreaIdAsync(HepingCommunity);

        await page.SelectOptionAsync("#area", community.ToString());

        await Expect(page).ToHaveURLAsync(new Regex($"[?&]area={community}$"), MapPage.Navigated);
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        var expected = (await site.ColumnAsync<long>(
            "SELECT id FROM cases WHERE community_id = $1 AND status NOT IN ('closed', 'voided')", community)).Order().ToArray();
        await Expect(page.Locator("#case-list li[data-case-id]")).ToHaveCountAsync(expected.Length);
        Assert.Equal(expected, await ShownIdsAsync(page, "#case-list li[data-case-id]"));
        // Live: a case in the community comes in; one in the street around it does not.
        var outside = await site.ReportAsync(InHepingStreetOutsideCommunities, "街道空地堆放建筑垃圾");
        var inside = await site.ReportAsync(CaseAt, "单元门禁损坏");
        await Expect(page.Locator($"#case-list li[data-case-id='{Id(inside)}']")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator($"[data-case-id='{Id(outside)}']").CountAsync());
    }

    [Fact]
    public async Task Wall_mode_goes_full_screen_with_larger_text_and_without_controls()
    {
        var page = await OpenHepingCommunityAsync(live: false);
        var before = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('#case-list')).fontSize)");

        await page.GetByRole(AriaRole.Button, new() { Name = "大屏模式" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveClassAsync(new Regex("wall"));
        await page.WaitForFunctionAsync("() => document.fullscreenElement === document.documentElement");
        var after = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('#case-list')).fontSize)");
        Assert.True(after >= 1.3 * before, $"font size {before} px → {after} px");
        foreach (var control in new[] { "#filters", "nav.pages", "#area", "#lang-switch", ".leaflet-control-zoom" })
            await Expect(page.Locator(control)).ToBeHiddenAsync();
        await Expect(page.Locator("#case-list")).ToBeVisibleAsync();
        await Expect(page.Locator("#kpis")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-command-wall.png" });

        await page.GetByRole(AriaRole.Button, new() { Name = "退出大屏" }).ClickAsync();

        await Expect(page.Locator("html")).Not.ToHaveClassAsync(new Regex("wall"));
        await page.WaitForFunctionAsync("() => document.fullscreenElement === null");
        await Expect(page.Locator("#filters")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task After_a_dropped_connection_the_page_subscribes_again_from_its_last_seq_and_catches_up()
    {
        var page = await site.NewPageAsync();
        // Keeps the page's WebSockets at hand, so that the test can drop the live connection.
        await page.AddInitScriptAsync("""
            window.__sockets = [];
            window.WebSocket = class extends WebSocket { constructor(...args) { super(...args); window.__sockets.push(this); } };
            """);
        var community = await site.AreaIdAsync(HepingCommunity);
        await site.OpenLiveAsync($"/command.html?area={community}", page);
        var first = await site.ReportAsync(CaseAt, "自行车乱停放");
        await Expect(page.Locator($"#case-list li[data-case-id='{Id(first)}']")).ToBeVisibleAsync();
        var connection = await page.EvaluateAsync<string>("() => gridmap.live.connectionId");
        var listLoads = 0;
        page.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath == "/api/cases") listLoads++; };

        // The connection drops and cannot come back for a while; a case is reported meanwhile.
        var refused = 0;
        await page.RouteAsync("**/hubs/live/negotiate**", route => { Interlocked.Increment(ref refused); return route.AbortAsync(); });
        await page.EvaluateAsync("() => window.__sockets.at(-1).close(4000, 'dropped by the test')");
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "reconnecting");
        var missed = await site.ReportAsync(CaseAt, "共享单车堵塞消防通道");
        // The page tries again after the case was committed and is refused: it has missed it.
        var refusedBefore = Volatile.Read(ref refused);
        for (var giveUp = DateTime.UtcNow.AddMinutes(1); Volatile.Read(ref refused) == refusedBefore;)
        {
            Assert.True(DateTime.UtcNow < giveUp, "the page never tried to reconnect");
            await Task.Delay(50);
        }
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "reconnecting");
        Assert.Equal(0, await page.Locator($"[data-case-id='{Id(missed)}']").CountAsync());
        await page.UnrouteAsync("**/hubs/live/negotiate**");

        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator($"#case-list li[data-case-id='{Id(missed)}']")).ToBeVisibleAsync();
        Assert.NotEqual(connection, await page.EvaluateAsync<string>("() => gridmap.live.connectionId"));
        Assert.Equal(0, listLoads); // replayed by the hub from the last seq, not reloaded
        var after = await site.ReportAsync(CaseAt, "路边摊占道经营");
        await Expect(page.Locator($"#case-list li[data-case-id='{Id(after)}']")).ToBeVisibleAsync();
        foreach (var c in new[] { first, missed, after })
            await Expect(page.Locator($"#case-list li[data-case-id='{Id(c)}']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_case_changed_while_the_first_cases_are_read_shows_as_changed()
    {
        var c = await site.ReportAsync(CaseAt, "消防通道被占用");
        var page = await site.NewPageAsync();
        // The push of the change, as it reaches the page.
        var pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Text is { } text && text.Contains("\"target\":\"caseChanged\"") && text.Contains($"\"id\":{Id(c)},")) pushed.TrySetResult();
        };
        // Every read of the first cases runs before the case is registered, and its answer reaches
        // the page only after the push of that change: the answer is older than what the page heard.
        var changed = new Lazy<Task>(async () =>
        {
            await site.MoveAsync(c, "register", "command_centre");
            await pushed.Task;
        });
        await page.RouteAsync(url => new Uri(url).AbsolutePath == "/api/cases", async route =>
        {
            var response = await route.FetchAsync();
            await changed.Value;
            await route.FulfillAsync(new() { Response = response });
        });

        await site.OpenLiveAsync($"/command.html?area={await site.AreaIdAsync(HepingCommunity)}", page);

        Assert.True(changed.IsValueCreated, "the page read no cases");
        await Expect(page.Locator($"#case-list li[data-case-id='{Id(c)}'] .case-chip").First).ToHaveTextAsync("已立案");
    }

    [Fact]
    public async Task Command_centre_speaks_English_after_the_switch()
    {
        var c = await site.ReportAsync(CaseAt, "Blocked drain");
        var page = await OpenHepingCommunityAsync(live: false);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        Assert.Equal("Command centre · GridMap", await page.TitleAsync());
        Assert.Equal(["Map", "Command centre", "Grid leader", "Service radius planner", "Evaluation", "Edit", "Import"], await page.Locator("nav.pages a").AllInnerTextsAsync());
        await Expect(page.Locator("#kpi-title")).ToHaveTextAsync("Evaluation (last 30 days)");
        await Expect(page.Locator("#wall-switch")).ToHaveTextAsync("Wall mode");
        var item = page.Locator($"#case-list li[data-case-id='{Id(c)}']");
        Assert.StartsWith($"#{Id(c)} Environmental sanitation Reported Blocked drain", Text(await item.InnerTextAsync()));
        await item.Locator("button").ClickAsync();
        await Expect(page.Locator("#case-detail .case-buttons button")).ToHaveTextAsync(["Register", "Void"]);
        await Expect(page.Locator(".audit-trail li")).ToContainTextAsync("张三 (Reporter)");
    }

    [Fact]
    public async Task Command_centre_loads_without_errors_or_failed_requests()
    {
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page);

        await site.OpenLiveAsync("/command.html", page);

        Assert.Empty(errors);
        Assert.Equal("", await page.Locator("#status").InnerTextAsync());
        Assert.Equal(await site.AreaIdAsync(District), long.Parse(new Uri(page.Url).Query.Split('=')[1]));
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-command-district.png" });
    }
}
