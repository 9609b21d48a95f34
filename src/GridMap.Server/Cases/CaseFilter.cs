namespace GridMap.Server.Cases;

/// <summary>
/// Which cases a reader asks for, as <c>/api/cases</c>, its export and the <c>cases</c> tiles take
/// it: <c>areaId</c> is the area and everything under it (<see cref="CaseArea"/>); <c>status</c> may list several codes,
/// comma-separated; <c>category</c> a category code; <c>from</c> (inclusive) and <c>to</c>
/// (exclusive) bound <c>reportedAt</c>; <c>overdue=true</c> keeps the open cases past their
/// deadline. Who may see a case is <see cref="CaseAccess"/>'s, not this.
/// </summary>
public sealed record CaseFilter(long? AreaId, string[]? Statuses, string? Category, DateTimeOffset? From, DateTimeOffset? To, bool? Overdue)
{
    /// <summary>Every case.</summary>
    public static readonly CaseFilter None = new(null, null, null, null, null, null);

    /// <summary>The query parameters the filter is read from.</summary>
    public static readonly string[] QueryNames = ["areaId", "status", "category", "from", "to", "overdue"];

    /// <summary>The filter, or the problem naming the parameter that is wrong.</summary>
    public static (CaseFilter? Filter, ValidationProblem? Error) Parse(CaseCatalogue catalogue, long? areaId, string? status, string? category,
        DateTimeOffset? from, DateTimeOffset? to, bool? overdue = null)
    {
        string[]? statuses = status?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (statuses?.FirstOrDefault(s => !CaseCodes.TryParse(s, out CaseStatus _)) is { } unknown)
            return (null, Problems.Invalid("status", $"unknown status '{unknown}'; one of {string.Join(", ", Enum.GetValues<CaseStatus>().Select(s => s.Code()))}"));
        if (category is not null && catalogue.FindCategory(category) is null) return (null, Problems.Invalid("category", $"unknown category '{category}'"));
        if (from is not null && to is not null && from >= to) return (null, Problems.Invalid("from", "from must be before to"));
        return (new(areaId, statuses, category, from?.ToUniversalTime(), to?.ToUniversalTime(), overdue), null);
    }

    /// <summary>The area's level (<see cref="CaseArea.LevelAsync"/>), which lets the query use the area's index; null: not read.</summary>
    public AreaLevel? AreaLevel { get; init; }

    /// <summary>The filter with its area's level read (<see cref="CaseArea.Filter"/>).</summary>
    public async Task<CaseFilter> WithAreaLevelAsync(NpgsqlDataSource db, CancellationToken ct) =>
        AreaId is null ? this : this with { AreaLevel = await CaseArea.LevelAsync(db, AreaId, ct) };

    /// <summary>The filter as SQL on <c>case_snapshots</c> under <paramref name="alias"/> ("s."), with <see cref="Parameters"/>.</summary>
    public static string Sql(string alias) => $"""
        {CaseArea.Filter(alias)}
          AND (@statuses::text[] IS NULL OR {alias}status = ANY (@statuses)) AND (@category::text IS NULL OR {alias}category_code = @category)
          AND (@from::timestamptz IS NULL OR {alias}reported_at >= @from) AND (@to::timestamptz IS NULL OR {alias}reported_at < @to)
          AND (@overdue::boolean IS NULL OR {alias}overdue = @overdue)
        """;

    public (string Name, object? Value)[] Parameters =>
        [.. CaseArea.Parameters(AreaId, AreaLevel), ("statuses", Statuses), ("category", Category), ("from", From), ("to", To), ("overdue", Overdue)];

    /// <summary>The filter as one text, equal for equal filters: part of a tile's ETag.</summary>
    public string Key => string.Join('|', AreaId?.ToString(CultureInfo.InvariantCulture), Statuses is null ? null : string.Join(',', Statuses), Category,
        From?.UtcTicks.ToString(CultureInfo.InvariantCulture), To?.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Overdue?.ToString(CultureInfo.InvariantCulture));
}
