using GridMap.Server.Auth;
using GridMap.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridMap.Server.Households;

/// <summary>
/// Party-member households (党员户) in the caller's area as GeoJSON points; the grid is derived
/// from the location. Names and phones are masked unless the caller's role needs them, and
/// every unmasked read is recorded.
/// </summary>
public static class HouseholdsApi
{
    public static void MapHouseholds(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/households").WithTags("households").RequireAuthorization(Access.Households).MapGet("/", List);

    static async Task<Results<FeatureStream, ValidationProblem>> List(NpgsqlDataSource db, Caller caller, string? bbox, CancellationToken ct)
    {
        var (box, error) = Bbox.Parse(bbox);
        if (error is not null) return Problems.Invalid("bbox", error);
        object?[] parameters = [caller.Scope, .. Bbox.Parameters(box)];
        var visible = $"{AreaScope.Filter("grid_id", 1)} AND {Bbox.Filter("location", 2)}";
        if (caller.SeesPersonalData)
            await PersonalDataReads.RecordAsync(db, caller, "GET /api/households", $"SELECT id FROM households WHERE {visible}", parameters, ct);
        return new FeatureStream(db, $"""
            SELECT ST_AsGeoJSON(h.*, 'location', 7) FROM (
                SELECT id, mask_name(name, $6) AS name, members, kind, mask_phone(phone, $6) AS phone, grid_id AS "gridId", location
                FROM households WHERE {visible} ORDER BY id) h
            """, [.. parameters, caller.SeesPersonalData]);
    }
}
