using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace GridMap.Server.Cases;

/// <summary>
/// Who watches which area, on this server instance. The listener hands it every committed change
/// in seq order (<see cref="Dispatch"/>); it puts the change in the outbox of each connection
/// watching one of the change's areas. Hub groups are not used: a subscription must hold back live
/// changes while its replay runs, which a group cannot do.
/// </summary>
public sealed class LiveSubscriptions(
    IHubContext<LiveHub, ILiveClient> hub, NpgsqlDataSource db, IOptions<LiveOptions> options, ILogger<LiveSubscriptions> log)
{
    readonly ConcurrentDictionary<string, LiveConnection> connections = new();
    readonly ConcurrentDictionary<long, ConcurrentDictionary<LiveConnection, byte>> watchers = new();

    /// <summary>
    /// Watches <paramref name="area"/> and sends what changed there after <paramref name="lastSeq"/>
    /// (nothing when it is negative), then every later change.
    /// </summary>
    public async Task SubscribeAsync(string connectionId, Action abort, LiveArea area, long lastSeq, CancellationToken ct)
    {
        var connection = connections.GetOrAdd(connectionId,
            id => new LiveConnection(id, hub.Clients.Client(id), abort, options.Value.OutboxLimit, log));
        // Registered before the replay is read: a change committed later is buffered, not lost.
        var subscription = connection.Begin(area, WatchersOf(area.Id));
        try
        {
            var from = lastSeq >= 0 ? lastSeq : await CurrentSeqAsync(ct);
            var missed = lastSeq >= 0 ? await MissedAsync(area, from, ct) : [];
            connection.EndReplay(subscription, from, missed);
        }
        catch
        {
            connection.Remove(area.Id, WatchersOf(area.Id));
            throw;
        }
    }

    public void Unsubscribe(string connectionId, long areaId)
    {
        if (connections.TryGetValue(connectionId, out var connection)) connection.Remove(areaId, WatchersOf(areaId));
    }

    public void Disconnect(string connectionId)
    {
        if (connections.TryRemove(connectionId, out var connection)) connection.Close(WatchersOf);
    }

    /// <summary>Called by the listener for each committed change, in seq order.</summary>
    public void Dispatch(LiveEvent change)
    {
        foreach (var key in change.AreaIds.Concat(change.LeftIds))
            if (watchers.TryGetValue(key, out var watching))
                foreach (var (connection, _) in watching) connection.Offer(change);
    }

    ConcurrentDictionary<LiveConnection, byte> WatchersOf(long areaId) => watchers.GetOrAdd(areaId, _ => new());

    /// <summary>
    /// Tells the connections watching the staff member's home grid or an area above it where the
    /// staff member is now, scoped as cases are. Sent by the instance that took the update, to its
    /// own connections: positions come every 30 s, so a client of another instance has the next one soon.
    /// </summary>
    public async Task StaffMovedAsync(StaffMoved moved, long homeGridId, CancellationToken ct)
    {
        if (await LiveArea.FindAsync(db, homeGridId, ct) is not { } home) return;
        var told = new HashSet<string>();
        foreach (var areaId in home.Path)
            if (watchers.TryGetValue(areaId, out var watching))
                foreach (var (connection, _) in watching)
                    if (told.Add(connection.Id)) await hub.Clients.Client(connection.Id).StaffMoved(moved);
    }

    async Task<long> CurrentSeqAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT last FROM live_seq");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    async Task<List<LiveEvent>> MissedAsync(LiveArea area, long lastSeq, CancellationToken ct)
    {
        var limit = options.Value.ReplayLimit;
        // A user's own cases (LiveEvent.PersonalKey) are found among the cases it reported, ever
        // held as a grid worker or was summoned to as a department, then kept by the same rule as
        // live changes are: only the events that are (or take away) its own.
        var (watched, kept) = area.Id < 0
            ? ($"""
              case_id IN ({CaseAccess.OwnReports("@userId")}
                  UNION SELECT held.case_id FROM case_events held JOIN users u ON u.staff_id = held.assignee_id
                        WHERE u.id = @userId AND u.role = 'grid_worker' AND held.assignee_id IS NOT NULL
                  UNION SELECT summoned.case_id FROM case_summons summoned JOIN users u ON u.department_code = summoned.department_code
                        WHERE u.id = @userId AND u.role = 'department')
              """, "WHERE @areaId = ANY (e.watchers) OR @areaId = ANY (e.leavers)")
            : ("area_ids @> ARRAY[@areaId::bigint]", "");
        await using var cmd = db.Command($"""
            SELECT * FROM (SELECT {LiveEvent.Columns} FROM case_events WHERE seq > @after AND {watched}) e
            {kept}
            ORDER BY seq LIMIT @rows
            """, ("after", lastSeq), ("areaId", area.Id), ("userId", -area.Id), ("rows", limit + 1));
        var missed = new List<LiveEvent>();
        await using var row = await cmd.ExecuteReaderAsync(ct);
        while (await row.ReadAsync(ct))
        {
            if (row.IsDBNull(LiveEvent.SnapshotColumn))
                throw new HubException($"Changes in {area} since seq {lastSeq} are older than the live stream keeps ({options.Value.SnapshotDays} days): " +
                                       "reload the cases, then subscribe with lastSeq -1.");
            missed.Add(LiveEvent.Read(row));
        }
        if (missed.Count > limit)
            throw new HubException($"More than {limit} changes in {area} since seq {lastSeq}: reload the cases, then subscribe with lastSeq -1.");
        return missed;
    }
}
