using Microsoft.EntityFrameworkCore;

namespace GridMap.Server.Cases;

/// <summary>
/// Every few seconds (<c>GRIDMAP_OVERDUE_SCAN_SECONDS</c>, default 5; 0 turns it off), marks the
/// running cases whose deadline has passed and appends an <c>overdue</c> event, which the live map
/// receives like any other change. A case is marked once per deadline: the mark stays until a
/// move gives it a new deadline. The mark is not a move: the version stays. Rows another instance is marking are skipped, not waited for,
/// so several instances on one database never report a case twice.
/// </summary>
public sealed class OverdueWatcher(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config, ILogger<OverdueWatcher> log) : BackgroundService
{
    public const string Actor = "overdue_watcher";
    public const string ActorRole = "system";
    /// <summary>The note of an <c>overdue</c> event.</summary>
    public const string OverdueNote = "deadline passed";
    const int Batch = 500;

    /// <summary>The note of a <c>summons_late</c> event.</summary>
    public static string SummonsLateNote(string department) => $"summons of {department} past due without 报到";

    /// <summary>Waiting for 立案 or 派遣: the command centre's dispatch deadline runs.</summary>
    static readonly string[] AwaitingDispatch = [CaseStatus.Reported.Code(), CaseStatus.Registered.Code(), CaseStatus.Returned.Code()];

    /// <summary>With the handler: the handling deadline runs.</summary>
    static readonly string[] BeingHandled = [.. Enum.GetValues<CaseStatus>().Where(CaseWorkflow.HandlingClockRuns).Select(s => s.Code())];

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var seconds = config.GetValue("GRIDMAP_OVERDUE_SCAN_SECONDS", 5.0);
        if (seconds <= 0) return;
        await RecurringPass.RunAsync(TimeSpan.FromSeconds(seconds), time, atStart: false, "Overdue scan", log, async ct =>
        {
            while (await MarkOverdueAsync(ct) == Batch) { }
            while (await MarkLateSummonsesAsync(ct) == Batch) { }
        }, stop);
    }

    /// <summary>
    /// One pass over summonses (吹哨) past their due time without 报到, on cases still open: marks
    /// each late once and appends a <c>summons_late</c> event to its case, so the command centre's
    /// live map shows the summons late (the snapshot's <c>summons[].late</c>). Returns how many.
    /// </summary>
    public async Task<int> MarkLateSummonsesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GridMapDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var late = await db.Database.SqlQuery<LateSummons>($"""
            UPDATE case_summons s SET late_notified_at = {now}
            FROM (SELECT p.case_id, p.department_code FROM case_summons p JOIN cases c ON c.id = p.case_id
                  WHERE p.confirmed_at IS NULL AND p.late_notified_at IS NULL AND p.due_at < {now} AND NOT case_finished(c.status)
                  ORDER BY p.case_id, p.department_code LIMIT {Batch}
                  FOR UPDATE OF p SKIP LOCKED) due
            WHERE s.case_id = due.case_id AND s.department_code = due.department_code
            RETURNING s.case_id AS "CaseId", s.department_code AS "DepartmentCode"
            """).ToListAsync(ct);
        if (late.Count == 0) return 0;
        long[] ids = [.. late.Select(l => l.CaseId)];
        string[] notes = [.. late.Select(l => SummonsLateNote(l.DepartmentCode))];
        await db.Database.ExecuteSqlAsync($"""
            SELECT append_case_event(x.id, {Actor}, {ActorRole}, 'summons_late', c.status, x.note)
            FROM unnest({ids}::bigint[], {notes}::text[]) AS x (id, note) JOIN cases c ON c.id = x.id ORDER BY x.id, x.note
            """, ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Marked {Count} summons(es) late", late.Count);
        return late.Count;
    }

    sealed class LateSummons
    {
        public long CaseId { get; set; }
        public string DepartmentCode { get; set; } = "";
    }

    /// <summary>One pass: marks up to a batch of newly overdue cases and appends their events. Returns how many.</summary>
    public async Task<int> MarkOverdueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GridMapDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Locked here until commit; rows another instance is marking are skipped, not waited for.
        // NOT finished is implied by the statuses; said, it lets the deadline indexes (migration 130), which hold the open cases only, serve.
        var due = await db.Database.SqlQuery<long>($"""
            SELECT id AS "Value" FROM case_snapshots
            WHERE overdue_notified_at IS NULL AND NOT finished
              AND ((status = ANY ({AwaitingDispatch}) AND dispatch_due < {now}) OR (status = ANY ({BeingHandled}) AND handling_due < {now}))
            ORDER BY id LIMIT {Batch}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var cases = await db.Cases.Where(c => due.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var c in cases) c.MarkOverdue(now);
        await db.SaveChangesAsync(ct);
        long[] ids = [.. cases.Select(c => c.Id)];
        string[] statuses = [.. cases.Select(c => c.Status.Code())];
        await db.Database.ExecuteSqlAsync($"""
            SELECT append_case_event(x.id, {Actor}, {ActorRole}, 'overdue', x.status, {OverdueNote})
            FROM unnest({ids}::bigint[], {statuses}::text[]) AS x (id, status) ORDER BY x.id
            """, ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Marked {Count} case(s) overdue", cases.Count);
        return cases.Count;
    }
}
