using NetTopologySuite.Geometries;
using NpgsqlTypes;

namespace GridMap.Server.Cases;

/// <summary>
/// A concern (民情诉求) as a case in the GB/T 30428 loop. Filed by SQL (<see cref="CaseIntake"/>:
/// its areas come from its location); every later change is made on this entity and written by
/// EF Core: moves go through <see cref="Take"/>, which keeps the deadlines and bumps
/// <see cref="Version"/>, the concurrency token. Read by no one as an entity: readers read
/// <c>case_snapshots</c> (Data/Sql/case_snapshots.sql).
/// </summary>
public sealed class Case
{
    public long Id { get; private set; }
    public string CategoryCode { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string? Reporter { get; private set; }
    public string Source { get; private set; } = "api";
    public CaseStatus Status { get; private set; }
    public Point Location { get; private set; } = Point.Empty;
    public long? GridId { get; private set; }
    public long? CommunityId { get; private set; }
    public long? StreetId { get; private set; }
    public long? DistrictId { get; private set; }
    public long? AssigneeId { get; private set; }
    public long? PossibleDuplicateOf { get; private set; }
    public DateTimeOffset ReportedAt { get; private set; }
    public DateTimeOffset? RegisteredAt { get; private set; }
    /// <summary>On the command centre's wall clock: from the report (register + dispatch limits), then from 立案 or a return.</summary>
    public DateTimeOffset? DispatchDue { get; private set; }
    public DateTimeOffset? DispatchedAt { get; private set; }
    /// <summary>Office working time from dispatch, plus any granted extension, minus the pauses.</summary>
    public DateTimeOffset? HandlingDue { get; private set; }
    public DateTimeOffset? FeedbackAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset? OverdueNotifiedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public NpgsqlRange<DateTime>[] Pauses { get; private set; } = [];
    public DateTimeOffset? PausedSince { get; private set; }
    public int? ExtensionRequestedHours { get; private set; }
    public int ExtensionGrantedHours { get; private set; }
    public int ReworkCount { get; private set; }
    public int Version { get; private set; }
    /// <summary>Marked public by a command centre (CasesApi's publish, not a workflow move): the public Open311 listing may show its description.</summary>
    public bool Published { get; private set; }
    public List<CaseSummons> Summonses { get; private set; } = [];
    /// <summary>The signed-in user who reported it (none for Open311 and hotline reports).</summary>
    public long? ReportedBy { get; private set; }
    /// <summary>The original this case was merged into as a duplicate (<see cref="MergeInto"/>).</summary>
    public long? DuplicateOf { get; private set; }

    /// <summary>
    /// Merges this case, a duplicate, into <paramref name="original"/>: both are kept and linked,
    /// and this one is voided, as the workflow lets the command centre void a report.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The workflow does not let this case be voided now.</exception>
    public void MergeInto(long original, CaseCategory category, CaseClocks clocks, DateTimeOffset now)
    {
        Take(CaseAction.Void, CaseActor.CommandCentre, new CaseMove(), category, clocks, now);
        DuplicateOf = original;
    }

    /// <summary>A case as <c>report_case</c> files it, for replaying a recorded history (demo load); its moves then go through <see cref="Take"/>.</summary>
    internal static Case Filed(string categoryCode, string description, string? reporter, string source, Point location,
        DateTimeOffset reportedAt, DateTimeOffset dispatchDue) => new()
    {
        CategoryCode = categoryCode, Description = description, Reporter = reporter, Source = source, Location = location,
        Status = CaseWorkflow.Initial, ReportedAt = reportedAt.ToUniversalTime(), UpdatedAt = reportedAt.ToUniversalTime(),
        DispatchDue = dispatchDue.ToUniversalTime(), Version = 1,
    };

    /// <summary>The running deadline passed (<see cref="OverdueWatcher"/>). Not a move: the version stays.</summary>
    public void MarkOverdue(DateTimeOffset now) => OverdueNotifiedAt = now.ToUniversalTime();

    /// <summary>The deadline the case is running against now: handling once dispatched, else dispatch.</summary>
    public DateTimeOffset? Deadline => HandlingDue ?? DispatchDue;

    public Escalation Escalation =>
        new(Summonses.OrderBy(s => s.SummonedAt).ThenBy(s => s.DepartmentCode)
            .Select(s => new Summons(s.DepartmentCode, s.SummonedAt, s.DueAt, s.ConfirmedAt)));

    /// <summary>
    /// Takes a move the workflow allows <paramref name="role"/> to make, with what the move needs
    /// (checked by the caller). A new deadline in the future clears the overdue mark, so a case
    /// is reported overdue once per deadline.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The workflow forbids the move.</exception>
    public void Take(CaseAction action, CaseActor role, CaseMove move, CaseCategory category, CaseClocks clocks, DateTimeOffset now)
    {
        var from = Status;
        var to = CaseWorkflow.Apply(from, action, role);
        now = now.ToUniversalTime();
        switch (action)
        {
            case CaseAction.Register:
                RegisteredAt = now;
                DispatchDue = Utc(clocks.DispatchDue(category, now));
                break;
            case CaseAction.Dispatch:
                AssigneeId = move.AssigneeId;
                DispatchedAt = now;
                Pauses = [];
                PausedSince = null;
                ExtensionRequestedHours = null;
                ExtensionGrantedHours = 0;
                break;
            case CaseAction.Return:
                AssigneeId = null;
                HandlingDue = null;
                DispatchedAt = null;
                DispatchDue = Utc(clocks.DispatchDue(category, now));
                break;
            case CaseAction.RequestExtension:
                ExtensionRequestedHours = move.ExtensionHours;
                break;
            case CaseAction.ApproveExtension:
                ExtensionGrantedHours = ExtensionRequestedHours ?? 0;
                break;
            case CaseAction.SubmitFeedback:
                FeedbackAt = now;
                break;
            case CaseAction.Rework:
                ReworkCount++;
                break;
            case CaseAction.Close:
                ClosedAt = now;
                break;
            case CaseAction.Escalate:
                var escalation = Escalation.Summon(move.Departments ?? [], now, clocks.Office);
                foreach (var s in escalation.Summonses.Where(s => Summonses.All(x => x.DepartmentCode != s.Department)))
                    Summonses.Add(new CaseSummons { CaseId = Id, DepartmentCode = s.Department, SummonedAt = Utc(s.SummonedAt), DueAt = Utc(s.DueAt) });
                break;
            case CaseAction.ConfirmEscalation:
                var summons = Summonses.Single(s => s.DepartmentCode == move.Department);
                summons.ConfirmedAt ??= now;
                break;
        }
        Status = to;
        MoveHandlingClock(from, to, category, clocks, now);
        if (Deadline > now) OverdueNotifiedAt = null;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>
    /// The handling clock runs only while the handler has the case (dispatched, in progress,
    /// extended). Leaving those states starts a pause; coming back closes it and moves the
    /// deadline. Feedback given during a pause also moves it, so "on time" compares fairly.
    /// </summary>
    void MoveHandlingClock(CaseStatus from, CaseStatus to, CaseCategory category, CaseClocks clocks, DateTimeOffset now)
    {
        if (DispatchedAt is not { } dispatchedAt) return;
        bool ran = CaseWorkflow.HandlingClockRuns(from), runs = CaseWorkflow.HandlingClockRuns(to);
        if (ran && !runs)
        {
            PausedSince = now;
            return;
        }
        if (ran) return;
        var pauses = PausedSince is { } since ? [.. Pauses, new NpgsqlRange<DateTime>(since.UtcDateTime, now.UtcDateTime)] : Pauses;
        if (runs)
        {
            Pauses = pauses;
            PausedSince = null;
        }
        if (runs || (to == CaseStatus.FeedbackSubmitted && from != to))
            HandlingDue = Utc(clocks.HandlingDue(category, dispatchedAt, TimeSpan.FromHours(ExtensionGrantedHours),
                pauses.Select(p => new TimeRange(new DateTimeOffset(p.LowerBound), new DateTimeOffset(p.UpperBound)))));
    }

    /// <summary>Npgsql writes timestamptz only from UTC values; the clocks answer in China Standard Time.</summary>
    static DateTimeOffset Utc(DateTimeOffset t) => t.ToUniversalTime();
}

/// <summary>What a move carries besides the action: checked against the catalogue and staff before <see cref="Case.Take"/>.</summary>
public sealed record CaseMove(
    long? AssigneeId = null,
    int? ExtensionHours = null,
    IReadOnlyList<FunctionalDepartment>? Departments = null,
    string? Department = null)
{
    /// <summary>The audit trail's note of the move: the mover's note, plus what the case's snapshot does not show (who was summoned or confirmed, the hours asked).</summary>
    public string? AuditNote(string? note)
    {
        string? detail = this switch
        {
            { Departments: { Count: > 0 } summoned } => "departments: " + string.Join(", ", summoned.Select(d => d.Code)),
            { Department: { } d } => "department: " + d,
            { ExtensionHours: { } h } => $"extension hours: {h}",
            _ => null,
        };
        return string.Join(" | ", new[] { note?.Trim(), detail }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } joined ? joined : null;
    }
}

/// <summary>A department summoned to a case (吹哨) and when it confirmed (报到).</summary>
public sealed class CaseSummons
{
    public long CaseId { get; set; }
    public required string DepartmentCode { get; set; }
    public DateTimeOffset SummonedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    /// <summary>When the overdue watcher found it past <see cref="DueAt"/> without 报到.</summary>
    public DateTimeOffset? LateNotifiedAt { get; set; }
}
