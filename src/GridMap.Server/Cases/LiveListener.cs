using Microsoft.Extensions.Options;

namespace GridMap.Server.Cases;

/// <summary>
/// Listens on one dedicated connection for the <c>case_events</c> NOTIFY that
/// <c>append_case_event</c> sends at commit, reads the new rows of <c>case_events</c> and hands
/// each change to the subscriptions in seq order. Every server instance runs its own, so each
/// delivers every change to its own clients.
/// </summary>
/// <remarks>
/// The notification carries nothing (Data/Sql/append_case_event.sql): it only wakes the listener,
/// which then reads every row after the last seq it delivered, so a forged or repeated
/// notification costs one read that finds nothing, and a burst of them costs one read. Seq values
/// are handed out in commit order without gaps (append_case_event.sql), so a read never sees a change
/// before an earlier one, and a change that commits after a read brings its own notification.
/// When the connection drops it reconnects with backoff and reads what it missed the same way.
/// </remarks>
public sealed class LiveListener(IConfiguration config, IOptions<LiveOptions> options, LiveSubscriptions subscriptions, ILogger<LiveListener> log) : BackgroundService
{
    /// <summary>The application name of the listening connection in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "gridmap-live";

    static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);
    const int Batch = 1000;

    readonly string connectionString = ListeningConnection(config["GRIDMAP_DB"]);

    static string ListeningConnection(string? db)
    {
        var builder = new NpgsqlConnectionStringBuilder(db)
        {
            ApplicationName = ApplicationName,
            Pooling = false,
            KeepAlive = 15, // notices a dead server while idle
        };
        // Without JIT as the service's other connections: re-planned after autovacuum first analyzes
        // a growing district, the read is costed past jit_above_cost and would compile (about 0.2 s)
        // a read of a few index rows.
        builder.Options = DataServices.WithoutJit(builder.Options);
        return builder.ConnectionString;
    }

    /// <summary>The last seq dispatched.</summary>
    long lastSeq;

    /// <summary>
    /// Reads where the stream stands before the web server takes its first connection (hosted
    /// services start before it): a client that subscribes at once, as every live map does when a
    /// restarted server comes back, has its replay end at this seq or later, and the listener
    /// dispatches everything after it, so nothing falls between the two.
    /// </summary>
    public override async Task StartAsync(CancellationToken ct)
    {
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync(ct);
            await using var current = new NpgsqlCommand("SELECT last FROM live_seq", conn);
            lastSeq = (long)(await current.ExecuteScalarAsync(ct))!;
        }
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var firstRetry = TimeSpan.FromMilliseconds(options.Value.ListenerRetryMilliseconds);
        var retry = firstRetry;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stop, onListening: () => retry = firstRetry);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Live listener lost its connection after seq {Seq}; retrying in {Retry}", lastSeq, retry);
                await Task.Delay(retry, stop).ContinueWith(_ => { });
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    async Task ListenAsync(CancellationToken stop, Action onListening)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(stop);
        // Set while the connection reads (WaitAsync or a read of new rows), cleared by this loop.
        var notified = false;
        conn.Notification += (_, _) => notified = true;
        // One plan for every read, made once: chosen by estimated cost, each read of a few new rows
        // was planned afresh, which took longer than the read itself (docs/benchmarks.md, live push).
        await using (var listen = new NpgsqlCommand("SET plan_cache_mode = force_generic_plan; LISTEN case_events", conn))
            await listen.ExecuteNonQueryAsync(stop);
        // Listening first, then reading what came after lastSeq: nothing falls in between.
        await using var read = new NpgsqlCommand(
            $"SELECT {LiveEvent.Columns} FROM case_events WHERE seq > @after ORDER BY seq LIMIT {Batch}", conn);
        var after = read.Parameters.Add(new("after", NpgsqlTypes.NpgsqlDbType.Bigint));
        await read.PrepareAsync(stop);
        var reconnected = lastSeq;
        await ReadNewAsync(read, after, stop);
        if (lastSeq > reconnected) log.LogInformation("Live listener caught up from seq {From} to {Seq}", reconnected, lastSeq);
        onListening();
        log.LogInformation("Live listener listening from seq {Seq}", lastSeq);
        while (true)
        {
            while (notified)
            {
                notified = false;
                await ReadNewAsync(read, after, stop);
            }
            await conn.WaitAsync(stop);
        }
    }

    /// <summary>Dispatches every change after <see cref="lastSeq"/>, read from the table in batches.</summary>
    async Task ReadNewAsync(NpgsqlCommand read, NpgsqlParameter after, CancellationToken stop)
    {
        int count;
        do
        {
            after.Value = lastSeq;
            await using var row = await read.ExecuteReaderAsync(stop);
            count = 0;
            while (await row.ReadAsync(stop))
            {
                Dispatch(LiveEvent.Read(row));
                count++;
            }
        } while (count == Batch);
    }

    void Dispatch(LiveEvent change)
    {
        lastSeq = change.Seq;
        subscriptions.Dispatch(change);
    }
}
