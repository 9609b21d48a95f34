using GridMap.Core.Cases;

namespace GridMap.Server.Cases;

/// <summary>
/// A case as the API shows it. Times are in China Standard Time (+08:00). The first fields match
/// the live snapshot (<c>case_snapshot()</c>), so a list updated from the hub and one loaded
/// from here agree.
/// </summary>
/// <param name="Deadline">The deadline the case runs against now: handling once dispatched, else dispatch.</param>
/// <param name="Overdue">The deadline passed while the case was running and the overdue watcher reported it.</param>
/// <param name="AllowedActions">What each role may do now (the buttons to show), roles with nothing left out.</param>
/// <param name="Published">Marked public: the public Open311 listing shows its description.</param>
public sealed record CaseView(
    long Id, string Status, string StatusName, string CategoryCode, string CategoryName, string Description,
    double Lon, double Lat, long? GridId, long? CommunityId, long? StreetId, long? DistrictId,
    long? AssigneeId, long? PossibleDuplicateOf, DateTimeOffset ReportedAt, DateTimeOffset? Deadline, bool Overdue, int Version,
    string? Reporter, string Source, DateTimeOffset? RegisteredAt, DateTimeOffset? DispatchDue, DateTimeOffset? DispatchedAt,
    DateTimeOffset? HandlingDue, DateTimeOffset? FeedbackAt, DateTimeOffset? ClosedAt, DateTimeOffset UpdatedAt,
    bool HandlingClockPaused, int? ExtensionRequestedHours, int ExtensionGrantedHours, int ReworkCount,
    IReadOnlyList<SummonsView> Summons, IReadOnlyDictionary<string, string[]> AllowedActions, bool Published)
{
    public static CaseView Of(Case c, CaseCatalogue catalogue, DateTimeOffset now) => new(
        c.Id, c.Status.Code(), StatusNames.Zh(c.Status), c.CategoryCode, catalogue.FindCategory(c.CategoryCode)?.NameZh ?? c.CategoryCode,
        c.Description, c.Location.X, c.Location.Y, c.GridId, c.CommunityId, c.StreetId, c.DistrictId,
        c.AssigneeId, c.PossibleDuplicateOf, Cst(c.ReportedAt), Cst(c.Deadline), c.IsOverdue, c.Version,
        c.Reporter, c.Source, Cst(c.RegisteredAt), Cst(c.DispatchDue), Cst(c.DispatchedAt),
        Cst(c.HandlingDue), Cst(c.FeedbackAt), Cst(c.ClosedAt), Cst(c.UpdatedAt),
        c.PausedSince is not null, c.ExtensionRequestedHours, c.ExtensionGrantedHours, c.ReworkCount,
        [.. c.Escalation.Summonses.Select(s => SummonsView.Of(s, catalogue, now))],
        Enum.GetValues<CaseActor>()
            .Select(role => (role, actions: CaseWorkflow.AllowedActions(c.Status, role)))
            .Where(x => x.actions.Count > 0)
            .ToDictionary(x => x.role.Code(), x => x.actions.Select(a => a.Code()).ToArray()),
        c.Published);

    public static DateTimeOffset Cst(DateTimeOffset t) => t.ToOffset(WorkingClock.ChinaStandardTime);
    public static DateTimeOffset? Cst(DateTimeOffset? t) => t?.ToOffset(WorkingClock.ChinaStandardTime);
}

/// <summary>A department summoned by a whistle (吹哨): <c>confirmed</c> once it reported (报到), else <c>pending</c>.</summary>
/// <param name="Late">Confirmed after its due time, or still pending past it.</param>
public sealed record SummonsView(string Department, string DepartmentName, string State, DateTimeOffset SummonedAt, DateTimeOffset DueAt, DateTimeOffset? ConfirmedAt, bool Late)
{
    public static SummonsView Of(Summons s, CaseCatalogue catalogue, DateTimeOffset now) => new(
        s.Department, catalogue.FindDepartment(s.Department)?.NameZh ?? s.Department, s.IsConfirmed ? "confirmed" : "pending",
        CaseView.Cst(s.SummonedAt), CaseView.Cst(s.DueAt), CaseView.Cst(s.ConfirmedAt), s.IsLate(now));
}

/// <summary>The status names users know (GB/T 30428 wording), for labels and Open311 status notes.</summary>
public static class StatusNames
{
    public static string Zh(CaseStatus status) => status switch
    {
        CaseStatus.Reported => "已上报",
        CaseStatus.Registered => "已立案",
        CaseStatus.Voided => "不予立案",
        CaseStatus.Dispatched => "已派遣",
        CaseStatus.InProgress => "处置中",
        CaseStatus.Returned => "已退回",
        CaseStatus.ExtensionRequested => "延期申请中",
        CaseStatus.Extended => "已延期",
        CaseStatus.Parked => "挂账",
        CaseStatus.FeedbackSubmitted => "已反馈",
        CaseStatus.Checking => "核查中",
        CaseStatus.Closed => "已结案",
        _ => status.Code(),
    };
}
