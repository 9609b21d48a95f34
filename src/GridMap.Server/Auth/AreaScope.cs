namespace GridMap.Server.Auth;

/// <summary>The SQL side of <see cref="Caller.Scope"/>: one condition every query about rows in areas uses.</summary>
public static class AreaScope
{
    /// <summary>
    /// True when the area id in <paramref name="column"/> lies in the subtree of parameter
    /// <c>$n</c> (<see cref="Caller.Scope"/>; NULL means everything).
    /// </summary>
    public static string Filter(string column, int n) =>
        $"(${n}::bigint IS NULL OR {column} IN (SELECT area_subtree(${n})))";
}
