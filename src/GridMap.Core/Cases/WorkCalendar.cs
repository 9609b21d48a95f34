namespace GridMap.Core.Cases;

/// <summary>A stretch of the working day in China Standard Time, as times since midnight; End may be 24:00.</summary>
public readonly record struct WorkPeriod(TimeSpan Start, TimeSpan End)
{
    /// <summary>Parses "08:30-12:00" (and "00:00-24:00").</summary>
    public static WorkPeriod Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2) throw new FormatException($"A work period looks like 08:30-12:00, not '{text}'.");
        return new(ParseTime(parts[0]), ParseTime(parts[1]));
    }

    static TimeSpan ParseTime(string hhmm) =>
        hhmm == "24:00" ? TimeSpan.FromHours(24) : TimeOnly.ParseExact(hhmm, "HH:mm").ToTimeSpan();
}

/// <summary>
/// When the clock runs: the working periods of a working day, which weekdays are working days, and
/// the holiday calendar that overrides them (holidays are off, make-up days 调休 are worked).
/// Each kind of limit picks its calendar: a 24-hour command centre registers and dispatches
/// around the clock (<see cref="AllDay"/>), departments handle cases in office hours
/// (<see cref="Office"/>).
/// </summary>
public sealed class WorkCalendar
{
    public static IReadOnlyList<WorkPeriod> OfficeHours { get; } =
        [WorkPeriod.Parse("08:30-12:00"), WorkPeriod.Parse("13:30-17:30")];

    public static IReadOnlyList<DayOfWeek> MondayToFriday { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Every minute of every day counts: wall-clock time, holidays included.</summary>
    public static WorkCalendar AllDay { get; } =
        new([WorkPeriod.Parse("00:00-24:00")], Enum.GetValues<DayOfWeek>(), HolidayCalendar.None);

    /// <summary>08:30–12:00 and 13:30–17:30, Monday to Friday, with the given holidays and make-up days.</summary>
    public static WorkCalendar Office(HolidayCalendar holidays) => new(OfficeHours, MondayToFriday, holidays);

    readonly HashSet<DayOfWeek> workingWeekdays;

    public WorkCalendar(IEnumerable<WorkPeriod> periods, IEnumerable<DayOfWeek> workingWeekdays, HolidayCalendar holidays)
    {
        Periods = [.. periods.OrderBy(p => p.Start)];
        this.workingWeekdays = [.. workingWeekdays];
        Holidays = holidays;
        // Without a working weekday the clock could never reach a deadline.
        if (this.workingWeekdays.Count == 0) throw new ArgumentException("A calendar needs at least one working weekday.", nameof(workingWeekdays));
        if (Periods.Count == 0) throw new ArgumentException("A calendar needs at least one working period.", nameof(periods));
        for (var i = 0; i < Periods.Count; i++)
        {
            var p = Periods[i];
            if (p.Start < TimeSpan.Zero || p.End > TimeSpan.FromHours(24) || p.End <= p.Start)
                throw new ArgumentException($"Work period {p.Start:hh\\:mm}-{p.End:hh\\:mm} is not a stretch within one day.", nameof(periods));
            if (i > 0 && p.Start < Periods[i - 1].End)
                throw new ArgumentException("Work periods overlap.", nameof(periods));
        }
    }

    public IReadOnlyList<WorkPeriod> Periods { get; }
    public HolidayCalendar Holidays { get; }

    public bool IsWorkingDay(DateOnly day) =>
        !Holidays.IsHoliday(day) && (Holidays.IsMakeUpWorkday(day) || workingWeekdays.Contains(day.DayOfWeek));
}
