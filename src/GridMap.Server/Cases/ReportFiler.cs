using System.Threading.Channels;

namespace GridMap.Server.Cases;

/// <summary>A checked report with its times, ready for <c>report_cases</c>.</summary>
/// <param name="ReportedBy">The signed-in user reporting; null for Open311 and hotline reports.</param>
/// <param name="MediaUrl">Open311's media_url: a link to a photo, as the client gave it.</param>
public sealed record Filing(string CategoryCode, string Description, string? Reporter, string Source,
    double Lon, double Lat, DateTimeOffset Now, DateTimeOffset DispatchDue, long? ReportedBy = null, string? MediaUrl = null);

/// <summary>
/// Files reports in batches, one transaction each: every report that arrives while a batch is
/// being filed goes into the next one. Reports cannot be filed side by side anyway: each holds
/// the live stream's lock (<c>live_seq</c>) until its commit has reached the disk. One at a time,
/// they could never outrun the disk's flushes, and when a flush slowed down under the durable
/// cluster's writeback, they queued by the hundred. In a batch they share one flush
/// (docs/benchmarks-live.md).
/// </summary>
public sealed class ReportFiler(NpgsqlDataSource db, IConfiguration config, ILogger<ReportFiler> log) : BackgroundService
{
    /// <summary>
    /// At most this many reports in one transaction, so that none waits long behind a huge batch.
    /// <c>GRIDMAP_REPORT_BATCH</c> sets another (1: one report a transaction, the benchmark's baseline).
    /// </summary>
    readonly int maxBatch = config.GetValue("GRIDMAP_REPORT_BATCH", 100) is var n && n >= 1 ? n : 100;

    sealed record Waiting(Filing Filing, TaskCompletionSource<JsonElement?> Filed);

    readonly Channel<Waiting> queue = Channel.CreateUnbounded<Waiting>();

    /// <summary>The case filed for the report (its snapshot), or null when its point lies outside every area.</summary>
    public Task<JsonElement?> FileAsync(Filing filing, CancellationToken ct)
    {
        var waiting = new Waiting(filing, new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(waiting)) throw new InvalidOperationException("The server is stopping.");
        return waiting.Filed.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var batch = new List<Waiting>(maxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stop))
            {
                batch.Clear();
                while (batch.Count < maxBatch && queue.Reader.TryRead(out var waiting)) batch.Add(waiting);
                try
                {
                    await FileAsync(batch, stop);
                }
                catch (PostgresException ex) when (batch.Count > 1 && !ex.IsTransient)
                {
                    // One report the database refused must not fail the others: each alone, then.
                    log.LogWarning(ex, "A batch of {Count} reports was refused; filing them one by one", batch.Count);
                    foreach (var waiting in batch) await FileOrFailAsync([waiting], stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    log.LogWarning(ex, "Filing a batch of {Count} reports failed", batch.Count);
                    foreach (var waiting in batch) waiting.Filed.TrySetException(ex);
                }
            }
        }
        finally
        {
            queue.Writer.TryComplete();
            foreach (var waiting in batch) waiting.Filed.TrySetCanceled(stop);
            while (queue.Reader.TryRead(out var left)) left.Filed.TrySetCanceled(stop);
        }
    }

    /// <summary>Reports waiting for the next batch.</summary>
    public int Queued => queue.Reader.Count;

    async Task FileAsync(List<Waiting> batch, CancellationToken ct)
    {
        var filed = await FileBatchAsync(batch, ct);
        for (var i = 0; i < batch.Count; i++) batch[i].Filed.TrySetResult(filed[i]);
    }

    async Task FileOrFailAsync(List<Waiting> one, CancellationToken ct)
    {
        try { await FileAsync(one, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested) { one[0].Filed.TrySetException(ex); }
    }

    /// <summary>
    /// One statement, so one transaction: <c>report_cases</c> (Data/Sql/report_cases.sql), which
    /// returns each case filed with the number of its report; a report whose point lies in no area
    /// has none.
    /// </summary>
    async Task<JsonElement?[]> FileBatchAsync(List<Waiting> batch, CancellationToken ct)
    {
        var f = batch.Select(w => w.Filing).ToArray();
        await using var cmd = db.Command("""
            SELECT report, filed::text FROM report_cases(@categories, @descriptions, @reporters::text[], @sources, @lons, @lats, @nows, @dispatchDues,
                                                         @window, @metres, @reportedBy::bigint[], @mediaUrls::text[])
            """,
            ("categories", f.Select(x => x.CategoryCode).ToArray()), ("descriptions", f.Select(x => x.Description).ToArray()),
            ("reporters", f.Select(x => x.Reporter).ToArray()), ("sources", f.Select(x => x.Source).ToArray()),
            ("lons", f.Select(x => x.Lon).ToArray()), ("lats", f.Select(x => x.Lat).ToArray()),
            ("nows", f.Select(x => x.Now.ToUniversalTime()).ToArray()), ("dispatchDues", f.Select(x => x.DispatchDue.ToUniversalTime()).ToArray()),
            ("window", CaseIntake.DuplicateWindow), ("metres", CaseIntake.DuplicateRadiusMetres),
            ("reportedBy", f.Select(x => x.ReportedBy).ToArray()), ("mediaUrls", f.Select(x => x.MediaUrl).ToArray()));
        var cases = new JsonElement?[f.Length];
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) cases[r.GetInt32(0) - 1] = CaseAccess.Json(r.GetString(1));
        return cases;
    }
}
