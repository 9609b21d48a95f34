namespace GridMap.Server.Cases;

/// <summary>
/// How many of an area's cases stand in each status, counted by PostgreSQL over the read model
/// (<c>case_snapshots</c>) with the list's visibility rule (<see cref="CaseAccess"/>), so that the
/// command centre shows the size of a district's case load without loading its cases.
/// </summary>
public static class CaseCounts
{
    /// <param name="AreaId">The area counted (null: all the caller sees).</param>
    /// <param name="From">Cases reported from (inclusive); null: no lower bound.</param>
    /// <param name="To">Cases reported before (exclusive); null: no upper bound.</param>
    /// <param name="Open">Not finished (<see cref="CaseWorkflow.IsTerminal"/>).</param>
    /// <param name="Overdue">Open and past their deadline (the snapshot's <c>overdue</c>).</param>
    /// <param name="ByStatus">Every status, open ones first, with its count (0 included).</param>
    public sealed record CountsView(long? AreaId, DateTimeOffset? From, DateTimeOffset? To, int Total, int Open, int Overdue,
        IReadOnlyDictionary<string, int> ByStatus);

    /// <param name="areaId">The area and everything under it; when absent, all the caller sees.</param>
    /// <param name="from">Cases reported from (inclusive).</param>
    /// <param name="to">Cases reported before (exclusive).</param>
    /// <param name="category">Only this category, as in <c>/api/cases</c>.</param>
    public static async Task<Results<Ok<CountsView>, ValidationProblem, ProblemHttpResult>> Count(
        NpgsqlDataSource db, Caller caller, CaseCatalogue catalogue, long? areaId, DateTimeOffset? from, DateTimeOffset? to, string? category, CancellationToken ct)
    {
        if (category is not null && catalogue.FindCategory(category) is null) return Problems.Invalid("category", $"unknown category '{category}'");
        if (from is { } start && to is { } end && start >= end) return Problems.Invalid("from", "from must be before to");
        if (areaId is { } area && !await AreaScope.CoversAreaAsync(db, caller, area, ct)) return Problems.OutsideArea($"Area {area} is not in your area.");
        var level = await CaseArea.LevelAsync(db, areaId, ct);

        await using var cmd = db.Command($"""
            SELECT s.status, count(*), count(*) FILTER (WHERE s.overdue)
            FROM case_snapshots s
            WHERE {CaseArea.Filter("s.")}
              AND (@from::timestamptz IS NULL OR s.reported_at >= @from) AND (@to::timestamptz IS NULL OR s.reported_at < @to)
              AND (@category::text IS NULL OR s.category_code = @category) AND {CaseAccess.Filter("s.")}
            GROUP BY s.status
            """, [.. CaseArea.Parameters(areaId, level), ("from", from?.ToUniversalTime()), ("to", to?.ToUniversalTime()), ("category", category), .. CaseAccess.Parameters(caller)]);
        var counted = new Dictionary<string, (int Count, int Overdue)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) counted[r.GetString(0)] = ((int)r.GetInt64(1), (int)r.GetInt64(2));

        var statuses = Enum.GetValues<CaseStatus>().OrderBy(CaseWorkflow.IsTerminal).ToList();
        var byStatus = statuses.ToDictionary(s => s.Code(), s => counted.GetValueOrDefault(s.Code()).Count);
        var open = statuses.Where(s => !CaseWorkflow.IsTerminal(s)).Select(s => counted.GetValueOrDefault(s.Code())).ToList();
        return TypedResults.Ok(new CountsView(areaId, from, to, byStatus.Values.Sum(), open.Sum(c => c.Count), open.Sum(c => c.Overdue), byStatus));
    }
}
