using Microsoft.AspNetCore.SignalR;

namespace GridMap.Server.Cases;

/// <summary>What the live hub sends to a watching client.</summary>
public interface ILiveClient
{
    /// <summary>A case in a watched area changed; <paramref name="change"/> carries its new state.</summary>
    [HubMethodName("caseChanged")]
    Task CaseChanged(CaseChange change);

    /// <summary>
    /// A case of the user's own (<c>SubscribeMine</c>) is no longer theirs: taken back from the
    /// grid worker, or given to another. Nothing more of it is sent.
    /// </summary>
    [HubMethodName("caseLeft")]
    Task CaseLeft(CaseLeft left);

    /// <summary>A staff member whose home grid lies in a watched area moved or went on or off duty.</summary>
    [HubMethodName("staffMoved")]
    Task StaffMoved(StaffMoved moved);
}

/// <summary>
/// Where a staff member is now: <c>{id, name, lon, lat, at, onDuty}</c> (<c>at</c>: when the
/// position was taken; lon, lat and at are null while none is known). Not replayed on reconnect:
/// the staff list (<c>GET /api/staff</c>) has the latest positions.
/// </summary>
public sealed record StaffMoved(long Id, string Name, double? Lon, double? Lat, DateTimeOffset? At, bool OnDuty);

/// <summary>
/// One committed change of a case: <c>{seq, action, case}</c>. <c>seq</c> orders changes as they
/// committed; a client keeps the last one it saw and subscribes with it after a reconnect.
/// <c>case</c> is the case as it is after the change, in the shape every reader gets (Data/Sql/case_snapshots.sql).
/// </summary>
public sealed record CaseChange(long Seq, string Action, CaseJson Case);

/// <summary>
/// <c>{seq, id}</c>: the change <c>seq</c> took case <c>id</c> out of the user's own cases (a grid
/// worker's tasks). It carries no more of the case: the user may no longer see it.
/// </summary>
public sealed record CaseLeft(long Seq, long Id);
