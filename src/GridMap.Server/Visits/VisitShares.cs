namespace GridMap.Server.Visits;

/// <summary>
/// Per Party grid of an area, how many of its households were visited (走访) in the last 30 or 90
/// days, today included, counted by PostgreSQL: figures without rows about people, for the planner
/// and the map.
/// </summary>
public static class VisitShares
{
    /// <param name="Households">Households in the grid now.</param>
    /// <param name="Visited">Of them, those with a visit from <c>from</c> to <c>to</c>.</param>
    /// <param name="Share">Visited / households; null for a grid without households.</param>
    public sealed record GridShare(long Id, string Code, string Name, long? CommunityId, int Households, int Visited, double? Share);

    public sealed record SharesView(long? AreaId, int Days, DateOnly From, DateOnly To, IReadOnlyList<GridShare> Grids);

    /// <param name="areaId">The area whose grids are counted; absent: the caller's own area (everything for an admin without one).</param>
    /// <param name="days">30 (default) or 90.</param>
    public static async Task<Results<Ok<SharesView>, ValidationProblem, ProblemHttpResult>> Count(
        NpgsqlDataSource db, Caller caller, TimeProvider time, long? areaId, string? days, CancellationToken ct)
    {
        var period = 30;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out period) || !VisitsApi.ShareDays.Contains(period)))
            return Problems.Invalid("days", $"days must be one of {string.Join(", ", VisitsApi.ShareDays)}");
        if (areaId is { } asked && !await AreaScope.CoversAreaAsync(db, caller, asked, ct)) return Problems.OutsideArea($"Area {asked} is not in your area.");
        var area = areaId ?? caller.AreaId;
        var to = VisitsApi.Today(time);
        var from = to.AddDays(1 - period);

        await using var cmd = db.Command($"""
            SELECT g.id, g.code, g.name, g.parent_id, count(h.id),
                   count(h.id) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.visited_on BETWEEN @from AND @to))
            FROM areas g LEFT JOIN households h ON h.grid_id = g.id
            WHERE g.level = 'grid' AND g.layer = 'party' AND {AreaScope.Filter("g.id")}
              AND (@area::bigint IS NULL OR g.id IN (SELECT area_subtree(@area)))
            GROUP BY g.id ORDER BY g.code
            """, ("from", from), ("to", to), ("area", area), AreaScope.Parameter(caller));
        var grids = new List<GridShare>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var (households, visited) = ((int)r.GetInt64(4), (int)r.GetInt64(5));
                grids.Add(new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3),
                    households, visited, households == 0 ? null : (double)visited / households));
            }
        return TypedResults.Ok(new SharesView(area, period, from, to, grids));
    }
}
