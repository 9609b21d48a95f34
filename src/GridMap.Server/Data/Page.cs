namespace GridMap.Server.Data;

/// <summary>
/// One page of a list: <c>limit</c> features (default <see cref="DefaultLimit"/>, at most
/// <see cref="MaxLimit"/>) after the feature whose id is <c>after</c>, in the list's order. A
/// keyset cursor: a row inserted meanwhile falls before the cursor or on a later page, so paging
/// to the end returns every row that was there from the start exactly once. The next page's link
/// is written by <see cref="FeatureStream"/>.
/// </summary>
public readonly record struct Page(int Limit, long? After)
{
    public const int DefaultLimit = 1000, MaxLimit = 10_000;

    /// <summary>The page asked for, or a 400 naming <c>limit</c> or <c>after</c>.</summary>
    public static (Page Page, ValidationProblem? Error) Parse(string? limit, string? after)
    {
        int rows = DefaultLimit;
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out rows) || rows < 1)
                return (default, Problems.Invalid("limit", $"limit must be a whole number from 1 to {MaxLimit}"));
            if (rows > MaxLimit)
                return (default, Problems.Invalid("limit", $"limit must be at most {MaxLimit}: follow the next link for more"));
        }
        long? key = null;
        if (after is not null)
        {
            if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return (default, Problems.Invalid("after", "after must be the id of the last feature of the previous page, as the next link gives it"));
            key = id;
        }
        return (new Page(rows, key), null);
    }

    /// <summary>SQL condition: rows after the cursor in the list's order; ids ascending unless <paramref name="descending"/>. With <see cref="Parameters"/>.</summary>
    public static string Filter(string key, bool descending = false) =>
        $"(@after::bigint IS NULL OR {key} {(descending ? "<" : ">")} @after)";

    /// <summary>The list's order and the rows to read: one more than the page, to tell whether a next page exists. With <see cref="Parameters"/>.</summary>
    public static string OrderAndLimit(string key, bool descending = false) =>
        $"ORDER BY {key}{(descending ? " DESC" : "")} LIMIT @rows";

    /// <summary>The SQL parameters of <see cref="Filter"/> and <see cref="OrderAndLimit"/>.</summary>
    public static (string, object?)[] Parameters(Page page) => [("after", page.After), ("rows", page.Limit + 1)];
}
