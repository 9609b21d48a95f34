using static GridMap.Browser.Tests.Support.FieldSite;

namespace GridMap.Browser.Tests;

/// <summary>
/// What reaches the phones over the live push, not by reading the lists again: a grid worker's
/// task dispatched and taken back, a department's new summons. The pages read their lists over
/// HTTP only while the push is down; each test counts those reads and finds none.
/// </summary>
public partial class FieldTests
{
    /// <summary>How many GETs of <paramref name="path"/> (any query) the page has made so far.</summary>
    static Func<int> CountReads(IPage page, string path)
    {
        var reads = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "GET" && new Uri(request.Url).AbsolutePath == path) Interlocked.Increment(ref reads);
        };
        return () => Volatile.Read(ref reads);
    }

    /// <summary>A field page on a phone, without the service worker (whose requests the test would not see), once live.</summary>
    async Task<(IPage Page, Func<int> Reads)> OpenLiveFieldAsync(string path, string user, string list)
    {
        var page = await site.PhoneAsync(user, serviceWorkers: false);
        var reads = CountReads(page, list);
        await page.GotoAsync(site.BaseUrl + path);
        await ReadyAsync(page);
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        return (page, reads);
    }

    [Fact]
    public async Task A_case_dispatched_to_the_worker_appears_at_once_and_leaves_when_handed_back_without_reading_the_tasks_again()
    {
        var (page, reads) = await OpenLiveFieldAsync("/worker.html", WorkerUser, "/api/cases");
        var readsBefore = reads();

        var c = await site.DispatchedAsync("窨井盖缺失");
        await Expect(Card(page, Id(c)).Locator("button[data-action]")).ToHaveTextAsync(["签收", "退回"]);
        var other = await site.DispatchedAsync("另一个网格员的任务", staff: "张伟");
        await site.MoveAsync(c, "return", "grid_worker", new { note = "不在本网格" });
        await Expect(Card(page, Id(c))).ToHaveCountAsync(0);

        Assert.Equal(0, await Card(page, Id(other)).CountAsync());
        Assert.Equal(readsBefore, reads());
    }

    [Fact]
    public async Task A_task_pushed_while_the_worker_types_leaves_the_keyboard_and_the_text_where_they_were()
    {
        var c = await site.DispatchedAsync("路面坑洼");
        var (page, _) = await OpenLiveFieldAsync("/worker.html", WorkerUser, "/api/cases");
        var note = Card(page, Id(c)).GetByLabel("说明（退回原因、延期理由或处置情况）");
        await note.FillAsync("正在测量坑洼大小");

        var pushed = await site.DispatchedAsync("另一处坑洼");
        await Expect(Card(page, Id(pushed))).ToBeVisibleAsync();

        await Expect(note).ToBeFocusedAsync();
        await Expect(note).ToHaveValueAsync("正在测量坑洼大小");
    }

    [Fact]
    public async Task A_new_summons_appears_in_the_departments_inbox_at_once_with_its_place_and_handler_without_reading_it_again()
    {
        var (page, reads) = await OpenLiveFieldAsync("/dept.html", DepartmentUser, "/api/summons");
        var readsBefore = reads();
        await Expect(page.Locator("#department-name")).ToHaveTextAsync("城市管理综合执法局");

        var c = await site.DispatchedAsync("店外占道堆放");
        c = await site.MoveAsync(c, "escalate", "command_centre", new { departments = new[] { Department } });

        var card = page.Locator($"#inbox li[data-case-id='{Id(c)}']");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "报到" })).ToBeVisibleAsync();
        // Where to report and to whom, which the department may not look up in the territory or the staff list.
        await Expect(card.Locator(".case-facts")).ToContainTextAsync($"{KnownTerritory.HepingFirstGrid} · {KnownTerritory.HepingCommunity} · {KnownTerritory.HepingStreet}");
        await Expect(card.Locator(".case-facts")).ToContainTextAsync(CaseStaff.Worker);
        // The heading counts what is left to answer, the summonses with a 报到 button.
        var pending = await page.Locator("#inbox button[data-action='confirm_escalation']").CountAsync();
        await Expect(page.Locator("#inbox-count")).ToHaveTextAsync($"待报到 {pending} 件");
        Assert.Equal(readsBefore, reads());
    }
}
