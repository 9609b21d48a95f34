namespace GridMap.Tests.Cases;

/// <summary>
/// Deadlines as users see them on the case, worked out by hand: dispatch limits run on the
/// command centre's wall clock; handling limits in office hours (08:30–12:00, 13:30–17:30 on
/// working days), with weekends, holidays and make-up days (调休) from data/holidays.json, and
/// with parked or extension-pending time left out. 环境卫生 allows 8 working hours to handle.
/// </summary>
public class CaseDeadlineTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    async Task<JsonElement> DispatchedAt(string cst)
    {
        app.Clock.Now = TestClock.At(cst);
        var c = await cases.MoveOkAsync(await cases.ReportAsync(121.17, 31.87), "register");
        return await cases.MoveOkAsync(c, "dispatch", new { assigneeId = 3 });
    }

    async Task<JsonElement> At(string cst, JsonElement c, string action, object? extra = null)
    {
        app.Clock.Now = TestClock.At(cst);
        return await cases.MoveOkAsync(c, action, extra);
    }

    [Fact]
    public async Task Dispatch_deadline_runs_on_the_wall_clock_through_the_night_and_weekend()
    {
        app.Clock.Now = TestClock.At("2026-03-06 23:50"); // a Friday night
        Assert.Equal(TestClock.At("2026-03-07 00:35"), (await cases.ReportAsync(121.17, 31.87)).Time("deadline"));
        Assert.Equal(TestClock.At("2026-03-07 00:05"), (await cases.ReportAsync(121.17, 31.87, "public_security_stability", "打架斗殴")).Time("deadline"));
    }

    [Fact]
    public async Task Registering_sets_the_dispatch_deadline_from_the_moment_of_registering()
    {
        app.Clock.Now = TestClock.At("2026-03-06 16:00");
        var c = await cases.ReportAsync(121.17, 31.87);
        c = await At("2026-03-06 16:10", c, "register");
        Assert.Equal(TestClock.At("2026-03-06 16:40"), c.Time("dispatchDue"));
        Assert.Equal(TestClock.At("2026-03-06 16:40"), c.Time("deadline"));
    }

    [Fact]
    public async Task Handling_deadline_skips_the_weekend()
    {
        // Friday 16:30–17:30 is 1 h; Monday 08:30–12:00 3.5 h and 13:30–17:00 the last 3.5 h.
        var c = await DispatchedAt("2026-03-06 16:30");
        Assert.Equal(TestClock.At("2026-03-09 17:00"), c.Time("handlingDue"));
        Assert.Equal(TestClock.At("2026-03-09 17:00"), c.Time("deadline"));
    }

    [Fact]
    public async Task Handling_deadline_skips_a_holiday_and_counts_the_make_up_day()
    {
        // Wed 31 Dec 16:30–17:30 is 1 h; 1–3 Jan is 元旦; Sunday 4 Jan is worked (元旦调休上班): 7 h → 17:00.
        var c = await DispatchedAt("2025-12-31 16:30");
        Assert.Equal(TestClock.At("2026-01-04 17:00"), c.Time("handlingDue"));
    }

    [Fact]
    public async Task Parked_time_is_left_out_of_the_handling_time()
    {
        // Monday 09:00 + 8 h = Tuesday 09:30. Parked 10:00–14:00 holds 2.5 working hours → Tuesday 12:00.
        var c = await DispatchedAt("2026-03-09 09:00");
        Assert.Equal(TestClock.At("2026-03-10 09:30"), c.Time("handlingDue"));
        c = await At("2026-03-09 09:10", c, "accept");
        c = await At("2026-03-09 10:00", c, "park");
        Assert.True(c.GetProperty("handlingClockPaused").GetBoolean());
        c = await At("2026-03-09 14:00", c, "unpark");
        Assert.False(c.GetProperty("handlingClockPaused").GetBoolean());
        Assert.Equal(TestClock.At("2026-03-10 12:00"), c.Time("handlingDue"));
    }

    [Fact]
    public async Task Approved_extension_adds_its_hours_and_the_wait_for_the_decision_is_left_out()
    {
        // 8 h + 8 h granted, the hour 10:00–11:00 waiting for the decision not counted:
        // Monday 6 h, Tuesday 7.5 h, Wednesday 08:30 + 2.5 h = 11:00.
        var c = await DispatchedAt("2026-03-09 09:00");
        c = await At("2026-03-09 09:10", c, "accept");
        c = await At("2026-03-09 10:00", c, "request_extension", new { extensionHours = 8 });
        c = await At("2026-03-09 11:00", c, "approve_extension");
        Assert.Equal("extended", c.Str("status"));
        Assert.Equal(TestClock.At("2026-03-11 11:00"), c.Time("handlingDue"));
    }

    [Fact]
    public async Task Rejected_extension_keeps_the_limit_but_not_the_wait()
    {
        var c = await DispatchedAt("2026-03-09 09:00");
        c = await At("2026-03-09 09:10", c, "accept");
        c = await At("2026-03-09 10:00", c, "request_extension", new { extensionHours = 8 });
        c = await At("2026-03-09 11:00", c, "reject_extension");
        Assert.Equal(TestClock.At("2026-03-10 10:30"), c.Time("handlingDue"));
        Assert.Equal(0, c.GetProperty("extensionGrantedHours").GetInt32());
    }

    [Fact]
    public async Task Checking_time_is_the_command_centres_so_rework_moves_the_handlers_deadline()
    {
        // Feedback Monday 11:00, rework Monday 14:00: the 1.5 working hours between are not the handler's.
        var c = await DispatchedAt("2026-03-09 09:00");
        c = await At("2026-03-09 09:10", c, "accept");
        c = await At("2026-03-09 11:00", c, "submit_feedback");
        c = await At("2026-03-09 11:30", c, "begin_check");
        c = await At("2026-03-09 14:00", c, "rework");
        Assert.Equal(TestClock.At("2026-03-10 11:00"), c.Time("handlingDue"));
    }

    [Fact]
    public async Task Feedback_while_an_extension_is_pending_is_judged_on_the_paused_clock()
    {
        // The clock stopped at Monday 10:00 with 7 h left. Feedback on Tuesday 10:00 is after the
        // original Tuesday 09:30, yet on time: the pause holds 7.5 working hours → Wednesday 09:30.
        var c = await DispatchedAt("2026-03-09 09:00");
        c = await At("2026-03-09 09:10", c, "accept");
        c = await At("2026-03-09 10:00", c, "request_extension", new { extensionHours = 8 });
        c = await At("2026-03-10 10:00", c, "submit_feedback");
        Assert.Equal(TestClock.At("2026-03-11 09:30"), c.Time("handlingDue"));
        c = await At("2026-03-10 11:00", c, "begin_check");
        Assert.Equal(TestClock.At("2026-03-11 09:30"), c.Time("handlingDue"));
    }
}
