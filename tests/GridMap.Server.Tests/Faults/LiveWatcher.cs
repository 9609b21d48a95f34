using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridMap.Tests.Faults;

/// <summary>
/// A live map as the official SignalR client makes one: it watches an area from its whole history
/// (lastSeq 0), reconnects on its own when the connection drops, and then subscribes again from the
/// last seq it received, as web/live.js does. Keeps every change it received, in order.
/// </summary>
public sealed class LiveWatcher : IAsyncDisposable
{
    /// <summary>A change as received: its seq, its action and the case it is about.</summary>
    public sealed record Change(long Seq, string Action, long CaseId);

    readonly HubConnection connection;
    readonly List<Change> received = [];
    int resubscriptions;

    public long AreaId { get; }

    LiveWatcher(Uri server, string token, long areaId)
    {
        AreaId = areaId;
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/live"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .WithAutomaticReconnect(new EveryQuarterSecond())
            .Build();
        connection.HandshakeTimeout = Eventually.Safety; // a busy machine is slow, not wrong
        connection.On<JsonElement>("caseChanged", change =>
        {
            lock (received) received.Add(new(change.GetProperty("seq").GetInt64(), change.GetProperty("action").GetString()!,
                change.GetProperty("case").GetProperty("id").GetInt64()));
        });
        connection.Reconnected += _ => ResubscribeAsync();
    }

    public static async Task<LiveWatcher> StartAsync(Uri server, string token, long areaId)
    {
        var watcher = new LiveWatcher(server, token, areaId);
        await watcher.connection.StartAsync();
        await watcher.connection.InvokeAsync("Subscribe", areaId, 0L);
        return watcher;
    }

    public IReadOnlyList<Change> Received
    {
        get { lock (received) return [.. received]; }
    }

    public long LastSeq
    {
        get { lock (received) return received.Count == 0 ? 0 : received[^1].Seq; }
    }

    /// <summary>How often the watcher subscribed again after a reconnect.</summary>
    public int Resubscriptions => Volatile.Read(ref resubscriptions);

    /// <summary>Why the last subscription after a reconnect failed, if it did.</summary>
    public string? LastError { get; private set; }

    async Task ResubscribeAsync()
    {
        // A refusal that says the database is unavailable is tried again, as long as this connection lasts.
        while (connection.State == HubConnectionState.Connected)
        {
            try
            {
                await connection.InvokeAsync("Subscribe", AreaId, LastSeq);
                Interlocked.Increment(ref resubscriptions);
                return;
            }
            catch (HubException e)
            {
                LastError = e.Message;
                if (!e.Message.Contains(DatabaseOutage.Title, StringComparison.Ordinal)) return;
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Reconnects every quarter second, for as long as a test may wait.</summary>
    sealed class EveryQuarterSecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retry) =>
            retry.ElapsedTime < Eventually.Safety ? TimeSpan.FromMilliseconds(250) : null;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
