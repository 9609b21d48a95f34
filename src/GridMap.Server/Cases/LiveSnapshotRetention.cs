using Microsoft.Extensions.Options;

namespace GridMap.Server.Cases;

/// <summary>
/// Lets go of the snapshots of changes older than <see cref="LiveOptions.SnapshotDays"/>: a
/// replay from before then is refused anyway (<see cref="LiveSubscriptions"/>), and nothing else
/// reads them, while a city district's year of them is most of its audit trail's bytes. The
/// change itself (who, what, when, where, whom it was assigned to) stays as written; the trail's
/// trigger allows clearing the snapshot and nothing else. Once at start, then hourly, in batches
/// of bounded work. Rows another pass holds (another instance's) are waited for, not skipped, so
/// that when a pass ends every snapshot older than its cut-off is gone.
/// </summary>
public sealed class LiveSnapshotRetention(NpgsqlDataSource db, IOptions<LiveOptions> options, TimeProvider time, ILogger<LiveSnapshotRetention> log)
    : BackgroundService
{
    const int Batch = 5_000;
    static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stop) =>
        RecurringPass.RunAsync(Every, time, atStart: true, "Letting go of old live snapshots", log, async ct =>
        {
            var cleared = await LetGoAsync(ct);
            if (cleared > 0) log.LogInformation("Live stream: let go of {Count} snapshots older than {Days} days", cleared, options.Value.SnapshotDays);
        }, stop);

    /// <summary>Clears every snapshot older than the stream keeps; returns how many.</summary>
    public async Task<long> LetGoAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow().AddDays(-options.Value.SnapshotDays);
        long total = 0;
        while (true)
        {
            await using var cmd = db.Command("""
                UPDATE case_events e SET snapshot = NULL
                FROM (SELECT seq FROM case_events WHERE snapshot IS NOT NULL AND at < @before ORDER BY at LIMIT @batch FOR UPDATE) old
                WHERE e.seq = old.seq
                """, ("before", before), ("batch", Batch));
            var cleared = await cmd.ExecuteNonQueryAsync(ct);
            total += cleared;
            if (cleared < Batch) return total;
        }
    }
}
