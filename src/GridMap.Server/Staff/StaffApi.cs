using GridMap.Server.Auth;
using GridMap.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridMap.Server.Staff;

/// <summary>
/// Grid leaders, grid workers and Party members sunk into grids (下沉网格) whose home grid is in
/// the caller's area, at their last known location; phones masked unless the role needs them.
/// </summary>
public static class StaffApi
{
    public static void MapStaff(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/staff").WithTags("staff").RequireAuthorization(Access.Staff).MapGet("/", List);

    static Results<FeatureStream, ValidationProblem> List(NpgsqlDataSource db, Caller caller, string? bbox)
    {
        var (box, error) = Bbox.Parse(bbox);
        if (error is not null) return Problems.Invalid("bbox", error);
        return new FeatureStream(db, $"""
            SELECT ST_AsGeoJSON(s.*, 'location', 7) FROM (
                SELECT id, name, role, home_grid_id AS "homeGridId", mask_phone(phone, $6) AS phone, on_duty AS "onDuty",
                       located_at AS "locatedAt", location
                FROM staff WHERE location IS NOT NULL AND {Bbox.Filter("location", 1)} AND {AreaScope.Filter("home_grid_id", 5)}
                ORDER BY id) s
            """, [.. Bbox.Parameters(box), caller.Scope, caller.SeesPersonalData]);
    }
}
