namespace GridMap.Server.Cases;

/// <summary>
/// <c>GET /api/cases/names?ids=</c>: the names of the grid, community and street and of the handler
/// of each of these cases the caller sees (<see cref="CaseAccess"/>), as
/// <c>{areas: [{id, level, name}], staff: [{id, name}]}</c>; the ids of cases the caller does not
/// see are passed over. For the pages of those who may not list the areas and the staff where a
/// case lies: a department over its summonses, a grid worker sent to a grid not its own. A handler
/// is named, never with a phone or a whereabouts.
/// </summary>
public static class CaseNamesApi
{
    public static void MapCaseNames(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/cases/names", Names).WithTags("cases").RequireAuthorization(Access.CaseNames);

    static async Task<Results<Ok<JsonElement>, ValidationProblem>> Names(Caller caller, NpgsqlDataSource db, string? ids, CancellationToken ct)
    {
        var (list, error) = IdList.Parse(ids);
        if (error is not null) return Problems.Invalid("ids", error);
        if (list is null) return Problems.Invalid("ids", "ids is required: the cases to name, separated by commas");
        await using var cmd = db.Command($"""
            WITH seen AS (SELECT c.grid_id, c.community_id, c.street_id, c.assignee_id FROM cases c
                          WHERE c.id = ANY (@ids) AND {CaseAccess.Filter("c.")})
            SELECT jsonb_build_object(
                'areas', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'level', a.level, 'name', a.name) ORDER BY a.id), '[]')
                          FROM areas a WHERE a.id IN (SELECT unnest(ARRAY[grid_id, community_id, street_id]) FROM seen)),
                'staff', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'name', h.name) ORDER BY h.id), '[]')
                          FROM staff h WHERE h.id IN (SELECT assignee_id FROM seen)))::text
            """, [IdList.Parameter(list), .. CaseAccess.Parameters(caller)]);
        return TypedResults.Ok(CaseAccess.Json((string)(await cmd.ExecuteScalarAsync(ct))!));
    }
}
