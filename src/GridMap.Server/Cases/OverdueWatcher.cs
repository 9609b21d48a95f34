using GridMap.Core.Cases;
using GridMap.Server.Data;
using Npgsql;

namespace GridMap.Server.Cases;

/// <summary>
/// Every few seconds (<c>GRIDMAP_OVERDUE_SCAN_SECONDS</c>, default 5; 0 turns it off), marks the
/// running cases whose deadline has passed and appends an <c>overdue</c> event, which the live map
/// receives like any other change. A case is marked once per deadline: the mark stays until a
/// move gives it a new deadline. Rows another instance is marking are skipped, not waited for,
/// so several instances on one database never report a case twice.
/// </summary>
public sealed class OverdueWatcher(NpgsqlDataSource db, TimeProvider time, IConfiguration config, ILogger<OverdueWatcher> log) : BackgroundService
{
    public const string Actor = "overdue_watcher";
    public const string ActorRole = "system";
    const int Batch = 500;

    /// <summary>Waiting for 立案 or 派遣: the command centre's dispatch deadline runs.</summary>
    static readonly string[] AwaitingDispatch = [CaseStatus.Reported.Code(), CaseStatus.Registered.Code(), CaseStatus.Returned.Code()];

    /// <summary>With the handler: the handling deadline runs.</summary>
    static readonly string[] BeingHandled = [.. Enum.GetValues<CaseStatus>().Where(CaseWorkflow.HandlingClockRuns).Select(s => s.Code())];

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var seconds = config.GetValue("GRIDMAP_OVERDUE_SCAN_SECONDS", 5.0);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                while (await MarkOverdueAsync(stop) == Batch) { }
            }
            catch (Exception e) when (DatabaseOutage.Is(e))
            {
                log.LogWarning("Overdue scan failed, the database being unavailable ({Reason}); trying again in {Seconds} s", e.GetBaseException().Message, seconds);
            }
            // Whatever else went wrong, the next scan may go right; a stopped host would serve nothing.
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogError(e, "Overdue scan failed; trying again in {Seconds} s", seconds);
            }
        }
    }

    /// <summary>One pass: marks up to a batch of newly overdue cases and appends their events. Returns how many.</summary>
    public async Task<int> MarkOverdueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ids = new List<long>();
        var statuses = new List<string>();
        await using (var mark = conn.Command("""
            UPDATE cases c SET overdue_notified_at = $1
            FROM (SELECT id FROM cases
                  WHERE overdue_notified_at IS NULL
                    AND ((status = ANY ($2) AND dispatch_due < $1) OR (status = ANY ($3) AND handling_due < $1))
                  ORDER BY id LIMIT $4
                  FOR UPDATE SKIP LOCKED) due
            WHERE c.id = due.id
            RETURNING c.id, c.status
            """, now, AwaitingDispatch, BeingHandled, Batch))
        await using (var r = await mark.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                ids.Add(r.GetInt64(0));
                statuses.Add(r.GetString(1));
            }
        if (ids.Count > 0)
        {
            await using var append = conn.Command("""
                SELECT append_case_event(x.id, $3, $4, 'overdue', x.status, 'deadline passed')
                FROM unnest($1::bigint[], $2::text[]) AS x (id, status) ORDER BY x.id
                """, ids.ToArray(), statuses.ToArray(), Actor, ActorRole);
            await append.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        if (ids.Count > 0) log.LogInformation("Marked {Count} case(s) overdue", ids.Count);
        return ids.Count;
    }
}
