using GridMap.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridMap.Server.Households;

/// <summary>Party-member households (党员户) as GeoJSON points; the grid is derived from the location.</summary>
public static class HouseholdsApi
{
    public static void MapHouseholds(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/households").WithTags("households").MapGet("/", List);

    static Results<FeatureStream, ValidationProblem> List(NpgsqlDataSource db, string? bbox)
    {
        var (box, error) = Bbox.Parse(bbox);
        if (error is not null) return Problems.Invalid("bbox", error);
        return new FeatureStream(db, $"""
            SELECT ST_AsGeoJSON(h.*, 'location', 7) FROM (
                SELECT id, name, members, kind, phone, grid_id AS "gridId", location
                FROM households WHERE {Bbox.Filter("location", 1)} ORDER BY id) h
            """, Bbox.Parameters(box));
    }
}
