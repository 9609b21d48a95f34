using GridMap.Demo;
using GridMap.Server.Cases;

namespace GridMap.Server.Demo;

/// <summary>One audit event of a replayed case, with what of the case changed by the move (the rest of its snapshot comes from case_snapshots).</summary>
sealed record ReplayedEvent(
    DateTimeOffset At, string Actor, string ActorRole, string Action, string? FromStatus, string ToStatus, string? Note, bool AtCaseLocation,
    string Status, long? AssigneeId, DateTimeOffset? Deadline, DateTimeOffset? OverdueNotifiedAt, int Version);

/// <summary>
/// A generated case after its moves: the row to store, and its audit trail. Replayed before the
/// staff are stored, its assignee ids are indexes into the staff file until written.
/// </summary>
sealed record ReplayedCase(Case Case, string GridCode, List<ReplayedEvent> Events);

/// <summary>
/// Replays a generated case's moves through the real workflow (<see cref="Case.Take"/>: the same
/// deadlines, pauses and versions as the endpoints keep), and between moves does what the overdue
/// watcher would have done: a case whose running deadline passed is marked and gets an
/// <c>overdue</c> event a few seconds later, and so does a summons (吹哨) past its due time
/// without 报到 (<c>summons_late</c>), up to now (the load), as if it had run all along. So the
/// stored rows and the trail are what the server would have written had the year happened on it.
/// </summary>
static class CaseReplay
{
    /// <summary>The watcher scans every 5 s: a mark comes up to that long after the deadline.</summary>
    static readonly TimeSpan WatcherDelay = TimeSpan.FromSeconds(3);

    public static ReplayedCase Replay(DemoCase generated, TimeSpan shift, DateTimeOffset now, CaseCatalogue catalogue, CaseClocks clocks)
    {
        var category = catalogue.FindCategory(generated.Category)
            ?? throw new InvalidDataException($"{DemoCasesFile.FileName}: category '{generated.Category}' is not in the catalogue");
        var reportedAt = generated.ReportedAt + shift;
        var c = Case.Filed(generated.Category, generated.Description, generated.Reporter, generated.Source, generated.Location,
            reportedAt, clocks.DispatchDue(category, clocks.RegisterDue(category, reportedAt)));
        var events = new List<ReplayedEvent>(generated.Steps.Count + 2)
        {
            Event(c, reportedAt, generated.Reporter ?? generated.Source, CaseActor.Reporter.Code(), "report", null, null, atCaseLocation: true),
        };
        foreach (var step in generated.Steps)
        {
            var at = step.At + shift;
            Watch(c, at, events);
            var from = c.Status;
            var move = Move(step, catalogue);
            c.Take(step.Action, step.Role, move, category, clocks, at);
            events.Add(Event(c, at, step.Actor, step.Role.Code(), step.Action.Code(), from.Code(), move.AuditNote(step.Note)));
        }
        Watch(c, now, events);
        return new(c, generated.GridCode, events);
    }

    /// <summary>What the step's move carries, as the transitions endpoint makes it from a request.</summary>
    static CaseMove Move(DemoCaseStep step, CaseCatalogue catalogue)
    {
        if (step.Action is not (CaseAction.Escalate or CaseAction.ConfirmEscalation)) return new(AssigneeId: step.Assignee, ExtensionHours: step.ExtensionHours);
        if (step.Departments is not { Count: > 0 } codes)
            throw new InvalidDataException($"{DemoCasesFile.FileName}: {step.Action.Code()} at {step.At:O} names no department");
        return step.Action == CaseAction.ConfirmEscalation ? new(Department: codes[0]) : new(Departments: [.. codes.Select(d => catalogue.FindDepartment(d)
            ?? throw new InvalidDataException($"{DemoCasesFile.FileName}: department '{d}' is not in the catalogue"))]);
    }

    /// <summary>The watcher's passes up to <paramref name="until"/>: the case's deadline, then its summonses, as each pass runs them.</summary>
    static void Watch(Case c, DateTimeOffset until, List<ReplayedEvent> events)
    {
        WatchOverdue(c, until, events);
        WatchSummonses(c, until, events);
    }

    static void WatchSummonses(Case c, DateTimeOffset until, List<ReplayedEvent> events)
    {
        if (CaseWorkflow.IsTerminal(c.Status)) return;
        foreach (var s in c.Summonses.Where(s => s.ConfirmedAt is null && s.LateNotifiedAt is null && s.DueAt + WatcherDelay < until)
                     .OrderBy(s => s.DueAt).ThenBy(s => s.DepartmentCode, StringComparer.Ordinal))
        {
            s.LateNotifiedAt = s.DueAt + WatcherDelay;
            events.Add(Event(c, s.LateNotifiedAt.Value, OverdueWatcher.Actor, OverdueWatcher.ActorRole, "summons_late", c.Status.Code(),
                OverdueWatcher.SummonsLateNote(s.DepartmentCode)));
        }
    }

    static void WatchOverdue(Case c, DateTimeOffset until, List<ReplayedEvent> events)
    {
        if (c.OverdueNotifiedAt is not null) return;
        DateTimeOffset? due = c.Status switch
        {
            CaseStatus.Reported or CaseStatus.Registered or CaseStatus.Returned => c.DispatchDue,
            var s when CaseWorkflow.HandlingClockRuns(s) => c.HandlingDue,
            _ => null,
        };
        if (due is not { } deadline || deadline + WatcherDelay >= until) return;
        var at = deadline + WatcherDelay;
        c.MarkOverdue(at);
        events.Add(Event(c, at, OverdueWatcher.Actor, OverdueWatcher.ActorRole, "overdue", c.Status.Code(), OverdueWatcher.OverdueNote));
    }

    static ReplayedEvent Event(Case c, DateTimeOffset at, string actor, string role, string action, string? from, string? note, bool atCaseLocation = false) =>
        new(at, actor, role, action, from, c.Status.Code(), note, atCaseLocation, c.Status.Code(), c.AssigneeId, c.Deadline, c.OverdueNotifiedAt, c.Version);
}
