using System.Net.Http.Json;
using static GridMap.Browser.Tests.Support.FieldSite;

namespace GridMap.Browser.Tests;

/// <summary>The case loop walked by its people: a resident's photo to a closed case, with the worker offline in between.</summary>
public partial class FieldTests
{
    /// <summary>A 16 × 16 red PNG, as a phone's camera would give a (much larger) photo.</summary>
    static readonly FilePayload Photo = new()
    {
        Name = "photo.png", MimeType = "image/png",
        Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mM4ISdHEmIY1TCqYfhqAADkYgQQ6ZuA8QAAAABJRU5ErkJggg=="),
    };

    /// <summary>Picks the place on the report page's map, as a resident taps it, and waits until its grid is named.</summary>
    static async Task PickPlaceAsync(IPage page, (double Lon, double Lat) at)
    {
        await MapPage.ZoomToAsync(page, at.Lon, at.Lat, 16);
        await MapPage.ClickAtAsync(page, at.Lon, at.Lat);
        await Expect(page.Locator("#where")).ToHaveAttributeAsync("data-located", "true");
    }

    static async Task FillReportAsync(IPage page, string description)
    {
        await page.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "环境卫生" });
        await page.GetByLabel("问题描述").FillAsync(description);
    }

    async Task<int> PhotosOfAsync(long caseId)
    {
        using var http = site.ClientFor(Admin);
        return (await http.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/media")).GetArrayLength();
    }

    [Fact]
    public async Task The_whole_loop_from_a_residents_photo_to_closed_with_the_worker_offline_in_between()
    {
        // A resident reports with a photo.
        var resident = await site.OpenFieldAsync("/report.html", Reporter);
        await Expect(resident.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await PickPlaceAsync(resident, CaseAt);
        await FillReportAsync(resident, "楼下路灯坏了一周");
        await resident.Locator("#report-form input[type=file]").SetInputFilesAsync(Photo);
        await Expect(resident.Locator("#report-form .photo-list li")).ToHaveCountAsync(1);
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(resident.Locator("#receipt")).ToBeVisibleAsync();
        var id = await site.ScalarAsync<long>("SELECT id FROM cases WHERE description = '楼下路灯坏了一周'");
        await Expect(resident.Locator("#receipt-code")).ToHaveTextAsync(id.ToString());
        await Expect(resident.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "0");
        Assert.Equal(1, await PhotosOfAsync(id));
        await Expect(resident.Locator($"#mine li[data-case-id='{id}']")).ToHaveAttributeAsync("data-status", "reported");

        // The command centre registers and dispatches it.
        var c = await site.MoveAsync(await site.GetCaseAsync(id), "register", "command_centre");
        await site.MoveAsync(c, "dispatch", "command_centre", new { assigneeId = await site.StaffIdAsync(Worker) });

        // The worker, without signal, accepts and reports back with a photo; then the signal returns.
        var worker = await site.OpenFieldAsync("/worker.html", WorkerUser);
        var card = Card(worker, id);
        await Expect(card.Locator("button[data-action='accept']")).ToBeVisibleAsync();
        await worker.Context.SetOfflineAsync(true);
        await card.Locator("button[data-action='accept']").ClickAsync();
        // The card is drawn again with the moves after accepting: fill in the new one, not the old.
        await Expect(card.Locator("button[data-action='submit_feedback']")).ToBeVisibleAsync();
        await card.GetByLabel("说明（退回原因、延期理由或处置情况）").FillAsync("已更换灯泡");
        await card.Locator("input[type=file]").SetInputFilesAsync(Photo);
        await card.Locator("button[data-action='submit_feedback']").ClickAsync();
        await Expect(worker.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "2");
        await worker.Context.SetOfflineAsync(false);
        await Expect(worker.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "0");
        Assert.Equal("feedback_submitted", (await site.GetCaseAsync(id)).GetProperty("status").GetString());
        Assert.Equal(2, await PhotosOfAsync(id));

        // The command centre checks and closes it; the resident sees it closed, pushed live.
        c = await site.MoveAsync(await site.GetCaseAsync(id), "begin_check", "command_centre");
        await site.MoveAsync(c, "close", "command_centre");
        var mine = resident.Locator($"#mine li[data-case-id='{id}']");
        await Expect(mine).ToHaveAttributeAsync("data-status", "closed");
        await Expect(mine.Locator(".case-facts")).ToContainTextAsync("已结案");
    }

    [Fact]
    public async Task A_report_whose_answer_was_lost_goes_again_with_its_key_and_makes_one_case()
    {
        var page = await site.PhoneAsync(Reporter, serviceWorkers: false);
        var keys = new List<string>();
        var answered = 0;
        // The first answer is lost on its way back: the server made the case, the phone never heard.
        await page.RouteAsync("**/api/cases", async route =>
        {
            if (route.Request.Method != "POST") { await route.ContinueAsync(); return; }
            keys.Add((await route.Request.AllHeadersAsync())["idempotency-key"]);
            var response = await route.FetchAsync();
            if (answered++ == 0) await route.AbortAsync("connectionreset");
            else await route.FulfillAsync(new() { Response = response });
        });
        await page.GotoAsync(site.BaseUrl + "/report.html");
        await ReadyAsync(page);
        await PickPlaceAsync(page, CaseAt);
        await FillReportAsync(page, "同一份上报只算一件");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "1");

        await page.EvaluateAsync("() => gridmap.outbox.flush()");

        await Expect(page.Locator("#receipt")).ToBeVisibleAsync();
        var ids = await site.ColumnAsync<long>("SELECT id FROM cases WHERE description = '同一份上报只算一件'");
        Assert.Single(ids);
        await Expect(page.Locator("#receipt-code")).ToHaveTextAsync(ids[0].ToString());
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task A_worker_going_on_duty_moves_on_the_command_centres_map()
    {
        var worker = await site.StaffIdAsync(Worker);
        var centre = await site.OpenLiveAsync($"/command.html?area={await site.AreaIdAsync(HepingCommunity)}");
        await centre.WaitForFunctionAsync("id => gridmap.staff.has(id)", worker);
        var phone = await site.OpenFieldAsync("/worker.html", WorkerUser, InHepingSecondGrid);
        if (await phone.Locator("#duty-switch").GetAttributeAsync("aria-pressed") == "true")
        {
            await phone.Locator("#duty-switch").ClickAsync();
            await Expect(phone.Locator("#duty-switch")).ToHaveAttributeAsync("aria-pressed", "false");
        }

        await phone.Locator("#duty-switch").ClickAsync();

        await centre.WaitForFunctionAsync(
            "([id, lon, lat]) => { const p = gridmap.staff.get(id); return p && p.onDuty && Math.abs(p.lon - lon) < 1e-6 && Math.abs(p.lat - lat) < 1e-6; }",
            new object[] { worker, InHepingSecondGrid.Lon, InHepingSecondGrid.Lat });
        await site.ExecuteAsync("UPDATE staff SET on_duty = true, location = ST_SetSRID(ST_MakePoint(116.3265, 39.9150), 4326) WHERE id = $1", worker);
    }

    [Fact]
    public async Task A_departments_late_report_in_shows_red_and_reaches_the_command_centre()
    {
        var c = await site.ReportAsync(CaseAt, "占道经营");
        c = await site.MoveAsync(c, "register", "command_centre");
        c = await site.MoveAsync(c, "escalate", "command_centre", new { departments = new[] { Department } });
        // Its time to 报到 is up.
        await site.ExecuteAsync("UPDATE case_summons SET due_at = now() - interval '1 minute' WHERE case_id = $1", Id(c));
        var centre = await site.OpenLiveAsync($"/command.html?area={await site.AreaIdAsync(HepingCommunity)}");
        var desk = await site.OpenFieldAsync("/dept.html", DepartmentUser);
        var card = desk.Locator($"#inbox li[data-case-id='{Id(c)}']");
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-late"));
        await Expect(card.Locator(".case-facts")).ToContainTextAsync(KnownTerritory.HepingFirstGrid);

        await card.GetByRole(AriaRole.Button, new() { Name = "报到" }).ClickAsync();

        await Expect(card.Locator(".summons-state")).ToContainTextAsync("已报到");
        await Expect(card.Locator(".summons-state .late")).ToHaveTextAsync("超时");
        await centre.WaitForFunctionAsync(
            "id => gridmap.board.store.get(id)?.summons?.some(s => s.state === 'confirmed' && s.late)", Id(c));
        await Expect(centre.Locator($".late-summons[data-case-id='{Id(c)}'] h3")).ToHaveTextAsync($"城市管理综合执法局 超时报到：#{Id(c)}");
        await centre.Locator($"#case-list li[data-case-id='{Id(c)}'] button").ClickAsync();
        await Expect(centre.Locator("#case-detail .case-facts")).ToContainTextAsync("已报到 · 超时");
    }

    /// <summary>A year of 报到: 250 summonses of <see cref="Department"/> answered 400 to 390 days ago, more than the inbox's first page of 200.</summary>
    async Task AddLastYearsSummonsesAsync()
    {
        var c = await site.DispatchedAsync("去年的吹哨");
        await site.ExecuteAsync("""
            WITH old AS (
                INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id, reported_at, closed_at)
                SELECT category_code, '去年的吹哨 ' || g, 'closed', location, grid_id, community_id, street_id, district_id,
                       now() - interval '400 days' + g * interval '1 hour', now() - interval '399 days' + g * interval '1 hour'
                FROM cases, generate_series(1, 250) g WHERE id = $1
                RETURNING id, reported_at)
            INSERT INTO case_summons (case_id, department_code, summoned_at, due_at, confirmed_at)
            SELECT id, $2, reported_at, reported_at + interval '2 hours', reported_at + interval '1 hour' FROM old
            """, Id(c), Department);
    }

    /// <summary>The case of the department's summons answered first, the inbox's last.</summary>
    Task<long> OldestSummonsAsync() => site.ScalarAsync<long>(
        "SELECT case_id FROM case_summons WHERE department_code = $1 AND confirmed_at IS NOT NULL ORDER BY confirmed_at, case_id DESC LIMIT 1", Department);

    [Fact]
    public async Task A_departments_older_summonses_come_a_page_at_a_time_below_the_inbox()
    {
        await AddLastYearsSummonsesAsync();
        var total = (int)await site.ScalarAsync<long>("SELECT count(*) FROM case_summons WHERE department_code = $1", Department);
        var oldest = await OldestSummonsAsync();

        var desk = await site.OpenFieldAsync("/dept.html", DepartmentUser);
        var cards = desk.Locator("#inbox li.summons");
        await Expect(cards).ToHaveCountAsync(200);
        var more = desk.GetByRole(AriaRole.Button, new() { Name = "加载更多" });
        for (var shown = 200; shown < total; shown += 200)
        {
            await more.ClickAsync();
            await Expect(cards).ToHaveCountAsync(Math.Min(total, shown + 200));
        }

        await Expect(cards.Last).ToHaveAttributeAsync("data-case-id", oldest.ToString(CultureInfo.InvariantCulture));
        await Expect(more).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_department_finds_a_summons_by_its_case_number_however_old()
    {
        await AddLastYearsSummonsesAsync();
        var oldest = await OldestSummonsAsync();
        var notSummoned = await site.DispatchedAsync("未吹哨的案件");
        var desk = await site.OpenFieldAsync("/dept.html", DepartmentUser);
        var card = desk.Locator($"#inbox li[data-case-id='{oldest}']");
        await Expect(card).ToHaveCountAsync(0);

        await desk.GetByLabel("案件编号").FillAsync(oldest.ToString(CultureInfo.InvariantCulture));
        await desk.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();

        await Expect(card).ToBeFocusedAsync();
        await Expect(card.Locator(".summons-state")).ToContainTextAsync("已报到");
        // The inbox is drawn anew (every 30 s, for lateness): the keyboard stays on the card.
        await desk.EvaluateAsync("() => gridmap.cases.take([])");
        await Expect(card).ToBeFocusedAsync();

        // One it was not summoned to is as one that does not exist.
        await desk.GetByLabel("案件编号").FillAsync(Id(notSummoned).ToString(CultureInfo.InvariantCulture));
        await desk.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(desk.Locator("#status")).ToHaveTextAsync($"未找到吹哨本部门的案件 #{Id(notSummoned)}");
    }

    [Fact]
    public async Task A_departments_map_shows_its_open_cases_and_a_summons_opens_it_on_the_case_in_its_grid()
    {
        var c = await site.ReportAsync(CaseAt, "店外堆放杂物");
        c = await site.MoveAsync(c, "register", "command_centre");
        c = await site.MoveAsync(c, "escalate", "command_centre", new { departments = new[] { Department } });
        // 报到'd a minute ago and closed since: in the inbox's first page, not on the map.
        var closed = await site.ScalarAsync<long>("""
            WITH done AS (
                INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id, reported_at, closed_at)
                SELECT category_code, '已办结的吹哨', 'closed', location, grid_id, community_id, street_id, district_id, now() - interval '2 days', now() - interval '1 hour'
                FROM cases WHERE id = $1
                RETURNING id)
            INSERT INTO case_summons (case_id, department_code, summoned_at, due_at, confirmed_at)
            SELECT id, $2, now() - interval '2 days', now() - interval '46 hours', now() - interval '1 minute' FROM done
            RETURNING case_id
            """, Id(c), Department);
        var page = await site.OpenWithSlowNamesAsync("/dept.html", DepartmentUser);
        var errors = Errors(page);
        // Named once the page is ready, not drawn again after: the link tapped below stays the one aimed at.
        Assert.Contains(KnownTerritory.HepingFirstGrid, await page.Locator($"#inbox li[data-case-id='{Id(c)}'] .case-facts").InnerTextAsync());
        await Expect(page.Locator($"#inbox li[data-case-id='{closed}']")).ToBeVisibleAsync();

        await page.Locator($"#inbox li[data-case-id='{Id(c)}']").GetByRole(AriaRole.Link, new() { Name = "在地图上查看" }).ClickAsync();

        // The case with its popup, in the grid it lies in, though a department may list no territory.
        await page.WaitForURLAsync($"**/index.html?case={Id(c)}", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("#map[data-ready='true']", new() { Timeout = 30_000 });
        var popup = page.Locator(".leaflet-popup-content");
        await Expect(popup).ToContainTextAsync("店外堆放杂物");
        await Expect(popup).ToContainTextAsync(KnownTerritory.HepingFirstGrid);
        var counts = await page.EvaluateAsync<Dictionary<string, int>>("() => ({ ...gridmap.counts })");
        Assert.Equal(1, counts["caseArea"]);
        Assert.DoesNotContain("grid", counts.Keys);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...gridmap.failed]"));
        await Expect(page.Locator("header nav.pages a")).ToHaveTextAsync(["吹哨报到", "地图"]);

        // The map on its own: every open case the department was summoned to, answered or not, by the database's account.
        await page.GetByRole(AriaRole.Link, new() { Name = "地图" }).ClickAsync();
        await page.WaitForURLAsync(site.BaseUrl + "/", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("#map[data-ready='true']", new() { Timeout = 30_000 });
        var pinned = (await page.Locator(".case-pin [data-case-id]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.caseId)")).Select(long.Parse).Order().ToList();
        Assert.Contains(Id(c), pinned);
        Assert.DoesNotContain(closed, pinned);
        Assert.Equal(await site.ColumnAsync<long>("""
            SELECT DISTINCT c.id FROM cases c JOIN case_summons s ON s.case_id = c.id
            WHERE s.department_code = $1 AND NOT case_finished(c.status)
            ORDER BY c.id
            """, Department), pinned);
        Assert.Equal(pinned.Count, await page.EvaluateAsync<int>("() => gridmap.counts.summoned"));
        await Expect(page.Locator(".case-legend")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "吹哨报到" }).ClickAsync();
        await Expect(page.Locator($"#inbox li[data-case-id='{Id(c)}']")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }
}
