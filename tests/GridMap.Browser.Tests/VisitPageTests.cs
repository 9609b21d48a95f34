using static GridMap.Browser.Tests.Support.FieldSite;

namespace GridMap.Browser.Tests;

/// <summary>走访 from the phone to the planner's table, also without signal, and corrected or deleted from the phone.</summary>
public partial class FieldTests
{
    /// <summary>The share of the grid's households visited in the last 30 days, as PostGIS counts it and the planner writes it.</summary>
    async Task<string> VisitShareAsync(long gridId)
    {
        var counts = (await site.ColumnAsync<long[]>("""
            SELECT ARRAY[count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id
                                                        AND v.visited_on > (now() AT TIME ZONE INTERVAL '+08:00')::date - 30)), count(*)]
            FROM households h JOIN areas g ON g.id = $1 AND ST_Covers(g.boundary, h.location)
            """, gridId)).Single();
        return string.Create(CultureInfo.InvariantCulture, $"{100.0 * counts[0] / counts[1]:0.0}%");
    }

    static ILocator ShareCell(IPage page, long gridId) => page.Locator($"#rows tr[data-area-id='{gridId}'] td.visit-share");

    /// <summary>A household of the worker's grid that no visit was recorded to yet.</summary>
    async Task<long> UnvisitedHouseholdAsync() => await site.ScalarAsync<long>("""
        SELECT h.id FROM households h JOIN areas g ON g.id = $1 AND ST_Covers(g.boundary, h.location)
        WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id) ORDER BY h.id LIMIT 1
        """, await site.AreaIdAsync(HepingFirstGrid));

    /// <summary>Records a visit to <paramref name="household"/> with the worker page's form and waits until it is stored.</summary>
    static async Task RecordVisitAsync(IPage phone, long household, string note)
    {
        await Expect(phone.Locator("section.visits[data-ready='true']")).ToHaveCountAsync(1);
        var form = phone.Locator("#visit-form");
        await form.GetByLabel("走访对象").SelectOptionAsync(household.ToString(CultureInfo.InvariantCulture));
        await form.GetByLabel("走访情况").FillAsync(note);
        await form.GetByRole(AriaRole.Button, new() { Name = "记录走访" }).ClickAsync();
        await Expect(form.Locator(".form-message")).ToContainTextAsync("已记录");
    }

    [Fact]
    public async Task Recording_a_Visit_on_the_phone_raises_the_grids_share_on_the_planners_table()
    {
        var grid = await site.AreaIdAsync(HepingFirstGrid);
        var household = await UnvisitedHouseholdAsync();
        var before = await VisitShareAsync(grid);
        var planner = await site.OpenAsync("/planner.html", Planner);
        await Expect(ShareCell(planner, grid)).ToHaveTextAsync(before);

        var phone = await site.OpenFieldAsync("/worker.html", WorkerUser);
        var errors = Errors(phone);
        await RecordVisitAsync(phone, household, "独居老人，身体尚好，需定期探望");
        await phone.ScreenshotAsync(new() { Path = "/tmp/gridmap-worker-visit.png", FullPage = true });
        Assert.Equal(["独居老人，身体尚好，需定期探望"], await site.ColumnAsync<string>("SELECT note FROM visits WHERE household_id = $1", household));
        Assert.Empty(errors);

        var after = await VisitShareAsync(grid);
        Assert.NotEqual(before, after);
        await planner.ReloadAsync();
        await MapPage.WaitUntilReadyAsync(planner);
        await Expect(ShareCell(planner, grid)).ToHaveTextAsync(after);
    }

    [Fact]
    public async Task A_visit_recorded_without_signal_waits_as_such_and_is_sent_once_with_its_photo_when_the_signal_returns()
    {
        var household = await UnvisitedHouseholdAsync();
        var phone = await site.OpenFieldAsync("/worker.html", WorkerUser);
        var errors = ErrorsBesidesOffline(phone);
        await Expect(phone.Locator("section.visits[data-ready='true']")).ToHaveCountAsync(1);
        var form = phone.Locator("#visit-form");
        await form.GetByLabel("走访对象").SelectOptionAsync(household.ToString(CultureInfo.InvariantCulture));

        await phone.Context.SetOfflineAsync(true);
        await form.GetByLabel("走访情况").FillAsync("地下室走访，无信号");
        await form.GetByLabel("照片（可选）").SetInputFilesAsync(Photo);
        await form.GetByRole(AriaRole.Button, new() { Name = "记录走访" }).ClickAsync();

        await Expect(form.Locator(".form-message")).ToHaveTextAsync("已保存，待发送");
        await Expect(phone.Locator("#outbox .outbox-list li")).ToHaveCountAsync(1);
        await Expect(phone.Locator("#outbox .outbox-list li")).ToContainTextAsync("走访：");
        await Expect(phone.Locator("#visit-list li.is-queued")).ToContainTextAsync("待发送");
        await Expect(phone.Locator("#visit-list li.is-queued")).ToContainTextAsync("地下室走访，无信号");
        await phone.ScreenshotAsync(new() { Path = "/tmp/gridmap-worker-visit-offline.png", FullPage = true });
        Assert.Empty(await site.ColumnAsync<long>("SELECT id FROM visits WHERE household_id = $1", household));

        await phone.Context.SetOfflineAsync(false);

        await Expect(phone.Locator("#outbox")).ToHaveAttributeAsync("data-waiting", "0");
        await Expect(form.Locator(".form-message")).ToContainTextAsync("已记录");
        var stored = await site.ColumnAsync<string>("SELECT note || ':' || (photo_file IS NOT NULL) FROM visits WHERE household_id = $1", household);
        Assert.Equal(["地下室走访，无信号:true"], stored);
        var id = await site.ScalarAsync<long>("SELECT id FROM visits WHERE household_id = $1", household);
        await Expect(phone.Locator($"#visit-list li[data-visit-id='{id}']")).ToContainTextAsync("地下室走访，无信号");
        await Expect(phone.Locator("#visit-list li.is-queued")).ToHaveCountAsync(0);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_worker_corrects_and_after_confirming_deletes_its_visit_from_the_phone_and_a_change_made_meanwhile_is_not_overwritten()
    {
        var household = await UnvisitedHouseholdAsync();
        var phone = await site.OpenFieldAsync("/worker.html", WorkerUser);
        var errors = Errors(phone);
        await RecordVisitAsync(phone, household, "记录有误");
        var id = await site.ScalarAsync<long>("SELECT id FROM visits WHERE household_id = $1", household);
        var item = phone.Locator($"#visit-list li[data-visit-id='{id}']");

        await item.GetByRole(AriaRole.Button, new() { Name = "更正" }).ClickAsync();
        await item.GetByLabel("走访情况").FillAsync("老人身体尚好，已送药");
        await item.GetByRole(AriaRole.Button, new() { Name = "保存更正" }).ClickAsync();
        await Expect(phone.Locator(".visits > p.note")).ToContainTextAsync("已更正");
        await Expect(item).ToContainTextAsync("老人身体尚好，已送药");
        Assert.Equal(["老人身体尚好，已送药:2"], await site.ColumnAsync<string>("SELECT note || ':' || version FROM visits WHERE id = $1", id));

        // The grid leader corrects it meanwhile: the phone's edit is on an old version, refused and read again.
        await site.ExecuteAsync("UPDATE visits SET note = '网格长补充：需每周探望' WHERE id = $1", id);
        await item.GetByRole(AriaRole.Button, new() { Name = "更正" }).ClickAsync();
        await item.GetByLabel("走访情况").FillAsync("不应覆盖");
        await item.GetByRole(AriaRole.Button, new() { Name = "保存更正" }).ClickAsync();
        await Expect(phone.Locator(".visits > p.note")).ToHaveTextAsync("该记录已被他人更改，已重新加载，请确认后再操作。");
        await Expect(item).ToContainTextAsync("网格长补充：需每周探望");
        Assert.Equal(["网格长补充：需每周探望"], await site.ColumnAsync<string>("SELECT note FROM visits WHERE id = $1", id));

        string? asked = null;
        phone.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await item.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Expect(item).ToHaveCountAsync(0);
        Assert.StartsWith("确定删除", asked);
        Assert.Empty(await site.ColumnAsync<long>("SELECT id FROM visits WHERE id = $1", id));
        Assert.Equal([WorkerUser], await site.ColumnAsync<string>(
            "SELECT actor FROM data_changes WHERE entity = 'visit' AND entity_id = $1 AND after IS NULL", id));
        Assert.Empty(errors.Where(e => !e.Contains("409"))); // the refused edit, on purpose
    }

    [Fact]
    public async Task The_community_staff_correct_and_after_confirming_retire_a_member_from_the_household_card()
    {
        var household = await site.ScalarAsync<long>("SELECT id FROM households WHERE name = $1", Household);
        var member = await site.ScalarAsync<long>("""
            INSERT INTO volunteers (name, phone, work_unit, community_id, household_id, registered_by)
            SELECT '孙志刚', '13600005555', '海门区教育局', g.parent_id, h.id, 'test' FROM households h JOIN areas g ON g.id = h.grid_id WHERE h.id = $1
            RETURNING id
            """, household);
        var page = await site.OpenAsync();
        var errors = Errors(page);
        await MapPage.ZoomToAsync(page, HouseholdAt.Lon, HouseholdAt.Lat, 18);
        await page.Locator($".leaflet-marker-pane .hh-pin[title='{Household}']").ClickAsync();
        var item = page.Locator($".household-popup li[data-volunteer-id='{member}']");
        await Expect(item).ToContainTextAsync("孙志刚：走访 0 次，服务 0 小时");

        await item.GetByRole(AriaRole.Button, new() { Name = "更正" }).ClickAsync();
        await item.GetByLabel("电话").FillAsync("13600006666");
        await item.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".household-popup .member-note")).ToHaveTextAsync("已更正孙志刚的登记信息");
        Assert.Equal(["13600006666:2"], await site.ColumnAsync<string>("SELECT phone || ':' || version FROM volunteers WHERE id = $1", member));

        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await item.GetByRole(AriaRole.Button, new() { Name = "退出登记" }).ClickAsync();
        await Expect(item).ToHaveCountAsync(0);
        Assert.Contains("孙志刚", asked);
        Assert.True(await site.ScalarAsync<bool>("SELECT retired_at IS NOT NULL FROM volunteers WHERE id = $1", member));
        Assert.Equal([$"{Admin}:13600005555→13600006666:false", $"{Admin}:13600006666→13600006666:true"], await site.ColumnAsync<string>("""
            SELECT actor || ':' || (before->>'phone') || '→' || (after->>'phone') || ':' || (after->>'retired_at' IS NOT NULL)
            FROM data_changes WHERE entity = 'volunteer' AND entity_id = $1 AND before IS NOT NULL ORDER BY id
            """, member));
        Assert.Empty(errors);
    }
}

