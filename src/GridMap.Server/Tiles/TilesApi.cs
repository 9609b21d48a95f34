using GridMap.Server.Cases;
using GridMap.Server.Data;
using TileAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<GridMap.Server.Tiles.MvtTile, Microsoft.AspNetCore.Http.HttpResults.ValidationProblem, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;
using TileJsonAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<GridMap.Server.Tiles.TileJsonResult, Microsoft.AspNetCore.Http.HttpResults.ValidationProblem, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace GridMap.Server.Tiles;

/// <summary>
/// Mapbox Vector Tiles built by PostGIS (<c>ST_AsMVT</c>) at <c>/tiles/{layer}/{z}/{x}/{y}.mvt</c>
/// and their TileJSON at <c>/tiles/{layer}.json</c>, for the layers of <see cref="TileLayers"/>.
/// Each layer family has the policy of the list it mirrors, and a tile holds the rows that list
/// gives the caller (area, a grid worker's own cases, personal data only for roles that need it).
/// </summary>
public static class TilesApi
{
    public static void MapTiles(this IEndpointRouteBuilder app)
    {
        var territory = app.MapGroup("/tiles").WithTags("tiles").RequireAuthorization(Access.Territory);
        territory.MapGet("/areas-{kind}/{z}/{x}/{y}.mvt", (string kind, string z, string x, string y, Caller caller, HttpRequest http, NpgsqlDataSource db, TileDatabase tiles, TileCounters counters, TileCache cache, CancellationToken ct) =>
            AreaLayer(kind) is { } layer ? Tile(new(layer, default, caller), z, x, y, http, db, tiles, counters, cache, ct) : Task.FromResult<TileAnswer>(NoSuchLayer(kind)));
        territory.MapGet("/areas-{kind}.json", (string kind, Caller caller, HttpRequest request, NpgsqlDataSource db, TileCounters counters, CancellationToken ct) =>
            AreaLayer(kind) is { } layer ? TileJson.AnswerAsync(layer, caller, request, db, counters, ct) : Task.FromResult<TileJsonAnswer>(NoSuchLayer(kind)));

        foreach (var layer in new[] { PointTiles.Households, PointTiles.Stations, PointTiles.Staff })
        {
            var group = app.MapGroup("/tiles").WithTags("tiles").RequireAuthorization(layer.Policy);
            group.MapGet($"/{layer.Id}/{{z}}/{{x}}/{{y}}.mvt", (string z, string x, string y, Caller caller, HttpRequest http, NpgsqlDataSource db, TileDatabase tiles, TileCounters counters, TileCache cache, CancellationToken ct) =>
                Tile(new(layer, default, caller), z, x, y, http, db, tiles, counters, cache, ct));
            group.MapGet($"/{layer.Id}.json", (Caller caller, HttpRequest request, NpgsqlDataSource db, TileCounters counters, CancellationToken ct) =>
                TileJson.AnswerAsync(layer, caller, request, db, counters, ct));
        }

        var cases = app.MapGroup("/tiles").WithTags("tiles").RequireAuthorization(PointTiles.Cases.Policy);
        cases.MapGet("/cases/{z}/{x}/{y}.mvt", async (string z, string x, string y, long? areaId, string? status, string? category, DateTimeOffset? from, DateTimeOffset? to,
            bool? overdue, Caller caller, CaseCatalogue catalogue, HttpRequest http, NpgsqlDataSource db, TileDatabase tiles, TileCounters counters, TileCache cache, CancellationToken ct) =>
        {
            var (filter, problem) = CaseFilter.Parse(catalogue, areaId, status, category, from, to, overdue);
            return problem is not null ? problem : await Tile(new(PointTiles.Cases, default, caller, await filter!.WithAreaLevelAsync(db, ct)), z, x, y, http, db, tiles, counters, cache, ct);
        });
        cases.MapGet("/cases.json", (long? areaId, string? status, string? category, DateTimeOffset? from, DateTimeOffset? to, bool? overdue,
            Caller caller, CaseCatalogue catalogue, HttpRequest request, NpgsqlDataSource db, TileCounters counters, CancellationToken ct) =>
            CaseFilter.Parse(catalogue, areaId, status, category, from, to, overdue).Error is { } problem
                ? Task.FromResult<TileJsonAnswer>(problem)
                : TileJson.AnswerAsync(PointTiles.Cases, caller, request, db, counters, ct));
    }

    public static IServiceCollection AddTiles(this IServiceCollection services, IConfiguration config) => services
        .AddSingleton(TileOptions.From(config))
        .AddSingleton(sp => TileDatabase.Open(DataServices.ConnectionString(config), sp.GetRequiredService<TileOptions>()))
        .AddSingleton<TileCounters>().AddSingleton<TileCache>();

    static TileLayer? AreaLayer(string kind) => TileLayers.Find(TileLayers.AreasPrefix + kind);

    static ProblemHttpResult NoSuchLayer(string kind) => Problems.NotFound("tile layer",
        $"There is no tile layer '{TileLayers.AreasPrefix}{kind}'; the area layers are {TileLayers.AreaIds}.");

    /// <summary>
    /// A tile of the layer; z, x and y checked first, each refusal naming its parameter. Asked with
    /// If-None-Match, the data's counters are read first and a tag that still names the tile is
    /// answered 304 without building it. That repeat records no read of personal data: it hands
    /// over nothing the caller was not given, and recorded, when the tile was sent. Asked without,
    /// the tile is tagged with the counters read lately (<see cref="TileCounters"/>), so that a
    /// tile to be built costs its one statement. A tile kept, or being built, under the tag of
    /// counters read for this request (<see cref="TileCache"/>) is sent without building it, its
    /// households' read recorded first as the tile's statement records it.
    /// </summary>
    static async Task<TileAnswer> Tile(TileRequest request, string z, string x, string y, HttpRequest http, NpgsqlDataSource db,
        TileDatabase tiles, TileCounters counters, TileCache cache, CancellationToken ct)
    {
        var (tile, field, error) = TileAddress.Parse(z, x, y);
        if (error is not null) return Problems.Invalid(field!, error);
        request = request with { Tile = tile };
        try
        {
            if (request.Layer.Versions is not { } names) return new MvtTile(new(await TileQuery.RunAsync(tiles, request, ct)));
            string Tag(string versions) => request.Etag(versions, tiles.Options);
            var asked = TileEtag.Asked(http);
            var tag = Tag(asked ? await counters.ReadAsync(names, ct) : await counters.RecentAsync(names, ct));
            if (TileEtag.Matching(http, tag) is { } held) return MvtTile.Unchanged(held);
            var found = cache.Find(tag);
            // Counters read lately may be a second old: a kept tile is sent only under counters read for this request.
            if (found is not null && !asked) found = cache.Find(tag = Tag(await counters.ReadAsync(names, ct)));
            if (found is not null)
            {
                var kept = await found.WaitAsync(ct);
                if (kept.Households is { } households)
                    await PersonalDataReads.RecordAsync(db, request.Caller, request.What, "SELECT unnest(@households) AS id", [("households", households)], ct);
                return new MvtTile(kept, tag);
            }
            var built = await cache.BuildAsync(tag, async token => new TileBytes(await TileQuery.RunAsync(tiles, request, token)), ct);
            return new MvtTile(built, tag);
        }
        catch (Exception e) when (TileQuery.TimedOut(e, ct))
        {
            return TypedResults.Problem(title: "Tile too costly", statusCode: StatusCodes.Status503ServiceUnavailable,
                detail: $"Tile {tile} of {request.Layer.Id} took longer than {tiles.Options.TimeoutMs} ms to build, the limit for one tile: the database is busy, " +
                        "or the tile holds too much. Try again, or zoom in.");
        }
    }
}
