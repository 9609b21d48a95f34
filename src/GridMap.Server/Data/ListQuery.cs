namespace GridMap.Server.Data;

/// <summary>What every map list takes besides its own filters: an optional <c>bbox</c> and a page.</summary>
public readonly record struct ListQuery(Bbox? Box, Page Page)
{
    /// <summary>The box and page asked for, or a 400 naming <c>bbox</c>, <c>limit</c> or <c>after</c>.</summary>
    public static (ListQuery Query, ValidationProblem? Error) Parse(string? bbox, string? limit, string? after)
    {
        var (box, error) = Bbox.Parse(bbox);
        if (error is not null) return (default, Problems.Invalid("bbox", error));
        var (page, pageError) = Page.Parse(limit, after);
        return (new(box, page), pageError);
    }
}
