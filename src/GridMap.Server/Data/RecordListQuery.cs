namespace GridMap.Server.Data;

/// <summary>
/// What a list of records an editor picks from takes besides its own filters, on a table whose key
/// is <c>id</c>: <c>ids</c> (<see cref="IdList"/>), <c>q</c> (<see cref="NameSearch"/>), <c>bbox</c>
/// and a page (<see cref="ListQuery"/>).
/// </summary>
public readonly record struct RecordListQuery(IdList? Ids, NameSearch? Search, Bbox? Box, Page Page)
{
    /// <summary>The query asked for, or a 400 naming <c>ids</c>, <c>q</c>, <c>bbox</c>, <c>limit</c> or <c>after</c>.</summary>
    public static (RecordListQuery Query, ValidationProblem? Error) Parse(string? ids, string? q, string? bbox, string? limit, string? after)
    {
        var (named, idsError) = IdList.Parse(ids);
        if (idsError is not null) return (default, Problems.Invalid("ids", idsError));
        var (search, searchError) = NameSearch.Parse(q);
        if (searchError is not null) return (default, Problems.Invalid("q", searchError));
        var ((box, page), listError) = ListQuery.Parse(bbox, limit, after);
        return (new(named, search, box, page), listError);
    }

    /// <summary>
    /// SQL condition on the rows: in the box (<paramref name="geometryColumn"/>), among the ids, found
    /// by the search (by id only without <paramref name="nameColumn"/>), after the cursor; with <see cref="Parameters"/>.
    /// </summary>
    public static string Filter(string geometryColumn, string? nameColumn) =>
        $"{Bbox.Filter(geometryColumn)} AND {IdList.Filter("id")} AND {NameSearch.Filter("id", nameColumn)} AND {Page.Filter("id")}";

    /// <summary>The SQL parameters of <see cref="Filter"/> and of <see cref="Page.OrderAndLimit"/>.</summary>
    public (string, object?)[] Parameters => [.. Bbox.Parameters(Box), IdList.Parameter(Ids), NameSearch.Parameter(Search), .. Page.Parameters(Page)];
}
