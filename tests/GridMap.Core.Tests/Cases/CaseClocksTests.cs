using static GridMap.Core.Tests.Cases.DataFiles;

namespace GridMap.Core.Tests.Cases;

public class CaseClocksTests
{
    static readonly CaseClocks Clocks = CaseClocks.Default(Holidays);
    static readonly CaseCategory Noise = Catalogue.FindCategory("noise_nuisance")!;       // urgent, 4 working hours
    static readonly CaseCategory Sanitation = Catalogue.FindCategory("environmental_sanitation")!; // normal, 8 working hours

    [Fact]
    public void The_command_centre_registers_and_dispatches_on_wall_clock_time_even_on_a_holiday_night()
    {
        Assert.Equal(At("2026-02-16 00:02"), Clocks.RegisterDue(Noise, At("2026-02-15 23:57")));
        Assert.Equal(At("2026-02-16 00:07"), Clocks.DispatchDue(Noise, At("2026-02-15 23:57")));
        Assert.Equal(At("2026-02-16 00:27"), Clocks.DispatchDue(Sanitation, At("2026-02-15 23:57")));
    }

    [Fact]
    public void Handling_runs_in_office_hours_and_a_granted_extension_and_a_parked_day_push_the_deadline()
    {
        // Dispatched Fri 16:00: 1.5 h Fri, 2.5 h Mon.
        Assert.Equal(At("2026-03-09 11:00"), Clocks.HandlingDue(Noise, At("2026-03-06 16:00"), TimeSpan.Zero, []));
        // Plus 8 h extension: Mon 11:00-12:00, 13:30-17:30, Tue 08:30-11:30.
        Assert.Equal(At("2026-03-10 11:30"), Clocks.HandlingDue(Noise, At("2026-03-06 16:00"), TimeSpan.FromHours(8), []));
        // Parked all of Monday instead: the 2.5 h move to Tuesday.
        var parked = new TimeRange(At("2026-03-09 00:00"), At("2026-03-10 00:00"));
        Assert.Equal(At("2026-03-10 11:00"), Clocks.HandlingDue(Noise, At("2026-03-06 16:00"), TimeSpan.Zero, [parked]));
    }

    [Fact]
    public void A_department_summoned_late_on_friday_must_confirm_on_monday_morning()
    {
        var justice = Catalogue.FindDepartment("justice")!;
        // 17:20-17:30 Fri is 10 min, the other 20 min from 08:30 Mon.
        Assert.Equal(At("2026-03-09 08:50"), Clocks.ConfirmDue(justice, At("2026-03-06 17:20")));
    }
}
