using GridMap.Tests.Live;

namespace GridMap.Tests.Field;

/// <summary>
/// A grid worker's tasks and patrol reports, and a department's summonses, pushed to their phones
/// over the real hub (<c>SubscribeMine</c>), scoped as the API scopes them. Changes reach a
/// connection in seq order, so "the first change heard is this one" proves that no earlier one
/// (another worker's, another department's) was sent.
/// </summary>
public class OwnCasesLiveTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    /// <summary>周敏, staff 2, grid 6: <see cref="SmallDistrict.Worker"/>.</summary>
    const long Worker = 2, OtherWorker = 5;

    async Task<LiveClient> MineAsync(string username, long lastSeq = -1)
    {
        var client = await LiveClient.ConnectAsync(app, await app.TokenFor(username));
        await client.InvokeAsync("SubscribeMine", lastSeq);
        return client;
    }

    async Task<JsonElement> DispatchedAsync(string description, long staff)
    {
        var c = await cases.MoveOkAsync(await cases.ReportAsync(121.12, 31.87, "environmental_sanitation", description), "register");
        return await cases.MoveOkAsync(c, "dispatch", new { assigneeId = staff });
    }

    static long Id(JsonElement c) => c.GetProperty("id").GetInt64();

    [Fact]
    public async Task A_grid_worker_hears_its_tasks_and_patrol_reports_a_task_taken_back_leaves_and_another_workers_case_never_comes()
    {
        await app.AddUserAsync("worker-zhaolei", Role.GridWorker, areaId: 6, staffId: OtherWorker);
        await app.ExecuteAsync("UPDATE staff SET on_duty = true WHERE id = $1", Worker); // only staff on duty are dispatched to
        await using var worker = await MineAsync(SmallDistrict.Worker);

        var others = await DispatchedAsync("别人的任务", OtherWorker);
        var task = await DispatchedAsync("我的任务", Worker);
        var dispatched = await worker.NextAsync();
        Assert.Equal((Id(task), "dispatch", Worker), (dispatched.CaseId, dispatched.Action, dispatched.Case.GetProperty("assigneeId").GetInt64()));

        // Its own patrol report (巡查上报), filed and registered at once.
        using var phone = app.ClientFor(SmallDistrict.Worker);
        var filed = await phone.PostAsJsonAsync("/api/cases", new { lon = 121.121, lat = 31.871, categoryCode = "environmental_sanitation", description = "巡查发现垃圾", source = "patrol" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var patrol = Id(await filed.Content.ReadFromJsonAsync<JsonElement>());
        var reported = await worker.NextAsync();
        var registered = await worker.NextAsync();
        Assert.Equal([(patrol, "report"), (patrol, "register")], new[] { (reported.CaseId, reported.Action), (registered.CaseId, registered.Action) });
        Assert.Equal("registered", registered.Case.GetProperty("status").GetString());

        // Handed back and given to another worker: the task leaves the phone, and nothing more of it comes.
        var returned = await cases.MoveOkAsync(task, "return", new { note = "不在我的网格" });
        var left = await worker.NextLeftAsync();
        Assert.Equal(Id(task), left.Id);
        await cases.MoveOkAsync(returned, "dispatch", new { assigneeId = OtherWorker });
        await cases.MoveOkAsync(others, "accept");
        var next = await DispatchedAsync("又一个任务", Worker);
        var heard = await worker.NextAsync();
        Assert.Equal((Id(next), "dispatch"), (heard.CaseId, heard.Action));
        Assert.Empty(worker.DrainLefts());

        // Coming back after all that, the phone is told again what it missed, the leaving included.
        await using var later = await MineAsync(SmallDistrict.Worker, dispatched.Seq - 1);
        var replayed = await later.ReceiveThroughAsync(heard.Seq);
        Assert.Equal([(Id(task), "dispatch"), (patrol, "report"), (patrol, "register"), (Id(next), "dispatch")],
            replayed.Select(r => (r.CaseId, r.Action)));
        Assert.Equal([left], later.DrainLefts());
        Assert.DoesNotContain(replayed, r => r.CaseId == Id(others));
    }

    [Fact]
    public async Task A_grid_worker_sent_to_a_case_of_another_grid_hears_lists_reads_and_hands_it_back()
    {
        // Grid 7 has no worker: the admin (a command centre's whole area) sends 周敏 of grid 6.
        await app.ExecuteAsync("UPDATE staff SET on_duty = true WHERE id = $1", Worker);
        await using var worker = await MineAsync(SmallDistrict.Worker);
        var registered = await cases.MoveOkAsync(await cases.ReportAsync(121.17, 31.87, "environmental_sanitation", "邻格的任务"), "register");
        Assert.Equal(7, registered.GetProperty("gridId").GetInt64());
        var task = await cases.MoveOkAsync(registered, "dispatch", new { assigneeId = Worker });
        var dispatched = await worker.NextAsync();
        Assert.Equal((Id(task), "dispatch"), (dispatched.CaseId, dispatched.Action));

        // Its phone lists it and reads it as it would a case of its own grid, and may act on it:
        // it hands it back, and the case leaves it.
        var phone = new CaseClient(app.ClientFor(SmallDistrict.Worker));
        var listed = await phone.Http.GetFromJsonAsync<JsonElement>("/api/cases?limit=1000");
        Assert.Contains(listed.GetProperty("features").EnumerateArray(), f => f.GetProperty("id").GetInt64() == Id(task));
        Assert.Equal("邻格的任务", (await phone.GetAsync(Id(task))).GetProperty("description").GetString());
        await phone.MoveOkAsync(task, "return", new { note = "今天人在外地" });
        Assert.Equal(Id(task), (await worker.NextLeftAsync()).Id);
        Assert.Equal(HttpStatusCode.NotFound, (await phone.Http.GetAsync($"/api/cases/{Id(task)}")).StatusCode);
    }

    [Fact]
    public async Task A_department_hears_its_own_summonses_in_its_area_their_lateness_and_its_report_and_nothing_of_other_departments()
    {
        await app.AddUserAsync("live-urban", Role.Department, areaId: 2, departmentCode: "urban_management");
        await app.AddUserAsync("live-urban-east", Role.Department, areaId: 3, departmentCode: "urban_management");
        await app.AddUserAsync("live-police", Role.Department, areaId: 2, departmentCode: "public_security");
        await using var urban = await MineAsync("live-urban");
        await using var urbanEast = await MineAsync("live-urban-east");
        await using var police = await MineAsync("live-police");
        app.Clock.Now = TestClock.At("2026-05-18 09:00"); // a Monday

        async Task<JsonElement> EscalatedAsync(double lon, params string[] departments)
        {
            var c = await cases.MoveOkAsync(await cases.ReportAsync(lon, 31.87, "illegal_construction", "违章搭建"), "register");
            return await cases.MoveOkAsync(c, "escalate", new { departments });
        }
        var west = await EscalatedAsync(121.166, "urban_management");
        var policeOnly = await EscalatedAsync(121.165, "public_security");
        var east = await EscalatedAsync(121.26, "urban_management");
        var both = await EscalatedAsync(121.167, "urban_management", "public_security");

        // Each hears its first own summons first, then the next: nothing in between was sent to it.
        async Task<long[]> HeardAsync(LiveClient client, int count)
        {
            var heard = new List<long>();
            for (var i = 0; i < count; i++)
            {
                var change = await client.NextAsync();
                Assert.Equal("escalate", change.Action);
                heard.Add(change.CaseId);
            }
            return [.. heard];
        }
        Assert.Equal([Id(west), Id(both)], await HeardAsync(urban, 2));
        Assert.Equal([Id(policeOnly), Id(both)], await HeardAsync(police, 2));
        Assert.Equal([Id(east)], await HeardAsync(urbanEast, 1));

        // Past its due time without 报到: the overdue watcher's mark arrives, then the late 报到.
        var due = Assert.Single(Summonses(west)).GetProperty("dueAt").GetDateTimeOffset();
        app.Clock.Now = due.AddMinutes(1);
        await app.Services.GetRequiredService<OverdueWatcher>().MarkLateSummonsesAsync(CancellationToken.None);
        ReceivedChange late;
        do late = await urban.NextAsync(); while (late.CaseId != Id(west));
        Assert.Equal("summons_late", late.Action);
        Assert.True(Assert.Single(Summonses(late.Case)).GetProperty("late").GetBoolean());

        using var phone = app.ClientFor("live-urban");
        var reportIn = await phone.PostAsJsonAsync($"/api/cases/{Id(west)}/transitions",
            new { action = "confirm_escalation", version = late.Case.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, reportIn.StatusCode);
        ReceivedChange confirmed;
        do confirmed = await urban.NextAsync(); while (confirmed.CaseId != Id(west));
        Assert.Equal(("confirm_escalation", "confirmed", true), (confirmed.Action,
            Assert.Single(Summonses(confirmed.Case)).GetProperty("state").GetString(), Assert.Single(Summonses(confirmed.Case)).GetProperty("late").GetBoolean()));
    }

    static IEnumerable<JsonElement> Summonses(JsonElement c) => c.GetProperty("summons").EnumerateArray();
}
