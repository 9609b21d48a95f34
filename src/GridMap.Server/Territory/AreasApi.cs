using GridMap.Core.Territory;
using GridMap.Server.Auth;
using GridMap.Server.Data;
using GridMap.Server.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridMap.Server.Territory;

/// <summary>Areas as GeoJSON written by PostGIS, and "which areas is this point in", within the caller's area.</summary>
public static class AreasApi
{
    public static void MapAreas(this IEndpointRouteBuilder app)
    {
        var areas = app.MapGroup("/api/areas").WithTags("territory").RequireAuthorization(Access.Territory);
        areas.MapGet("/", List);
        areas.MapGet("/{id:long}", Get);
        app.MapGet("/api/locate", Locate).WithTags("territory").RequireAuthorization(Access.Territory);
    }

    const string Columns = "id, level, layer, code, name, parent_id AS \"parentId\", population, boundary";

    /// <summary>The caller's area and the areas below it, a page at a time in id order.</summary>
    static Results<FeatureStream, ValidationProblem> List(NpgsqlDataSource db, Caller caller, string? level, string? layer, string? bbox, string? limit, string? after)
    {
        if (level is not null && AreaNames.ParseLevel(level) is null) return Problems.Invalid("level", $"level must be one of {AreaNames.LevelList}");
        if (layer is not null && AreaNames.ParseLayer(layer) is null) return Problems.Invalid("layer", $"layer must be one of {AreaNames.LayerList}");
        var (box, error) = Bbox.Parse(bbox);
        if (error is not null) return Problems.Invalid("bbox", error);
        var (page, pageError) = Page.Parse(limit, after);
        if (pageError is not null) return pageError;
        return new FeatureStream(db, page, $"""
            SELECT a.id, ST_AsGeoJSON(a.*, 'boundary', 7) FROM (
                SELECT {Columns} FROM areas
                WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR layer = $2) AND {Bbox.Filter("boundary", 3)}
                  AND {AreaScope.Filter("id", 7)} AND {Page.Filter("id", 8)}
                {Page.OrderAndLimit("id", 8)}) a
            """, [level, layer, .. Bbox.Parameters(box), caller.Scope, .. Page.Parameters(page)]);
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> Get(NpgsqlDataSource db, Caller caller, long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT ST_AsGeoJSON(a.*, 'boundary', 7), {AreaScope.Filter("a.id", 2)}
            FROM (SELECT {Columns} FROM areas WHERE id = $1) a
            """);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = (object?)caller.Scope ?? DBNull.Value });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return Problems.NotFound("area", $"There is no area {id}.");
        return r.GetBoolean(1)
            ? TypedResults.Text(r.GetString(0), FeatureStream.ContentType)
            : Problems.OutsideArea($"Area {id} is not in your area.");
    }

    public sealed record LocateResult(double Lon, double Lat, IReadOnlyList<AreaRef> Chain);

    /// <summary>
    /// The chain of areas covering a point, smallest first (grid → community → street → district).
    /// On a shared edge the lowest id wins, as in the database's grid_at(). Only areas in the
    /// caller's area are named: a grid leader learns the grid, not the street above it.
    /// </summary>
    static async Task<Results<Ok<LocateResult>, ProblemHttpResult, ValidationProblem>> Locate(
        NpgsqlDataSource db, Caller caller, string? lon, string? lat, string? layer, CancellationToken ct)
    {
        if (PositionInput.Problems(lon, lat, out var x, out var y) is { Count: > 0 } invalid) return TypedResults.ValidationProblem(invalid);
        layer ??= AreaLayer.Party.Name();
        if (AreaNames.ParseLayer(layer) is null) return Problems.Invalid("layer", $"layer must be one of {AreaNames.LayerList}");

        await using var cmd = db.CreateCommand($"""
            SELECT id, level, layer, code, name, {AreaScope.Filter("id", 4)} FROM (
                SELECT DISTINCT ON (array_position(ARRAY['micro_grid','grid','community','street','district'], level))
                       id, level, layer, code, name
                FROM areas
                WHERE ST_Covers(boundary, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AND (layer IS NULL OR layer = $3)
                ORDER BY array_position(ARRAY['micro_grid','grid','community','street','district'], level), id) chain
            ORDER BY array_position(ARRAY['micro_grid','grid','community','street','district'], level)
            """);
        cmd.Parameters.Add(new() { Value = x });
        cmd.Parameters.Add(new() { Value = y });
        cmd.Parameters.Add(new() { Value = layer });
        cmd.Parameters.Add(new() { Value = (object?)caller.Scope ?? DBNull.Value });
        var chain = new List<AreaRef>();
        var inAnyArea = false;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                inAnyArea = true;
                if (r.GetBoolean(5))
                    chain.Add(new(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4)));
            }
        if (!inAnyArea) return TypedResults.Problem(title: "Outside all areas", detail: $"The point {x}, {y} lies in no area.", statusCode: 404);
        return chain.Count == 0
            ? Problems.OutsideArea($"The point {x}, {y} is not in your area.")
            : TypedResults.Ok(new LocateResult(x, y, chain));
    }
}
