using static GridMap.Core.Tests.Cases.DataFiles;

namespace GridMap.Core.Tests.Cases;

// Office hours 08:30-12:00 and 13:30-17:30 on working days; expected deadlines worked out by hand.
public class WorkingClockTests
{
    static readonly WorkingClock Office = new(WorkCalendar.Office(Holidays));
    static readonly WorkingClock AllDay = new(WorkCalendar.AllDay);

    [Theory]
    // Fri 16:00-17:30 is 1.5 h; Mon 08:30-11:00 the other 2.5 h.
    [InlineData("2026-03-06 16:00", 4, "2026-03-09 11:00")]
    // Sat 2026-02-14 is a make-up working day (春节调休上班).
    [InlineData("2026-02-13 16:00", 4, "2026-02-14 11:00")]
    // 1.5 h Fri + 7.5 h on the make-up Saturday, then 春节 Feb 15-23 is off; 3 h on Tue Feb 24.
    [InlineData("2026-02-13 16:00", 12, "2026-02-24 11:30")]
    // 11:00-12:00, lunch, 13:30-14:30.
    [InlineData("2026-03-09 11:00", 2, "2026-03-09 14:30")]
    // Used up exactly at noon: due at 12:00, not when work resumes.
    [InlineData("2026-03-09 09:00", 3, "2026-03-09 12:00")]
    // Before opening and at the weekend the clock waits for the next working minute.
    [InlineData("2026-03-09 07:00", 1, "2026-03-09 09:30")]
    [InlineData("2026-03-07 10:00", 1, "2026-03-09 09:30")]
    // 国庆节、中秋节 2025: Oct 1-8 off.
    [InlineData("2025-09-30 17:00", 1, "2025-10-09 09:00")]
    // Sun 2025-09-28 is worked.
    [InlineData("2025-09-26 17:00", 1, "2025-09-28 09:00")]
    // 元旦 2026: Jan 1-3 off, Sun Jan 4 worked.
    [InlineData("2025-12-31 17:00", 1, "2026-01-04 09:00")]
    public void Deadline_counts_only_office_hours_on_working_days(string start, int hours, string due) =>
        Assert.Equal(At(due), Office.Deadline(At(start), TimeSpan.FromHours(hours)));

    [Fact]
    public void A_parked_interval_is_left_out_of_the_deadline()
    {
        // 09:00-10:00 Mon (1 h), parked until Tue 10:00, then Tue 10:00-12:00 and 13:30-17:30 (6 h), Wed 08:30-09:30 (1 h).
        var parked = new TimeRange(At("2026-03-09 10:00"), At("2026-03-10 10:00"));
        Assert.Equal(At("2026-03-11 09:30"), Office.Deadline(At("2026-03-09 09:00"), TimeSpan.FromHours(8), [parked]));
        // Without the pause: 7 h on Monday, 1 h on Tuesday.
        Assert.Equal(At("2026-03-10 09:30"), Office.Deadline(At("2026-03-09 09:00"), TimeSpan.FromHours(8)));
    }

    [Fact]
    public void Overlapping_pauses_are_left_out_once()
    {
        TimeRange[] pauses =
        [
            new(At("2026-03-09 10:00"), At("2026-03-09 11:00")),
            new(At("2026-03-09 10:30"), At("2026-03-09 11:30")),
            new(At("2026-03-09 11:30"), At("2026-03-09 11:45")),
        ];
        // 09:00-10:00 and 11:45-12:00 worked: 1 h 15 min.
        Assert.Equal(TimeSpan.FromMinutes(75), Office.WorkingTimeBetween(At("2026-03-09 09:00"), At("2026-03-09 13:00"), pauses));
    }

    [Fact]
    public void A_pause_that_began_before_the_start_still_holds_the_clock()
    {
        var parked = new TimeRange(At("2026-03-06 09:00"), At("2026-03-09 10:00"));
        Assert.Equal(At("2026-03-09 11:00"), Office.Deadline(At("2026-03-09 08:30"), TimeSpan.FromHours(1), [parked]));
    }

    [Fact]
    public void Working_time_between_is_negative_when_the_deadline_has_passed()
    {
        Assert.Equal(TimeSpan.FromHours(4), Office.WorkingTimeBetween(At("2026-03-06 16:00"), At("2026-03-09 11:00")));
        Assert.Equal(TimeSpan.FromHours(-4), Office.WorkingTimeBetween(At("2026-03-09 11:00"), At("2026-03-06 16:00")));
        Assert.Equal(TimeSpan.Zero, Office.WorkingTimeBetween(At("2026-02-15 09:00"), At("2026-02-23 17:00")));
    }

    [Fact]
    public void All_day_clock_is_wall_clock_time_even_on_holidays()
    {
        Assert.Equal(At("2026-02-16 00:05"), AllDay.Deadline(At("2026-02-15 23:55"), TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.FromDays(9), AllDay.WorkingTimeBetween(At("2026-02-15 00:00"), At("2026-02-24 00:00")));
    }

    [Fact]
    public void Any_offset_goes_in_and_china_standard_time_comes_out()
    {
        var due = Office.Deadline(new DateTimeOffset(2026, 3, 9, 1, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromHours(8), due.Offset);
        Assert.Equal(At("2026-03-09 10:00"), due);
    }

    [Fact]
    public void A_zero_limit_is_due_at_once_and_a_negative_one_is_refused()
    {
        Assert.Equal(At("2026-03-07 10:00"), Office.Deadline(At("2026-03-07 10:00"), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Office.Deadline(At("2026-03-07 10:00"), TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void A_custom_calendar_can_run_seven_days_a_week_in_two_shifts()
    {
        var shifts = new WorkingClock(new WorkCalendar(
            [WorkPeriod.Parse("08:00-12:00"), WorkPeriod.Parse("14:00-20:00")], Enum.GetValues<DayOfWeek>(), Holidays));
        // Sat 19:00-20:00, Sun 08:00-10:00; the weekend counts, 春节 does not.
        Assert.Equal(At("2026-03-08 10:00"), shifts.Deadline(At("2026-03-07 19:00"), TimeSpan.FromHours(3)));
        Assert.Equal(At("2026-02-24 09:00"), shifts.Deadline(At("2026-02-14 19:00"), TimeSpan.FromHours(2)));
    }

    [Theory]
    [InlineData("12:00-08:30")]
    [InlineData("08:30-08:30")]
    public void A_period_that_does_not_run_forward_is_refused(string period) =>
        Assert.Throws<ArgumentException>(() => new WorkCalendar([WorkPeriod.Parse(period)], WorkCalendar.MondayToFriday, HolidayCalendar.None));

    [Fact]
    public void Overlapping_periods_and_a_week_without_working_days_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new WorkCalendar(
            [WorkPeriod.Parse("08:00-12:00"), WorkPeriod.Parse("11:00-13:00")], WorkCalendar.MondayToFriday, HolidayCalendar.None));
        Assert.Throws<ArgumentException>(() => new WorkCalendar(WorkCalendar.OfficeHours, [], HolidayCalendar.None));
        Assert.Throws<ArgumentException>(() => new TimeRange(At("2026-03-09 10:00"), At("2026-03-09 09:00")));
    }
}
