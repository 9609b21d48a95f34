using System.Text.Json.Serialization;
using GridMap.Server.Cases;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Net.Http.Headers;
using NpgsqlTypes;

namespace GridMap.Server.Tiles;

/// <summary>
/// TileJSON 3.0.0 of a layer as the caller gets it: the tile URL template (this server; for cases with the
/// request's filters, so <c>/tiles/cases.json?status=reported</c> describes the filtered tiles),
/// the zooms, the bounds of the caller's own area, and the one vector layer with its fields
/// (those of this caller: names and phones only for roles that see them). Field values are the
/// types (<c>Number</c>, <c>String</c>, <c>Boolean</c>), as tippecanoe and MBTiles write them.
/// </summary>
public static class TileJson
{
    /// <summary>Tiles exist from 0 to <see cref="TileAddress.MaxZoom"/>; past this one, a client scales up (over-zooms) instead of fetching.</summary>
    public const int MaxZoom = 18;

    /// <summary>What Web Mercator can show: its latitudes stop at ±85.0511°.</summary>
    static readonly double[] World = [-180, -85.0511287798, 180, 85.0511287798];

    public static async Task<Results<TileJsonResult, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        TileLayer layer, Caller caller, HttpRequest request, NpgsqlDataSource db, TileCounters counters, CancellationToken ct)
    {
        var filters = layer.FiltersCases ? new QueryBuilder(request.Query.Where(q => CaseFilter.QueryNames.Contains(q.Key))).ToQueryString() : QueryString.Empty;
        var template = $"{request.Scheme}://{request.Host}{request.PathBase}/tiles/{layer.Id}/{{z}}/{{x}}/{{y}}.mvt{filters}";
        // Only the bounds come from the data (the areas); the rest from who asks and how.
        string[] areas = ["areas"];
        var versions = TileEtag.Asked(request) ? await counters.ReadAsync(areas, ct) : await counters.RecentAsync(areas, ct);
        var tag = TileEtag.Of(versions, "tilejson", layer.Id, caller.Scope, caller.SeesPersonalData, template);
        if (TileEtag.Matching(request, tag) is { } held) return TileJsonResult.Unchanged(held);
        var bounds = await BoundsAsync(db, caller, ct);
        var fields = layer.Fields(caller.SeesPersonalData);
        return new TileJsonResult(tag, new(
            TileJson: "3.0.0",
            Name: layer.Id,
            Description: layer.Description,
            Scheme: "xyz",
            Tiles: [template],
            MinZoom: 0,
            MaxZoom: MaxZoom,
            Bounds: bounds,
            Center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, FittingZoom(bounds)],
            VectorLayers: [new(layer.Id, layer.Description, 0, MaxZoom, fields.ToDictionary(f => f.Name, f => f.Type))]));
    }

    /// <summary>The extent of the caller's own area (the admin's: every top-level area); the world when it has none.</summary>
    static async Task<double[]> BoundsAsync(NpgsqlDataSource db, Caller caller, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
            FROM (SELECT ST_Extent(boundary) AS e FROM areas WHERE id = @scope OR (@scope IS NULL AND parent_id IS NULL)) s
            WHERE e IS NOT NULL
            """);
        cmd.Parameters.Add(new("scope", NpgsqlDbType.Bigint) { Value = (object?)caller.Scope ?? DBNull.Value });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return World;
        return [r.GetDouble(0), Math.Max(r.GetDouble(1), World[1]), r.GetDouble(2), Math.Min(r.GetDouble(3), World[3])];
    }

    /// <summary>The zoom at which the bounds fill about a 512-pixel view.</summary>
    static double FittingZoom(double[] b)
    {
        var span = Math.Max(b[2] - b[0], b[3] - b[1]);
        return span <= 0 ? MaxZoom : Math.Clamp(Math.Floor(Math.Log2(360 / span * 2)), 0, MaxZoom);
    }
}

public sealed record VectorLayer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("minzoom")] int MinZoom,
    [property: JsonPropertyName("maxzoom")] int MaxZoom,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string> Fields);

public sealed record TileJsonDocument(
    [property: JsonPropertyName("tilejson")] string TileJson,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("scheme")] string Scheme,
    [property: JsonPropertyName("tiles")] string[] Tiles,
    [property: JsonPropertyName("minzoom")] int MinZoom,
    [property: JsonPropertyName("maxzoom")] int MaxZoom,
    [property: JsonPropertyName("bounds")] double[] Bounds,
    [property: JsonPropertyName("center")] double[] Center,
    [property: JsonPropertyName("vector_layers")] VectorLayer[] VectorLayers);

/// <summary>
/// The TileJSON answer: private (it names the caller's area), asked again each time, with an ETag
/// from <see cref="TileEtag"/> (304, without reading the bounds, when the client holds it); a weak
/// one, as the answer may go out compressed (<see cref="Compression"/>) or not under the same tag.
/// </summary>
public sealed class TileJsonResult(string tag, TileJsonDocument? document) : IResult
{
    EntityTagHeaderValue? unchanged;

    public static TileJsonResult Unchanged(EntityTagHeaderValue etag) => new("", null) { unchanged = etag };

    public TileJsonDocument? Document => document;

    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers.CacheControl = MvtTile.CacheControl;
        if (unchanged is not null)
        {
            response.Headers.ETag = new EntityTagHeaderValue(unchanged.Tag, isWeak: true).ToString();
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document!);
        response.Headers.ETag = new EntityTagHeaderValue($"\"{tag}\"", isWeak: true).ToString();
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
