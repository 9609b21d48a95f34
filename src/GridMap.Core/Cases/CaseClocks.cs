namespace GridMap.Core.Cases;

/// <summary>
/// Which clock each case limit counts on. The command centre is staffed around the clock, so
/// its minute limits (register, dispatch) are wall-clock time; handlers and summoned departments
/// keep office hours, so handling limits and 报到 limits are office working time, with weekends
/// and holidays paused and make-up days (调休) worked.
/// </summary>
public sealed class CaseClocks(WorkingClock commandCentre, WorkingClock office)
{
    public static CaseClocks Default(HolidayCalendar holidays) =>
        new(new WorkingClock(WorkCalendar.AllDay), new WorkingClock(WorkCalendar.Office(holidays)));

    /// <summary>Register and dispatch limits.</summary>
    public WorkingClock CommandCentre => commandCentre;

    /// <summary>Handling and confirmation (报到) limits.</summary>
    public WorkingClock Office => office;

    public DateTimeOffset RegisterDue(CaseCategory category, DateTimeOffset reportedAt) =>
        commandCentre.Deadline(reportedAt, category.RegisterLimit);

    public DateTimeOffset DispatchDue(CaseCategory category, DateTimeOffset registeredAt) =>
        commandCentre.Deadline(registeredAt, category.DispatchLimit);

    /// <summary>
    /// Feedback is due once the category's handling limit plus any granted extension has run
    /// in office time since dispatch, not counting the pauses (parked, extension pending).
    /// </summary>
    public DateTimeOffset HandlingDue(CaseCategory category, DateTimeOffset dispatchedAt, TimeSpan grantedExtension, IEnumerable<TimeRange> pauses) =>
        office.Deadline(dispatchedAt, category.HandlingLimit + grantedExtension, pauses);

    public DateTimeOffset ConfirmDue(FunctionalDepartment department, DateTimeOffset summonedAt) =>
        office.Deadline(summonedAt, department.ConfirmLimit);
}
