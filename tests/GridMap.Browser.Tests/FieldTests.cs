using static GridMap.Browser.Tests.Support.FieldSite;

namespace GridMap.Browser.Tests;

/// <summary>
/// The people in the field on their phones (390 × 844): a grid worker's tasks, also without signal,
/// a resident's report, and what the command centre sees of them.
/// </summary>
public partial class FieldTests(FieldSite site) : IClassFixture<FieldSite>
{
    /// <summary>What goes wrong on a page that is offline on purpose: the browser's own notes of requests that could not go out are expected.</summary>
    static List<string> ErrorsBesidesOffline(IPage page) => Errors(page, failedRequests: false);
    static IEnumerable<string> Unexpected(List<string> errors) => errors.Where(e => !e.Contains("ERR_INTERNET_DISCONNECTED"));

    static ILocator Card(IPage page, long id) => page.Locator($"#tasks li[data-case-id='{id}']");

    [Fact]
    public async Task A_worker_without_signal_accepts_and_reports_back_and_both_moves_go_out_once_when_it_returns()
    {
        var c = await site.DispatchedAsync("井盖松动");
        var page = await site.OpenFieldAsync("/worker.html", WorkerUser);
        var errors = ErrorsBesidesOffline(page);
        var card = Card(page, Id(c));
        await Expect(card.Locator("button[data-action]")).ToHaveTextAsync(["签收", "退回"]);

        await page.Context.SetOfflineAsync(true);
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline");
        await card.Locator("button[data-action='accept']").ClickAsync();
        // Waiting, the case offers what comes after 签收: report back (or ask for more time).
        await Expect(card.Locator(".waiting")).ToHaveTextAsync(["待发送：签收"]);
        await Expect(card.Locator("button[data-action]")).ToHaveTextAsync(["申请延期", "处置反馈"]);
        await card.GetByLabel("说明（退回原因、延期理由或处置情况）").FillAsync("已重新固定井盖");
        await card.Locator("button[data-action='submit_feedback']").ClickAsync();
        await Expect(page.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "2");
        await Expect(page.Locator("#outbox .outbox-list li")).ToHaveTextAsync([$"#{Id(c)} 签收", $"#{Id(c)} 处置反馈"]);
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-worker-offline.png", FullPage = true });
        Assert.Equal("dispatched", (await site.GetCaseAsync(Id(c))).GetProperty("status").GetString());

        await page.Context.SetOfflineAsync(false);

        await Expect(page.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "0");
        var after = await site.GetCaseAsync(Id(c));
        Assert.Equal("feedback_submitted", after.GetProperty("status").GetString());
        var moves = await site.ColumnAsync<string>("SELECT action || ':' || coalesce(note, '') FROM case_events WHERE case_id = $1 ORDER BY seq", Id(c));
        Assert.Equal(["report:", "register:", "dispatch:", "accept:", "submit_feedback:已重新固定井盖"], moves);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_workers_tasks_are_listed_what_to_do_next_first_the_nearest_deadline_first()
    {
        // Parked, overdue, yet nothing for the worker to do until the command centre takes it up again.
        var parked = await site.DispatchedAsync("违规广告牌");
        parked = await site.MoveAsync(await site.MoveAsync(parked, "accept", "grid_worker"), "park", "command_centre", new { note = "待产权单位确认" });
        // The sooner due reported before the later: newest first would list it second.
        var sooner = await site.DispatchedAsync("下水道堵塞");
        var later = await site.DispatchedAsync("路灯不亮");
        await site.ExecuteAsync("UPDATE cases SET handling_due = now() - interval '1 hour' WHERE id = $1", Id(parked));
        await site.ExecuteAsync("UPDATE cases SET handling_due = now() + interval '3 days' WHERE id = $1", Id(later));
        await site.ExecuteAsync("UPDATE cases SET handling_due = now() + interval '2 hours' WHERE id = $1", Id(sooner));
        var page = await site.OpenFieldAsync("/worker.html", WorkerUser);

        var shown = (await page.Locator("#tasks li[data-case-id]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.caseId)")).Select(long.Parse).ToList();
        Assert.True(shown.IndexOf(Id(sooner)) < shown.IndexOf(Id(later)) && shown.IndexOf(Id(later)) < shown.IndexOf(Id(parked)), $"shown: {string.Join(", ", shown)}");
        // Every task on the phone, by the database's account (the tests before this one left theirs):
        // those waiting on someone else last, each the nearest deadline first, then the newest.
        Assert.Equal(await site.ColumnAsync<long>("""
            SELECT id FROM cases WHERE id = ANY ($1)
            ORDER BY status IN ('parked', 'feedback_submitted', 'checking'), coalesce(handling_due, dispatch_due) NULLS LAST, id DESC
            """, shown.ToArray()), shown);
    }

    [Fact]
    public async Task A_task_in_another_grid_names_where_it_lies_which_the_workers_own_areas_do_not_hold()
    {
        var c = await site.DispatchedAsync("路边井盖缺失", at: InDongfengFirstGrid);
        var page = await site.OpenWithSlowNamesAsync("/worker.html", WorkerUser);

        // Named once the page is ready, not drawn again after: a card drawn anew is a new link under a tap aimed at the old one.
        Assert.Contains("东风第一网格 · 东风社区 · 东风街道", await Card(page, Id(c)).Locator(".case-facts").InnerTextAsync());
        await Expect(Card(page, Id(c)).Locator(".case-facts")).ToContainTextAsync(Worker);
    }

    [Fact]
    public async Task A_task_cards_map_link_opens_the_map_on_the_case_with_its_pin_and_popup()
    {
        var c = await site.DispatchedAsync("路灯不亮", at: InDongfengFirstGrid);
        var page = await site.OpenFieldAsync("/worker.html", WorkerUser);

        await Card(page, Id(c)).GetByRole(AriaRole.Link, new() { Name = "在地图上查看" }).ClickAsync();

        await page.WaitForURLAsync($"**/index.html?case={Id(c)}", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("#map[data-ready='true']", new() { Timeout = 30_000 });
        await Expect(page.Locator($".case-pin [data-case-id='{Id(c)}']")).ToBeVisibleAsync();
        var popup = page.Locator(".leaflet-popup-content");
        await Expect(popup).ToContainTextAsync("路灯不亮");
        await Expect(popup).ToContainTextAsync("东风第一网格");
        var view = await page.EvaluateAsync<double[]>("() => { const c = gridmap.map.getCenter(); return [c.lng, c.lat, gridmap.map.getZoom()]; }");
        Assert.Equal(InDongfengFirstGrid.Lon, view[0], 3);
        Assert.Equal(InDongfengFirstGrid.Lat, view[1], 3);
        Assert.Equal(17, view[2]);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...gridmap.failed]"));
        // The grid it lies in outlined, which the worker's own areas do not hold.
        Assert.Equal(1, await page.EvaluateAsync<int>("() => gridmap.counts.caseArea"));
        await Expect(page.Locator(".leaflet-control-layers-overlays")).ToContainTextAsync("案件所在区域");

        // The map's title bar leads back to the tasks.
        await Expect(page.Locator("header nav.pages a")).ToHaveTextAsync(["我的任务", "地图"]);
        await page.GetByRole(AriaRole.Link, new() { Name = "我的任务" }).ClickAsync();
        await Expect(Card(page, Id(c))).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_workers_map_pins_its_open_tasks_and_widens_to_show_them_all()
    {
        var elsewhere = await site.DispatchedAsync("树枝折断挡路", at: InDongfengFirstGrid);
        var page = await site.OpenFieldAsync("/", WorkerUser, serviceWorkers: false);

        var pinned = (await page.Locator(".case-pin [data-case-id]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.caseId)")).Select(long.Parse).Order().ToList();
        Assert.Equal(await site.ColumnAsync<long>("SELECT id FROM cases WHERE assignee_id = $1 AND NOT case_finished(status) ORDER BY id", await site.StaffIdAsync(Worker)), pinned);
        Assert.Contains(Id(elsewhere), pinned);
        Assert.Equal(pinned.Count, await page.EvaluateAsync<int>("() => gridmap.counts.tasks"));
        // Each in view, the one in another grid too, with the worker's own grid.
        var outOfView = await page.EvaluateAsync<string[]>("""
            () => {
              const map = document.getElementById('map').getBoundingClientRect();
              return [...document.querySelectorAll('.case-pin [data-case-id]')].filter(pin => {
                const r = pin.getBoundingClientRect();
                return r.left < map.left || r.right > map.right || r.top < map.top || r.bottom > map.bottom;
              }).map(pin => pin.dataset.caseId);
            }
            """);
        Assert.Empty(outOfView);
        Assert.True(await page.EvaluateAsync<int>("() => gridmap.counts.grid") > 0);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...gridmap.failed]"));
    }

    [Fact]
    public async Task On_a_workers_phone_the_maps_legends_and_exports_start_folded_and_open_from_the_keyboard()
    {
        await site.DispatchedAsync("井盖缺失");
        var page = await site.OpenFieldAsync("/", WorkerUser, serviceWorkers: false);

        // Folded to their titles, so that together they leave the map to the pins.
        var boxes = page.Locator(".leaflet-control-container details");
        await Expect(boxes.Locator("summary")).ToHaveTextAsync(["导出", "案件状态", "图例"]);
        Assert.All(await boxes.EvaluateAllAsync<bool[]>("els => els.map(e => e.open)"), Assert.False);
        var covered = await page.EvaluateAsync<double>("""
            () => {
              const map = document.getElementById('map').getBoundingClientRect();
              const boxes = [...document.querySelectorAll('.leaflet-control-container details')].map(d => d.getBoundingClientRect());
              return boxes.reduce((sum, r) => sum + r.width * r.height, 0) / (map.width * map.height);
            }
            """);
        Assert.True(covered < 0.06, $"the folded boxes cover {covered:P0} of the map");

        // The cases' legend, opened from the keyboard, names each pin's colour; the territory's is there too.
        var cases = page.Locator("details.case-legend");
        await cases.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(cases).ToHaveJSPropertyAsync("open", true);
        await Expect(cases.Locator("li")).ToContainTextAsync(["已派遣", "已超期"]);
        // The dispatched task's pin has the colour of the row that names it.
        await Expect(page.Locator(".case-pin .status-dispatched").First).ToBeVisibleAsync();
        await Expect(cases.Locator("li", new() { HasText = "已派遣" }).Locator(".status-dispatched")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(cases).ToHaveJSPropertyAsync("open", false);
        await page.Locator("details.legend:not(.case-legend) summary").ClickAsync();
        await Expect(page.Locator("details.legend:not(.case-legend) li")).ToContainTextAsync(["网格", "党员示范户"]);
    }

    [Fact]
    public async Task A_worker_sees_only_the_cases_assigned_to_them_with_the_reporter_masked()
    {
        var mine = await site.DispatchedAsync("消防栓漏水");
        var others = await site.DispatchedAsync("消防栓被遮挡", staff: "张伟");
        var page = await site.OpenFieldAsync("/worker.html", WorkerUser);

        await Expect(Card(page, Id(mine)).Locator(".case-facts")).ToContainTextAsync("上报人张*");
        Assert.DoesNotContain("张三", await Card(page, Id(mine)).InnerTextAsync());
        // Every case drawn is this worker's, by the database's own account.
        var shown = (await page.Locator("#tasks li[data-case-id]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.caseId)")).Select(long.Parse).Order();
        var assigned = await site.ColumnAsync<long>("SELECT id FROM cases WHERE assignee_id = $1 AND status NOT IN ('closed', 'voided') ORDER BY id", await site.StaffIdAsync(Worker));
        Assert.Equal(assigned, shown);
        Assert.DoesNotContain(Id(others), shown);
    }

    [Fact]
    public async Task A_workers_phone_reads_and_keeps_only_their_open_tasks()
    {
        // A year of a worker's cases is mostly closed ones, which the phone shows none of.
        async Task<JsonElement> ClosedAsync(JsonElement c)
        {
            foreach (var (action, role) in new[] { ("accept", "grid_worker"), ("submit_feedback", "grid_worker"), ("begin_check", "command_centre"), ("close", "command_centre") })
                c = await site.MoveAsync(c, action, role);
            return c;
        }
        var open = await site.DispatchedAsync("路灯不亮");
        var closed = await ClosedAsync(await site.DispatchedAsync("垃圾桶满溢"));
        var page = await site.OpenFieldAsync("/worker.html", WorkerUser);
        await page.WaitForFunctionAsync("() => window.gridmap");
        Task<long[]> StoredAsync() => page.EvaluateAsync<long[]>("() => JSON.parse(localStorage.getItem('gridmap.worker.tasks')).map(c => c.id)");

        var kept = (await page.EvaluateAsync<long[]>("() => window.gridmap.tasks.values.map(c => c.id)")).Order();
        var stored = (await StoredAsync()).Order();
        var openAssigned = await site.ColumnAsync<long>("SELECT id FROM cases WHERE assignee_id = $1 AND status NOT IN ('closed', 'voided') ORDER BY id", await site.StaffIdAsync(Worker));
        Assert.Contains(Id(open), openAssigned);
        Assert.Equal(openAssigned, kept);
        Assert.Equal(openAssigned, stored);
        Assert.DoesNotContain(Id(closed), kept);

        // Closed while the page is open, the case leaves what it keeps too.
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        open = await ClosedAsync(open);
        await page.WaitForFunctionAsync($"() => !window.gridmap.tasks.has({Id(open)})");
        await Expect(Card(page, Id(open))).ToHaveCountAsync(0);
        Assert.DoesNotContain(Id(open), await StoredAsync());
    }

    [Fact]
    public async Task A_move_refused_by_the_server_stays_in_the_outbox_with_the_reason_until_discarded()
    {
        var c = await site.DispatchedAsync("路面塌陷");
        var page = await site.PhoneAsync(WorkerUser, serviceWorkers: false);
        // Meanwhile the command centre takes the case back: the worker's 签收 is on a version that is
        // gone. Changed as the 签收 is on its way, so that no read of the page's (a resync of its
        // live feed among them) can have brought the new version first.
        await page.RouteAsync($"**/api/cases/{Id(c)}/transitions", async route =>
        {
            await site.ExecuteAsync("UPDATE cases SET version = version + 1 WHERE id = $1", Id(c));
            await route.ContinueAsync();
        }, new() { Times = 1 });
        await page.GotoAsync(site.BaseUrl + "/worker.html");
        await ReadyAsync(page);

        await Card(page, Id(c)).Locator("button[data-action='accept']").ClickAsync();

        var item = page.Locator("#outbox .outbox-list li.is-failed");
        await Expect(item.Locator(".outbox-failed")).ToHaveTextAsync("被拒绝：该案件已被他人更改，已重新加载最新内容，请确认后再操作。");
        await item.GetByRole(AriaRole.Button, new() { Name = "放弃" }).ClickAsync();
        await Expect(page.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "0");
        Assert.Equal("dispatched", (await site.GetCaseAsync(Id(c))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Going_on_duty_shares_the_phones_position()
    {
        var worker = await site.StaffIdAsync(Worker);
        await site.ExecuteAsync("UPDATE staff SET on_duty = false WHERE id = $1", worker);
        var page = await site.OpenFieldAsync("/worker.html", WorkerUser, InHepingSecondGrid);
        var duty = page.Locator("#duty-switch");
        await Expect(duty).ToHaveAttributeAsync("aria-pressed", "false");

        await duty.ClickAsync();

        await Expect(duty).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#duty-state")).ToContainTextAsync("位置已共享");
        // The switch goes out through the outbox and the position straight away: either may land first.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await site.ScalarAsync<bool>("SELECT on_duty FROM staff WHERE id = $1", worker) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.True(await site.ScalarAsync<bool>("SELECT on_duty FROM staff WHERE id = $1", worker));
        var at = await site.ColumnAsync<double>("SELECT unnest(ARRAY[ST_X(location), ST_Y(location)]) FROM staff WHERE id = $1", worker);
        Assert.Equal([InHepingSecondGrid.Lon, InHepingSecondGrid.Lat], at.Select(v => Math.Round(v, 6)));
        await site.ExecuteAsync("UPDATE staff SET on_duty = true, location = ST_SetSRID(ST_MakePoint(116.3265, 39.9150), 4326) WHERE id = $1", worker);
    }

    [Fact]
    public async Task A_patrol_report_made_without_signal_is_filed_once_when_the_signal_returns()
    {
        var page = await site.OpenFieldAsync("/worker.html", WorkerUser, CaseAt);
        await page.Context.SetOfflineAsync(true);
        var form = page.Locator("#patrol-form");
        await form.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "环境卫生" });
        await form.GetByLabel("问题描述").FillAsync("巡查发现垃圾堆放");
        await form.GetByRole(AriaRole.Button, new() { Name = "上报" }).ClickAsync();
        await Expect(page.Locator("#outbox .outbox-list li")).ToHaveTextAsync(["巡查上报：环境卫生"]);

        await page.Context.SetOfflineAsync(false);

        await Expect(page.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "0");
        var ids = await site.ColumnAsync<long>("SELECT id FROM cases WHERE description = '巡查发现垃圾堆放'");
        Assert.Single(ids);
        await Expect(page.Locator($"#patrols li[data-case-id='{ids[0]}']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_resident_taps_the_place_sees_its_grid_and_gets_a_receipt_with_the_tracking_code()
    {
        var page = await site.OpenFieldAsync("/report.html", Reporter);
        var errors = Errors(page);
        await PickPlaceAsync(page, CaseAt);
        await Expect(page.Locator("#where")).ToContainTextAsync(HepingFirstGrid);

        await FillReportAsync(page, "小区门口垃圾没人清");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.Locator("#receipt")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-report.png", FullPage = true });
        var id = await site.ScalarAsync<long>("SELECT id FROM cases WHERE description = '小区门口垃圾没人清'");
        await Expect(page.Locator("#receipt-code")).ToHaveTextAsync(id.ToString());
        var lonLat = await site.ColumnAsync<double>("SELECT unnest(ARRAY[ST_X(location), ST_Y(location)]) FROM cases WHERE id = $1", id);
        Assert.InRange(lonLat[0], CaseAt.Lon - 0.0001, CaseAt.Lon + 0.0001);
        Assert.InRange(lonLat[1], CaseAt.Lat - 0.0001, CaseAt.Lat + 0.0001);
        Assert.Empty(errors);
    }

    /// <summary>WCAG 2.5.5: every control a thumb must hit is at least 44 × 44 CSS pixels; the page is in English at a click.</summary>
    [Theory]
    [InlineData("/worker.html", WorkerUser, "Duty")]
    [InlineData("/report.html", Reporter, "Report a problem")]
    [InlineData("/dept.html", DepartmentUser, "Summonses")]
    public async Task A_field_page_has_touch_sized_controls_and_switches_to_English(string path, string user, string heading)
    {
        await site.DispatchedAsync("触控测试");
        var page = await site.OpenFieldAsync(path, user);
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button, select, a, input:not([type=file]), .photo-add')]
              .filter(e => e.offsetParent !== null && !e.closest('.leaflet-control-attribution'))
              .map(e => [e, e.getBoundingClientRect()])
              .filter(([, r]) => r.width < 44 || r.height < 44)
              .map(([e, r]) => `${e.outerHTML.slice(0, 60)} ${r.width}x${r.height}`)
            """);
        Assert.Empty(small);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the page scrolls sideways on a phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page.Locator("main h2").First).ToContainTextAsync(heading);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        if (user == DepartmentUser) await Expect(page.Locator("#department-name")).ToHaveTextAsync("Urban Management and Law Enforcement Bureau");
    }

    [Theory]
    [InlineData(WorkerUser, "/report.html", "/worker.html")]
    [InlineData(Reporter, "/worker.html", "/report.html")]
    [InlineData(Reporter, "/", "/report.html")]
    [InlineData(Leader, "/worker.html", "/leader.html")]
    [InlineData(Leader, "/dept.html", "/leader.html")]
    public async Task A_field_page_opens_only_for_its_role(string user, string asked, string landed)
    {
        var page = await site.PhoneAsync(user);
        await page.GotoAsync(site.BaseUrl + asked);
        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(site.BaseUrl + landed) + @"(\?.*)?$"), MapPage.Navigated);
    }

    [Fact]
    public async Task Signed_out_a_field_page_sends_to_sign_in_and_back()
    {
        var page = await site.NewPageAsync(user: null, phone: true);
        await page.GotoAsync(site.BaseUrl + "/report.html");
        await Expect(page).ToHaveURLAsync(site.BaseUrl + "/login.html?next=%2Freport.html", MapPage.Navigated);
        await MapPage.SignInAsync(page, Reporter);
        await Expect(page).ToHaveURLAsync(site.BaseUrl + "/report.html", MapPage.Navigated);
    }

    [Fact]
    public async Task The_app_installs_a_manifest_and_a_service_worker_that_opens_the_worker_page_without_signal()
    {
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        var manifest = await http.GetAsync("/manifest.webmanifest");
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType?.MediaType);
        var worker = await http.GetAsync("/sw.js");
        Assert.Equal("text/javascript", worker.Content.Headers.ContentType?.MediaType);
        foreach (var icon in new[] { "/icons/icon-192.png", "/icons/icon-512.png" })
            Assert.Equal("image/png", (await http.GetAsync(icon)).Content.Headers.ContentType?.MediaType);

        var page = await site.OpenFieldAsync("/worker.html", WorkerUser);
        await page.WaitForFunctionAsync("async () => (await navigator.serviceWorker.ready).active?.state === 'activated'");
        await page.Context.SetOfflineAsync(true);
        await page.ReloadAsync();

        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline");
        await Expect(page.Locator("#tasks-title")).ToContainTextAsync("我的任务");
        await page.Context.SetOfflineAsync(false);
    }
}
