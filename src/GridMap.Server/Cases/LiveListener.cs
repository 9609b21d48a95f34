using Microsoft.Extensions.Options;
using Npgsql;

namespace GridMap.Server.Cases;

/// <summary>
/// Listens on one dedicated connection for the <c>case_events</c> NOTIFY that
/// <c>append_case_event</c> sends at commit, and hands each change to the subscriptions in seq
/// order. Every server instance runs its own, so each delivers every change to its own clients.
/// </summary>
/// <remarks>
/// Seq values are handed out in commit order without gaps (002_cases.sql), so the listener knows
/// the next one to expect. When the connection drops it reconnects with backoff and reads what
/// it missed from <c>case_events</c>; a gap in the notifications is filled the same way.
/// </remarks>
public sealed class LiveListener(IConfiguration config, IOptions<LiveOptions> options, LiveSubscriptions subscriptions, ILogger<LiveListener> log) : BackgroundService
{
    /// <summary>The application name of the listening connection in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "gridmap-live";

    static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);
    const int CatchUpBatch = 1000;

    readonly string connectionString = new NpgsqlConnectionStringBuilder(config["GRIDMAP_DB"])
    {
        ApplicationName = ApplicationName,
        Pooling = false,
        KeepAlive = 15, // notices a dead server while idle
    }.ConnectionString;

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
        // Filled while the connection reads (WaitAsync or a catch-up query), drained by this loop.
        var arrived = new Queue<string>();
        conn.Notification += (_, n) => arrived.Enqueue(n.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN case_events", conn))
            await listen.ExecuteNonQueryAsync(stop);
        // Listening first, then catching up: nothing falls in between.
        await CatchUpAsync(conn, stop);
        onListening();
        log.LogInformation("Live listener listening from seq {Seq}", lastSeq);
        while (true)
        {
            while (arrived.TryDequeue(out var payload))
            {
                var change = LiveEvent.FromNotification(payload);
                if (change.Seq <= lastSeq) continue;
                if (change.Seq > lastSeq + 1) await CatchUpAsync(conn, stop);
                else Dispatch(change);
            }
            await conn.WaitAsync(stop);
        }
    }

    /// <summary>Dispatches every change after <see cref="lastSeq"/> from the table.</summary>
    async Task CatchUpAsync(NpgsqlConnection conn, CancellationToken stop)
    {
        var from = lastSeq;
        int read;
        do
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT {LiveEvent.Columns} FROM case_events WHERE seq > $1 ORDER BY seq LIMIT {CatchUpBatch}", conn);
            cmd.Parameters.Add(new() { Value = lastSeq });
            await using var row = await cmd.ExecuteReaderAsync(stop);
            read = 0;
            while (await row.ReadAsync(stop))
            {
                Dispatch(LiveEvent.Read(row));
                read++;
            }
        } while (read == CatchUpBatch);
        if (lastSeq > from) log.LogInformation("Live listener caught up from seq {From} to {Seq}", from, lastSeq);
    }

    void Dispatch(LiveEvent change)
    {
        lastSeq = change.Seq;
        subscriptions.Dispatch(change);
    }
}
