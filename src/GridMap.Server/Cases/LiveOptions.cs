namespace GridMap.Server.Cases;

/// <summary>Limits of the live push (configuration section <c>Live</c>).</summary>
public sealed class LiveOptions
{
    /// <summary>
    /// The most changes one Subscribe replays. A client further behind is told to reload its
    /// cases and subscribe without a replay (lastSeq -1).
    /// </summary>
    public int ReplayLimit { get; set; } = 10_000;

    /// <summary>
    /// How long each change keeps the case's snapshot that a replay sends (<see cref="LiveSnapshotRetention"/>).
    /// A client that last saw the stream before that is told to reload its cases, as one past
    /// <see cref="ReplayLimit"/> is. The change itself stays in the audit trail.
    /// </summary>
    public int SnapshotDays { get; set; } = DefaultSnapshotDays;

    public const int DefaultSnapshotDays = 30;

    /// <summary>
    /// Changes that may wait for one client. A client that falls this far behind is
    /// disconnected; it reconnects and catches up by replay, so the others never wait for it.
    /// </summary>
    public int OutboxLimit { get; set; } = 50_000;

    /// <summary>
    /// How long the listener waits before its first attempt to reconnect; it doubles each failed
    /// attempt, up to 30 s. Changes committed meanwhile are caught up from <c>case_events</c>.
    /// </summary>
    public int ListenerRetryMilliseconds { get; set; } = 1000;
}
