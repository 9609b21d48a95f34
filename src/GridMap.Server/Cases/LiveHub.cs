using System.Security.Claims;
using GridMap.Server.Auth;
using Microsoft.AspNetCore.SignalR;
using Npgsql;

namespace GridMap.Server.Cases;

/// <summary>
/// The live push at <c>/hubs/live</c>: a client subscribes to areas and receives
/// <c>caseChanged</c> <c>{seq, action, case}</c> for every committed change of a case in them,
/// in seq order, and nothing else. Clients can only subscribe; the server publishes.
/// </summary>
/// <remarks>
/// <para><c>Subscribe(areaId, lastSeq)</c> watches a district, street, community or (Party-building)
/// grid. It first sends every change in the area after <c>lastSeq</c> (replayed from the audit
/// trail), then live ones, with no gap and no duplicate. Pass the largest <c>seq</c> received so far;
/// pass 0 for the area's whole history, or -1 to skip the replay (then load the cases over HTTP
/// and let changes with a higher <c>case.version</c> win). One connection may watch several areas
/// that do not overlap. <c>Unsubscribe(areaId)</c> stops one.</para>
/// <para>Browsers use <c>@microsoft/signalr</c> (web/lib/signalr/dist/browser/signalr.min.js) with
/// <c>withAutomaticReconnect()</c>. A reconnect is a new connection with no subscriptions, so in
/// <c>onreconnected</c> call <c>Subscribe</c> again for each area with the last seq received:
/// the changes committed while the client was away arrive first.</para>
/// </remarks>
public sealed class LiveHub(LiveSubscriptions subscriptions, NpgsqlDataSource db) : Hub<ILiveClient>
{
    public async Task Subscribe(long areaId, long lastSeq)
    {
        var ct = Context.ConnectionAborted;
        var area = await LiveArea.FindAsync(db, areaId, ct)
            ?? throw new HubException($"Area {areaId} does not exist.");
        if (area.Level == "micro_grid")
            throw new HubException($"Cannot watch {area}: cases belong to grids; watch its grid {area.Path[1]}.");
        if (area.Level == "grid" && area.Layer != "party")
            throw new HubException($"Cannot watch {area}: cases belong to Party-building grids, and this grid is in the {area.Layer} layer.");
        if (!CanWatch(Context.User, area))
            throw new HubException($"You may not watch {area}: it is outside your area.");
        await subscriptions.SubscribeAsync(Context.ConnectionId, Context.Abort, area, lastSeq, ct);
        // The connection may have closed during the replay, after OnDisconnectedAsync ran.
        if (ct.IsCancellationRequested) subscriptions.Disconnect(Context.ConnectionId);
    }

    public void Unsubscribe(long areaId) => subscriptions.Unsubscribe(Context.ConnectionId, areaId);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.Disconnect(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Whether <paramref name="user"/> may watch the area: an admin anywhere, a command centre or
    /// grid leader inside its own area (which then lies on the watched area's path). Grid workers
    /// see only the cases assigned to them, so no area's stream is theirs.
    /// </summary>
    public static bool CanWatch(ClaimsPrincipal? user, LiveArea area) => Caller.From(user ?? new()) switch
    {
        { Role: Role.Admin } => true,
        { Role: Role.CommandCentre or Role.GridLeader, AreaId: { } own } => area.Path.Contains(own),
        _ => false,
    };
}
