namespace GridMap.Server.Cases;

/// <summary>No case with this id (404).</summary>
public sealed class CaseNotFoundException(long id) : KeyNotFoundException($"There is no case {id}.")
{
    public long CaseId { get; } = id;
}

/// <summary>
/// The client acted on a version of the case that is no longer current: someone else changed it
/// first (409). The client reloads and decides again.
/// </summary>
public sealed class StaleCaseVersionException(long id, int yourVersion, int currentVersion)
    : InvalidOperationException($"Case {id} is at version {currentVersion}, not {yourVersion}: someone changed it first. Reload it and try again.")
{
    public long CaseId { get; } = id;
    public int YourVersion { get; } = yourVersion;
    public int CurrentVersion { get; } = currentVersion;
}
