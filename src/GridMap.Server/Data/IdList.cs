namespace GridMap.Server.Data;

/// <summary>
/// An <c>ids=1,2,3</c> query filter on a list: the rows with those ids that the list gives the
/// caller anyway, for a page that names what it shows as it shows it (a case's grid, its assignee)
/// instead of loading a district's every area and person first.
/// </summary>
public readonly record struct IdList(long[] Ids)
{
    /// <summary>At most this many ids in one request.</summary>
    public const int Max = 500;

    /// <summary>Null when absent; a reason a user can act on when malformed or too long.</summary>
    public static (IdList? List, string? Error) Parse(string? text)
    {
        if (text is null) return (null, null);
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > Max) return (null, $"ids lists at most {Max} ids, not {parts.Length}");
        var ids = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i])) return (null, $"ids must be ids separated by commas; '{parts[i]}' is not one");
        return (new(ids), null);
    }

    /// <summary>The SQL parameter of <see cref="Filter"/>, null for "no filter".</summary>
    public static (string, object?) Parameter(IdList? list) => ("ids", list?.Ids);

    /// <summary>SQL condition on an id column, with <see cref="Parameter"/>.</summary>
    public static string Filter(string column) => $"(@ids::bigint[] IS NULL OR {column} = ANY (@ids))";
}
