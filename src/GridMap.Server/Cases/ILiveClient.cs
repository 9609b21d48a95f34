using Microsoft.AspNetCore.SignalR;

namespace GridMap.Server.Cases;

/// <summary>What the live hub sends to a watching client.</summary>
public interface ILiveClient
{
    /// <summary>A case in a watched area changed; <paramref name="change"/> carries its new state.</summary>
    [HubMethodName("caseChanged")]
    Task CaseChanged(CaseChange change);
}

/// <summary>
/// One committed change of a case: <c>{seq, action, case}</c>. <c>seq</c> orders changes as they
/// committed; a client keeps the last one it saw and subscribes with it after a reconnect.
/// <c>case</c> is the case as it is after the change, in the shape every reader gets (Data/Sql/case_snapshots.sql).
/// </summary>
public sealed record CaseChange(long Seq, string Action, CaseJson Case);
