using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridMap.Tests.Cases;

public class OverdueWatcherTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    OverdueWatcher Watcher => app.Services.GetRequiredService<OverdueWatcher>();

    /// <summary>A second server instance's watcher on the same database.</summary>
    OverdueWatcher OtherInstance() => new(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Clock,
        new ConfigurationBuilder().Build(), NullLogger<OverdueWatcher>.Instance);

    static int OverdueEvents(JsonElement[] events) => events.Count(e => e.Str("action") == "overdue");

    [Fact]
    public async Task A_case_past_its_handling_deadline_is_marked_once_with_one_event_even_with_two_instances()
    {
        app.Clock.Now = TestClock.At("2026-03-09 09:00");
        var c = await cases.InProgressAsync(); // handling due Tuesday 09:30
        var id = c.GetProperty("id").GetInt64();

        app.Clock.Now = TestClock.At("2026-03-10 09:29");
        await Watcher.MarkOverdueAsync(default);
        Assert.False((await cases.GetAsync(id)).GetProperty("overdue").GetBoolean());

        app.Clock.Now = TestClock.At("2026-03-10 09:31");
        var marked = await Task.WhenAll(Watcher.MarkOverdueAsync(default), OtherInstance().MarkOverdueAsync(default));
        await Watcher.MarkOverdueAsync(default);

        Assert.True((await cases.GetAsync(id)).GetProperty("overdue").GetBoolean());
        var events = await cases.EventsAsync(id);
        Assert.Equal(1, OverdueEvents(events));
        var overdue = events.Single(e => e.Str("action") == "overdue");
        Assert.Equal(("in_progress", "in_progress", "system"), (overdue.Str("fromStatus"), overdue.Str("toStatus"), overdue.Str("actorRole")));
        Assert.Equal(1, marked.Sum());
    }

    [Fact]
    public async Task Overdue_event_carries_the_overdue_snapshot_for_the_live_map()
    {
        app.Clock.Now = TestClock.At("2026-03-16 09:00");
        var id = (await cases.ReportAsync(121.17, 31.87)).GetProperty("id").GetInt64(); // to be dispatched by 09:45
        app.Clock.Now = TestClock.At("2026-03-16 09:46");
        await Watcher.MarkOverdueAsync(default);
        var snapshot = await app.ScalarAsync<string>(
            "SELECT snapshot::text FROM case_events WHERE case_id = $1 AND action = 'overdue'", id);
        var s = JsonDocument.Parse(snapshot).RootElement;
        Assert.True(s.GetProperty("overdue").GetBoolean());
        Assert.Equal("reported", s.Str("status"));
    }

    [Fact]
    public async Task Parked_cases_are_not_overdue_and_a_new_deadline_clears_the_mark()
    {
        app.Clock.Now = TestClock.At("2026-03-23 09:00");
        var parked = await cases.MoveOkAsync(await cases.InProgressAsync(), "park");
        var extended = await cases.MoveOkAsync(await cases.InProgressAsync(), "request_extension", new { extensionHours = 16 });

        app.Clock.Now = TestClock.At("2026-03-24 10:00"); // both were due Tuesday 09:30
        await Watcher.MarkOverdueAsync(default);
        Assert.False((await cases.GetAsync(parked.GetProperty("id").GetInt64())).GetProperty("overdue").GetBoolean());
        Assert.False((await cases.GetAsync(extended.GetProperty("id").GetInt64())).GetProperty("overdue").GetBoolean());

        var running = await cases.InProgressAsync(); // dispatched Tuesday 10:00
        app.Clock.Now = TestClock.At("2026-03-25 11:00");
        await Watcher.MarkOverdueAsync(default);
        running = await cases.GetAsync(running.GetProperty("id").GetInt64());
        Assert.True(running.GetProperty("overdue").GetBoolean());
        running = await cases.MoveOkAsync(running, "request_extension", new { extensionHours = 16 });
        running = await cases.MoveOkAsync(running, "approve_extension");
        Assert.False(running.GetProperty("overdue").GetBoolean());
        Assert.True(running.Time("handlingDue") > app.Clock.Now);
    }
}

/// <summary>The watcher's own loop, running every 0.2 s in the background.</summary>
public class OverdueLoopApp : CasesApp
{
    protected override string OverdueScanSeconds => "0.2";
}

public class OverdueWatcherLoopTests(OverdueLoopApp app) : IClassFixture<OverdueLoopApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    /// <summary>Polls until the case shows as overdue; the time limit only stops a test that would otherwise hang.</summary>
    async Task UntilOverdueAsync(long id)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while (!(await cases.GetAsync(id)).GetProperty("overdue").GetBoolean())
        {
            Assert.True(DateTime.UtcNow < giveUp, $"case {id} was never marked overdue");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_background_loop_marks_an_overdue_case_and_later_passes_leave_it_alone()
    {
        app.Clock.Now = TestClock.At("2026-03-09 09:00");
        var first = (await cases.ReportAsync(121.17, 31.87)).GetProperty("id").GetInt64(); // to be dispatched by 09:45
        app.Clock.Now = TestClock.At("2026-03-09 10:00");
        await UntilOverdueAsync(first);

        // A second case falls due only now: the pass that marks it runs after the one that
        // marked the first, and sees the first again.
        var second = (await cases.ReportAsync(121.17, 31.87)).GetProperty("id").GetInt64(); // due 10:45
        app.Clock.Now = TestClock.At("2026-03-09 11:00");
        await UntilOverdueAsync(second);

        Assert.Single(await cases.EventsAsync(first), e => e.Str("action") == "overdue");
        Assert.Single(await cases.EventsAsync(second), e => e.Str("action") == "overdue");
    }
}
