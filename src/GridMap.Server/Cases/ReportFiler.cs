using System.Threading.Channels;
using GridMap.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace GridMap.Server.Cases;

/// <summary>A checked report with its times, ready for <c>report_case</c>.</summary>
public sealed record Filing(string CategoryCode, string Description, string? Reporter, string Source,
    double Lon, double Lat, DateTimeOffset Now, DateTimeOffset DispatchDue);

/// <summary>
/// Files reports in batches, one transaction each: every report that arrives while a batch is
/// being filed goes into the next one. Reports cannot be filed side by side anyway: each holds
/// the live stream's lock (<c>live_seq</c>) until its commit has reached the disk. One at a time,
/// they could never outrun the disk's flushes, and when a flush slowed down under the durable
/// cluster's writeback, they queued by the hundred. In a batch they share one flush
/// (docs/benchmarks-live.md).
/// </summary>
public sealed class ReportFiler(NpgsqlDataSource db, IServiceScopeFactory scopes, ILogger<ReportFiler> log) : BackgroundService
{
    /// <summary>At most this many reports in one transaction, so that none waits long behind a huge batch.</summary>
    public const int MaxBatch = 100;

    sealed record Waiting(Filing Filing, TaskCompletionSource<Case?> Filed);

    readonly Channel<Waiting> queue = Channel.CreateUnbounded<Waiting>();

    /// <summary>The case filed for the report, or null when its point lies outside every area.</summary>
    public Task<Case?> FileAsync(Filing filing, CancellationToken ct)
    {
        var waiting = new Waiting(filing, new TaskCompletionSource<Case?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(waiting)) throw new InvalidOperationException("The server is stopping.");
        return waiting.Filed.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var batch = new List<Waiting>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stop))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var waiting)) batch.Add(waiting);
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

    /// <summary>One statement, so one transaction: <c>report_case</c> for each report in order; then the cases as entities.</summary>
    async Task<Case?[]> FileBatchAsync(List<Waiting> batch, CancellationToken ct)
    {
        var f = batch.Select(w => w.Filing).ToArray();
        var ids = new long?[f.Length];
        await using (var cmd = db.CreateCommand($"""
            SELECT r.ord, c.id
            FROM unnest(@category, @description, @reporter, @source, @lon, @lat, @now, @dispatchDue)
                 WITH ORDINALITY AS r(category, description, reporter, source, lon, lat, now, dispatch_due, ord)
            CROSS JOIN LATERAL report_case(r.category, r.description, r.reporter, r.source, r.lon, r.lat, r.now, r.dispatch_due,
                                           @duplicateWindow, @duplicateMetres) c
            """))
        {
            cmd.Parameters.AddWithValue("category", f.Select(x => x.CategoryCode).ToArray());
            cmd.Parameters.AddWithValue("description", f.Select(x => x.Description).ToArray());
            cmd.Parameters.Add(new NpgsqlParameter<string?[]>("reporter", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = f.Select(x => x.Reporter).ToArray() });
            cmd.Parameters.AddWithValue("source", f.Select(x => x.Source).ToArray());
            cmd.Parameters.AddWithValue("lon", f.Select(x => x.Lon).ToArray());
            cmd.Parameters.AddWithValue("lat", f.Select(x => x.Lat).ToArray());
            cmd.Parameters.AddWithValue("now", f.Select(x => x.Now.ToUniversalTime()).ToArray());
            cmd.Parameters.AddWithValue("dispatchDue", f.Select(x => x.DispatchDue.ToUniversalTime()).ToArray());
            cmd.Parameters.AddWithValue("duplicateWindow", CaseIntake.DuplicateWindow);
            cmd.Parameters.AddWithValue("duplicateMetres", CaseIntake.DuplicateRadiusMetres);
            await using var row = await cmd.ExecuteReaderAsync(ct);
            while (await row.ReadAsync(ct)) ids[row.GetInt64(0) - 1] = row.GetInt64(1);
        }
        var filedIds = ids.OfType<long>().ToList();
        if (filedIds.Count == 0) return new Case?[f.Length];
        await using var scope = scopes.CreateAsyncScope();
        var cases = await scope.ServiceProvider.GetRequiredService<GridMapDb>().Cases.AsNoTracking()
            .Where(c => filedIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return [.. ids.Select(id => id is { } x ? cases[x] : null)];
    }
}
