using Microsoft.AspNetCore.SignalR;

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
/// <para>A connection lasts no longer than its sign-in: it closes when the token expires, and
/// when a <c>Subscribe</c> finds that the account was removed or given another role or area.
/// Browsers may connect from the server's own pages (and origins listed in
/// <c>GRIDMAP_ALLOWED_ORIGINS</c>) only.</para>
/// </remarks>
public sealed class LiveHub(LiveSubscriptions subscriptions, NpgsqlDataSource db) : Hub<ILiveClient>
{
    /// <summary>
    /// The one answer for an area that does not exist and for one outside the caller's area, so
    /// that trying ids tells nothing about areas the caller may not see.
    /// </summary>
    public const string NotYourArea = "You may watch no area with that id: watch your own area or one inside it.";

    /// <summary>The answer when the account behind the sign-in no longer matches it; the connection then closes.</summary>
    public const string SignInAgain = "Your account was removed, or its role or area changed, since you signed in: sign in again.";

    /// <summary>Set when the connection must close once the refusal has reached the client.</summary>
    bool closeAfterReply;

    public async Task Subscribe(long areaId, long lastSeq)
    {
        var ct = Context.ConnectionAborted;
        // A sign-in lasts an hour; the account may change or go meanwhile.
        if (Caller.From(Context.User ?? new()) is not { } caller || !await Users.StillMatchesAsync(db, caller, ct))
        {
            closeAfterReply = true;
            throw new HubException(SignInAgain);
        }
        var area = await LiveArea.FindAsync(db, areaId, ct);
        if (area is null || !CanWatch(caller, area)) throw new HubException(NotYourArea);
        if (area.Level == AreaLevel.MicroGrid.Name())
            throw new HubException($"Cannot watch {area}: cases belong to grids; watch its grid {area.Path[1]}.");
        if (area.Level == AreaLevel.Grid.Name() && area.Layer != AreaLayer.Party.Name())
            throw new HubException($"Cannot watch {area}: cases belong to Party-building grids, and this grid is in the {area.Layer} layer.");
        await subscriptions.SubscribeAsync(Context.ConnectionId, Context.Abort, area, lastSeq, ct);
        // The connection may have closed during the replay, after OnDisconnectedAsync ran.
        if (ct.IsCancellationRequested) subscriptions.Disconnect(Context.ConnectionId);
    }

    /// <summary>
    /// Watches the caller's own cases: a reporter's reports (and the originals they were merged
    /// into as duplicates), a grid worker's tasks (the cases assigned to it) and its own patrol
    /// reports, a department's summonses (吹哨) in its area, as the API lets the caller read them
    /// (<see cref="CaseAccess"/>, <c>GET /api/cases/mine</c>): <c>caseChanged</c> for each of their
    /// changes, replayed after <c>lastSeq</c> as <see cref="Subscribe"/> does. A grid worker's task taken back or given to
    /// another arrives as <c>caseLeft {seq, id}</c>, and nothing more of it. Not automatic on
    /// connecting: a page that shows them asks for them. <c>Unsubscribe</c> with the id the
    /// subscription answers (<see cref="LiveEvent.PersonalKey"/>: minus the user id) stops it.
    /// </summary>
    public async Task<long> SubscribeMine(long lastSeq)
    {
        var ct = Context.ConnectionAborted;
        if (Caller.From(Context.User ?? new()) is not { } caller || !await Users.StillMatchesAsync(db, caller, ct))
        {
            closeAfterReply = true;
            throw new HubException(SignInAgain);
        }
        var key = LiveEvent.PersonalKey(caller.UserId);
        await subscriptions.SubscribeAsync(Context.ConnectionId, Context.Abort, new LiveArea(key, "own", null, "your own cases", [key]), lastSeq, ct);
        if (ct.IsCancellationRequested) subscriptions.Disconnect(Context.ConnectionId);
        return key;
    }

    public void Unsubscribe(long areaId) => subscriptions.Unsubscribe(Context.ConnectionId, areaId);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.Disconnect(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Whether <paramref name="caller"/> may watch the area: an admin anywhere, a command centre or
    /// grid leader inside its own area (which then lies on the watched area's path). Grid workers
    /// see only the cases assigned to them and departments those they were summoned to, so no
    /// area's stream is theirs: they watch their own cases (<see cref="SubscribeMine"/>). The
    /// stream carries each case as stored (case_snapshots.sql), reporter unmasked: a role that may
    /// not see personal data watches nothing.
    /// </summary>
    public static bool CanWatch(Caller caller, LiveArea area) => caller switch
    {
        { SeesPersonalData: false } => false,
        { Role: Role.Admin } => true,
        { Role: Role.CommandCentre or Role.GridLeader, AreaId: { } own } => area.Path.Contains(own),
        _ => false,
    };

    /// <remarks>
    /// SignalR writes a method's answer, then releases the hub: closing here, not in the method,
    /// lets the refusal reach the client before the connection ends.
    /// </remarks>
    protected override void Dispose(bool disposing)
    {
        if (disposing && closeAfterReply) Context.Abort();
        base.Dispose(disposing);
    }
}
