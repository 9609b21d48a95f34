using GridMap.Server.Territory;

namespace GridMap.Server.Cases;

/// <summary>
/// Where a case lies, for the pages of those who may not list the areas and the staff there: a
/// department over its summonses, a grid worker sent to a grid not its own. Of the cases the
/// caller sees (<see cref="CaseAccess"/>): <c>GET /api/cases/names?ids=</c> names their grid,
/// community and street and their handler, as <c>{areas: [{id, level, name}], staff: [{id, name}]}</c>
/// (the ids of cases the caller does not see are passed over; a handler is named, never with a
/// phone or a whereabouts); <c>GET /api/cases/{id}/area</c> is the smallest area a case lies in
/// (its grid, else its community, street or district) as a GeoJSON Feature, as <c>/api/areas/{id}</c> writes it,
/// so that the map shows the grid around a case.
/// </summary>
public static class CasePlaceApi
{
    public static void MapCasePlace(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases/names", Names).WithTags("cases").RequireAuthorization(Access.CaseNames);
        app.MapGet("/api/cases/{id:long}/area", Area).WithTags("cases").RequireAuthorization(Access.ReadCase);
    }

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

    /// <summary>
    /// The case's area whatever the caller's own: a grid worker sent to another grid, and a
    /// department, are shown the grid they are to go to, though they may list neither.
    /// </summary>
    static async Task<Results<ContentHttpResult, ProblemHttpResult>> Area(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            SELECT (SELECT ST_AsGeoJSON(a.*, 'boundary', 7)
                    FROM (SELECT {AreasApi.Columns} FROM areas WHERE id = coalesce(c.grid_id, c.community_id, c.street_id, c.district_id)) a)
            FROM cases c WHERE c.id = @id AND {CaseAccess.Filter("c.")}
            """, [("id", id), .. CaseAccess.Parameters(caller)]);
        return await cmd.ExecuteScalarAsync(ct) is string feature
            ? TypedResults.Text(feature, FeatureStream.ContentType)
            : Problems.NotFound("case", $"There is no case {id}.");
    }
}
