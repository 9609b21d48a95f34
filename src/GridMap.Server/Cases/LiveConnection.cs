using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace GridMap.Server.Cases;

/// <summary>
/// One hub connection: the areas (or its user's own cases) it watches and its outbox. Messages
/// leave the outbox in the order they were put in, sent by one loop per connection, so a slow
/// client delays only itself.
/// </summary>
/// <remarks>
/// A new subscription first collects the live changes that arrive for its area while its replay
/// is read from <c>case_events</c>; the replay is sent, then those buffered changes newer than the
/// replay. It is registered before the replay is read, so every change is either in the replay
/// (committed before) or offered later (buffered, or sent once live): no gap. The listener may
/// still offer changes that the replay already sent, so a subscription sends only changes newer
/// than the last it sent: no duplicate. The areas of one connection never overlap, so each change
/// matches at most one of them (a user's own cases, <see cref="LiveEvent.PersonalKey"/>, are no area).
/// </remarks>
sealed class LiveConnection
{
    sealed class Subscription(LiveArea area)
    {
        public LiveArea Area { get; } = area;
        /// <summary>Live changes held back while the replay runs; null once live.</summary>
        public List<LiveEvent>? Buffer { get; set; } = [];
        /// <summary>The seq of the last change sent (or the client's last seq).</summary>
        public long Through { get; set; }
    }

    readonly Lock gate = new();
    readonly Dictionary<long, Subscription> subscriptions = [];
    /// <summary><see cref="CaseChange"/> and <see cref="CaseLeft"/> messages.</summary>
    readonly Channel<object> outbox;
    readonly Action abort;
    readonly ILogger log;
    bool closed;

    public string Id { get; }

    public LiveConnection(string id, ILiveClient client, Action abort, int outboxLimit, ILogger log)
    {
        Id = id;
        this.abort = abort;
        this.log = log;
        outbox = Channel.CreateBounded<object>(new BoundedChannelOptions(outboxLimit) { SingleReader = true });
        _ = SendLoopAsync(client);
    }

    /// <summary>Starts watching <paramref name="area"/> (replacing a subscription to the same area), in replay mode.</summary>
    public object Begin(LiveArea area, ConcurrentDictionary<LiveConnection, byte> watchers)
    {
        lock (gate)
        {
            if (closed) throw new HubException("The connection is closing.");
            var other = subscriptions.Values.FirstOrDefault(s => s.Area.Id != area.Id && s.Area.Overlaps(area));
            if (other is not null)
                throw new HubException($"This connection already watches {other.Area}, which overlaps {area}: unsubscribe it first, or watch from a second connection.");
            var subscription = new Subscription(area);
            subscriptions[area.Id] = subscription;
            watchers.TryAdd(this, 0);
            return subscription;
        }
    }

    /// <summary>Sends the replayed changes, then the live ones buffered meanwhile that are newer, and goes live.</summary>
    public void EndReplay(object token, long lastSeq, IReadOnlyList<LiveEvent> missed)
    {
        var subscription = (Subscription)token;
        lock (gate)
        {
            if (!subscriptions.TryGetValue(subscription.Area.Id, out var current) || current != subscription) return;
            subscription.Through = lastSeq;
            foreach (var change in missed) Send(subscription, change);
            foreach (var change in subscription.Buffer!) Send(subscription, change);
            subscription.Buffer = null;
        }
    }

    /// <summary>A committed change, offered in seq order by the listener.</summary>
    public void Offer(LiveEvent change)
    {
        lock (gate)
        {
            if ((Watching(change.AreaIds) ?? Watching(change.LeftIds)) is not { } subscription) return;
            if (subscription.Buffer is { } buffer) buffer.Add(change);
            else Send(subscription, change);
        }
    }

    Subscription? Watching(long[] keys)
    {
        foreach (var key in keys)
            if (subscriptions.TryGetValue(key, out var subscription)) return subscription;
        return null;
    }

    public void Remove(long areaId, ConcurrentDictionary<LiveConnection, byte> watchers)
    {
        lock (gate)
        {
            subscriptions.Remove(areaId);
            watchers.TryRemove(this, out _);
        }
    }

    /// <summary>The connection is gone: leave every area and stop sending.</summary>
    public void Close(Func<long, ConcurrentDictionary<LiveConnection, byte>> watchersOf)
    {
        lock (gate)
        {
            closed = true;
            foreach (var areaId in subscriptions.Keys) watchersOf(areaId).TryRemove(this, out _);
            subscriptions.Clear();
            outbox.Writer.TryComplete();
        }
    }

    void Send(Subscription subscription, LiveEvent change)
    {
        if (change.Seq <= subscription.Through) return;
        subscription.Through = change.Seq;
        if (change.MessageFor(subscription.Area.Id) is not { } message) return;
        if (outbox.Writer.TryWrite(message) || closed) return;
        log.LogWarning("Live client {Connection} is {Limit} changes behind: disconnecting it", Id, outbox.Reader.Count);
        closed = true;
        outbox.Writer.TryComplete();
        abort();
    }

    async Task SendLoopAsync(ILiveClient client)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync())
        {
            try
            {
                await (message switch
                {
                    CaseChange change => client.CaseChanged(change),
                    CaseLeft left => client.CaseLeft(left),
                    _ => throw new InvalidOperationException($"no hub method sends {message.GetType().Name}"),
                });
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Sending {Message} to live client {Connection} failed", message, Id);
            }
        }
    }
}
