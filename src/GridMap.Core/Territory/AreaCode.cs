namespace GridMap.Core.Territory;

/// <summary>
/// Area codes after Beijing DB11/T 2157: the 6-digit GB/T 2260 district code, then 3 digits
/// per level (street, community, grid, micro-grid). So the code alone gives the level, and the
/// parent's code is the code without its last 3 digits.
/// </summary>
public static class AreaCode
{
    public static int Length(AreaLevel level) => 6 + 3 * (int)level;

    /// <summary>The level a code's length stands for, or null when it is not a well-formed code.</summary>
    public static AreaLevel? LevelOf(string? code)
    {
        if (code is null || code.Length < 6 || code.Length > 18 || code.Length % 3 != 0) return null;
        foreach (var c in code) if (c is < '0' or > '9') return null;
        return (AreaLevel)((code.Length - 6) / 3);
    }

    /// <summary>The parent's code; null for a district (cities are not stored) or a malformed code.</summary>
    public static string? ParentOf(string? code) =>
        LevelOf(code) is { } level && level != AreaLevel.District ? code![..^3] : null;
}
