namespace GridMap.Server.Territory;

/// <summary>Areas as GeoJSON written by PostGIS, and "which areas is this point in", within the caller's area.</summary>
public static class AreasApi
{
    public static void MapAreas(this IEndpointRouteBuilder app)
    {
        var areas = app.MapGroup("/api/areas").WithTags("territory").RequireAuthorization(Access.Territory);
        areas.MapGet("/", List);
        areas.MapGet("/{id:long}", Get);
        app.MapGet("/api/locate", Locate).WithTags("territory").RequireAuthorization(Access.Locate);
        areas.MapPost("/changes", AreaChanges.Apply).RequireAuthorization(Access.EditAreas);
        areas.MapGet("/layer-report", LayerReport.Json);
        areas.MapGet("/layer-report.csv", LayerReport.Csv);
    }

    const string Properties = "id, level, layer, code, name, parent_id AS \"parentId\", population";
    internal const string Columns = $"{Properties}, boundary";

    /// <summary>
    /// The caller's area and the areas below it, a page at a time in id order; <c>ids</c> keeps those named (<see cref="IdList"/>);
    /// <c>boundary=false</c> leaves the boundaries out (geometry null): names for a picker of a city's thousands of grids.
    /// </summary>
    static Results<FeatureStream, ValidationProblem> List(
        NpgsqlDataSource db, Caller caller, string? level, string? layer, string? bbox, string? ids, string? limit, string? after, string? boundary)
    {
        if (level is not null && AreaNames.ParseLevel(level) is null) return Problems.Invalid("level", $"level must be one of {AreaNames.LevelList}");
        if (layer is not null && AreaNames.ParseLayer(layer) is null) return Problems.Invalid("layer", $"layer must be one of {AreaNames.LayerList}");
        var withBoundary = true;
        if (boundary is not null && !bool.TryParse(boundary, out withBoundary)) return Problems.Invalid("boundary", "boundary must be true or false");
        var (list, listError) = RecordListQuery.Parse(ids, q: null, bbox, limit, after);
        if (listError is not null) return listError;
        // Without the boundary, "geometry": null written here: ST_AsGeoJSON writes {"type": null} for a null geometry.
        var feature = withBoundary ? "ST_AsGeoJSON(a.*, 'boundary', 7)" : "json_build_object('type', 'Feature', 'geometry', NULL, 'properties', row_to_json(a))::text";
        return new FeatureStream(db, list.Page, $"""
            SELECT a.id, {feature} FROM (
                SELECT {(withBoundary ? Columns : Properties)} FROM areas
                WHERE (@level::text IS NULL OR level = @level) AND (@layer::text IS NULL OR layer = @layer) AND {AreaScope.Filter("id")}
                  AND {RecordListQuery.Filter("boundary", nameColumn: null)}
                {Page.OrderAndLimit("id")}) a
            """, [("level", level), ("layer", layer), AreaScope.Parameter(caller), .. list.Parameters]);
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> Get(NpgsqlDataSource db, Caller caller, long id, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            SELECT ST_AsGeoJSON(a.*, 'boundary', 7), {AreaScope.Filter("a.id")}
            FROM (SELECT {Columns} FROM areas WHERE id = @id) a
            """, ("id", id), AreaScope.Parameter(caller));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return Problems.NotFound("area", $"There is no area {id}.");
        return r.GetBoolean(1)
            ? TypedResults.Text(r.GetString(0), FeatureStream.ContentType)
            : Problems.OutsideArea($"Area {id} is not in your area.");
    }

    public sealed record LocateResult(double Lon, double Lat, IReadOnlyList<AreaRef> Chain);

    /// <summary>
    /// A resident, who has no area, learns the whole chain: which grid a place lies in is posted on
    /// every grid's notice board, and report.html names it as the place is picked.
    /// </summary>
    static (string, object?) LocateScope(Caller caller) => caller.Role == Role.Reporter ? ("scope", null) : AreaScope.Parameter(caller);

    /// <summary>
    /// The chain of areas covering a point, smallest first (grid → community → street → district).
    /// On a shared edge the lowest id wins, as in the database's grid_at(). Only areas in the
    /// caller's area are named: a grid leader learns the grid, not the street above it.
    /// With <c>at</c> (a day, 2026-03-01, meaning its start in China Standard Time, or an ISO 8601
    /// time with its offset), the areas with the boundaries in force then (<c>areas_at</c>).
    /// </summary>
    static async Task<Results<Ok<LocateResult>, ProblemHttpResult, ValidationProblem>> Locate(
        NpgsqlDataSource db, Caller caller, string? lon, string? lat, string? layer, string? at, CancellationToken ct)
    {
        if (PositionInput.Problems(lon, lat, out var x, out var y) is { Count: > 0 } invalid) return TypedResults.ValidationProblem(invalid);
        layer ??= AreaLayer.Party.Name();
        if (AreaNames.ParseLayer(layer) is null) return Problems.Invalid("layer", $"layer must be one of {AreaNames.LayerList}");
        var when = at is null ? null : AreaChanges.ParseAt(at);
        if (at is not null && when is null)
            return Problems.Invalid("at", "at must be a day (2026-03-01) or an ISO 8601 time with its offset (2026-03-01T09:00:00+08:00)");

        await using var cmd = db.Command($"""
            SELECT id, level, layer, code, name, {AreaScope.Filter("id")} FROM (
                SELECT DISTINCT ON (array_position(ARRAY['micro_grid','grid','community','street','district'], level))
                       id, level, layer, code, name
                FROM {(when is null ? "areas" : "areas_at(@at)")}
                WHERE ST_Covers(boundary, ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)) AND (layer IS NULL OR layer = @layer)
                ORDER BY array_position(ARRAY['micro_grid','grid','community','street','district'], level), id) chain
            ORDER BY array_position(ARRAY['micro_grid','grid','community','street','district'], level)
            """, ("lon", x), ("lat", y), ("layer", layer), ("at", when?.ToUniversalTime()), LocateScope(caller));
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
