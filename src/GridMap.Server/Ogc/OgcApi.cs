namespace GridMap.Server.Ogc;

/// <summary>
/// OGC API – Features – Part 1: Core (OGC 17-069r4) with the GeoJSON and OpenAPI 3.0 conformance
/// classes, at <c>/ogc</c>, for GIS programs (QGIS, GDAL/ogr2ogr, ArcGIS Pro). The landing page,
/// the conformance declaration and the API definition describe the service and are open to anyone;
/// the collections need a sign-in (a bearer token, as for <c>/api</c>), and list only what the
/// caller may read: a collection outside the caller's role, and a feature outside its area,
/// answer 404 as if they did not exist (the standard's answer for an id that is not in
/// <c>/collections</c>; and who may read what is not an outsider's to learn).
/// </summary>
public static class OgcApi
{
    public const string Root = "/ogc";

    public static readonly string[] ConformsTo =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    ];

    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    public const string Gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

    public static void MapOgc(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(Root).WithTags("ogc").AllowAnonymous();
        open.MapGet("/", Landing);
        open.MapGet("/conformance", Conformance);
        open.MapGet("/api", Definition);
        var data = app.MapGroup(Root + "/collections").WithTags("ogc").RequireAuthorization(Access.Territory);
        data.MapGet("/", Collections);
        data.MapGet("/{collectionId}", Collection);
        data.MapGet("/{collectionId}/items", Items);
        data.MapGet("/{collectionId}/items/{featureId}", Item);
    }

    public static IServiceCollection AddOgc(this IServiceCollection services) => services.AddSingleton<OgcExtents>();

    public sealed record LandingPage(string Title, string Description, IReadOnlyList<OgcLink> Links);
    public sealed record ConformanceClasses(IReadOnlyList<string> ConformsTo);
    public sealed record CollectionList(IReadOnlyList<OgcLink> Links, IReadOnlyList<CollectionInfo> Collections);
    public sealed record CollectionInfo(string Id, string Title, string Description, IReadOnlyList<OgcLink> Links,
        OgcExtent? Extent, string ItemType, IReadOnlyList<string> Crs);

    /// <summary>
    /// The representation to answer in, or why there is none: a parameter the resource does not
    /// take or an unknown <c>f</c> (400), nothing the Accept header takes (406).
    /// </summary>
    sealed record Negotiated(OgcFormat Format, ValidationProblem? Invalid, ProblemHttpResult? Refused);

    static Negotiated Negotiate(HttpRequest request, OgcFormat[] offers, params string[] parameters)
    {
        if (OgcQuery.Unknown(request.Query, parameters) is { } unknown) return new(offers[0], unknown, null);
        var (format, error) = OgcFormat.Choose(request, offers);
        if (error is not null) return new(offers[0], Problems.Invalid("f", error), null);
        return format is null ? new(offers[0], null, NotAcceptable(request, offers)) : new(format, null, null);
    }

    static Results<JsonHttpResult<T>, ValidationProblem, ProblemHttpResult> Json<T>(HttpRequest request, Func<OgcFormat, T> content)
    {
        var (format, invalid, refused) = Negotiate(request, OgcFormat.Metadata, "f");
        if (invalid is not null) return invalid;
        if (refused is not null) return refused;
        return TypedResults.Json(content(format), OgcLinks.Json, format.MediaType);
    }

    static ProblemHttpResult NotAcceptable(HttpRequest request, OgcFormat[] offers) =>
        TypedResults.Problem(title: "Not acceptable", statusCode: StatusCodes.Status406NotAcceptable,
            detail: $"{request.Path} is offered as {string.Join(" or ", offers.Select(o => o.MediaType))} (f={string.Join(", f=", offers.Select(o => o.F))}); the Accept header asks for {request.Headers.Accept}.");

    static Results<JsonHttpResult<LandingPage>, ValidationProblem, ProblemHttpResult> Landing(HttpRequest request) =>
        Json(request, format =>
        {
            var root = OgcLinks.Root(request);
            return new LandingPage("GridMap 网格地图",
                "The territory of grid governance (areas by level and grid layer), Party-member households, service stations, grid staff and cases, as OGC API – Features. Sign in with a bearer token (POST /api/auth/login) to read the collections.",
                [
                    .. OgcLinks.SelfAndAlternates(request, "/", format, OgcFormat.Metadata, "the landing page"),
                    new(root + "/api?f=json", "service-desc", OgcFormat.OpenApi.MediaType, "the API definition (OpenAPI 3.0)"),
                    new(root + "/api?f=html", "service-doc", OgcFormat.Html.MediaType, "the API documentation"),
                    new(root + "/conformance?f=json", "conformance", OgcFormat.Json.MediaType, "OGC API conformance classes implemented by this server"),
                    new(root + "/collections?f=json", "data", OgcFormat.Json.MediaType, "the feature collections"),
                ]);
        });

    static Results<JsonHttpResult<ConformanceClasses>, ValidationProblem, ProblemHttpResult> Conformance(HttpRequest request) =>
        Json(request, _ => new ConformanceClasses(ConformsTo));

    static Results<ContentHttpResult, ValidationProblem, ProblemHttpResult> Definition(HttpRequest request)
    {
        var (format, invalid, refused) = Negotiate(request, OgcFormat.Definition, "f");
        if (invalid is not null) return invalid;
        if (refused is not null) return refused;
        var document = OgcDefinition.Document(OgcLinks.Root(request));
        return format == OgcFormat.Html
            ? TypedResults.Content(OgcDefinition.Html(document, OgcLinks.Root(request) + "/api?f=json"), "text/html; charset=utf-8")
            : TypedResults.Content(document.ToJsonString(OgcLinks.Json), format.MediaType);
    }

    static async Task<Results<JsonHttpResult<CollectionList>, ValidationProblem, ProblemHttpResult>> Collections(
        HttpRequest request, NpgsqlDataSource db, OgcExtents cache, Caller caller, CancellationToken ct)
    {
        var (_, invalid, refused) = Negotiate(request, OgcFormat.Metadata, "f");
        if (invalid is not null) return invalid;
        if (refused is not null) return refused;
        var readable = OgcCollection.All.Where(c => c.ReadableBy(caller)).ToList();
        var extents = await cache.OfAsync(db, caller, readable, ct);
        return Json(request, format => new CollectionList(
            OgcLinks.SelfAndAlternates(request, "/collections", format, OgcFormat.Metadata, "the feature collections"),
            [.. readable.Select(c => Info(request, c, extents[c.Id]))]));
    }

    static async Task<Results<JsonHttpResult<CollectionInfo>, ValidationProblem, ProblemHttpResult>> Collection(
        HttpRequest request, NpgsqlDataSource db, OgcExtents cache, Caller caller, string collectionId, CancellationToken ct)
    {
        if (Readable(collectionId, caller) is not { } collection) return NoCollection(collectionId);
        var (_, invalid, refused) = Negotiate(request, OgcFormat.Metadata, "f");
        if (invalid is not null) return invalid;
        if (refused is not null) return refused;
        var extents = await cache.OfAsync(db, caller, [collection], ct);
        return Json(request, format => Info(request, collection, extents[collection.Id], format));
    }

    static CollectionInfo Info(HttpRequest request, OgcCollection c, OgcExtent? extent, OgcFormat? served = null)
    {
        var root = OgcLinks.Root(request);
        var path = $"/collections/{c.Id}";
        IEnumerable<OgcLink> self = served is null
            ? [new(root + path + "?f=json", "self", OgcFormat.Json.MediaType, $"the collection {c.Id}")]
            : OgcLinks.SelfAndAlternates(request, path, served, OgcFormat.Metadata, $"the collection {c.Id}");
        return new(c.Id, c.Title, c.Description,
            [
                .. self,
                .. OgcFormat.Features.Select(f => new OgcLink($"{root}{path}/items?f={f.F}", "items", f.MediaType, $"the features of {c.Id} as {f.MediaType}")),
            ],
            extent, "feature", [Crs84]);
    }

    static Results<OgcFeatures, ValidationProblem, ProblemHttpResult> Items(
        HttpRequest request, NpgsqlDataSource db, Caller caller, string collectionId)
    {
        if (Readable(collectionId, caller) is not { } collection) return NoCollection(collectionId);
        var (query, error) = OgcItemsQuery.Parse(request.Query);
        if (error is not null) return error;
        var (format, invalid, refused) = Negotiate(request, OgcFormat.Features, OgcItemsQuery.Parameters);
        if (invalid is not null) return invalid;
        if (refused is not null) return refused;
        return new OgcFeatures(db, caller, collection, query!, format, OgcLinks.Page(request, $"/collections/{collection.Id}/items", format));
    }

    static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> Item(
        HttpRequest request, NpgsqlDataSource db, Caller caller, string collectionId, string featureId, CancellationToken ct)
    {
        if (Readable(collectionId, caller) is not { } collection) return NoCollection(collectionId);
        var (format, invalid, refused) = Negotiate(request, OgcFormat.Features, "f");
        if (invalid is not null) return invalid;
        if (refused is not null) return refused;
        // Ids are whole numbers; anything else names no feature.
        if (!long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return NoFeature(collection, featureId);
        var path = $"/collections/{collection.Id}/items/{id}";
        List<OgcLink> links =
        [
            .. OgcLinks.SelfAndAlternates(request, path, format, OgcFormat.Features, $"feature {id}"),
            new(OgcLinks.Root(request) + $"/collections/{collection.Id}?f=json", "collection", OgcFormat.Json.MediaType, $"the collection {collection.Id}"),
        ];
        var feature = await OgcFeature.ReadAsync(db, caller, collection, id,
            string.Join(",", links.Select(l => System.Text.Json.JsonSerializer.Serialize(l, OgcLinks.Json))), ct);
        return feature is null ? NoFeature(collection, featureId) : TypedResults.Content(feature, format.MediaType);
    }

    /// <summary>The collection, when it exists and the caller may read it.</summary>
    static OgcCollection? Readable(string id, Caller caller) =>
        OgcCollection.Find(id) is { } c && c.ReadableBy(caller) ? c : null;

    static ProblemHttpResult NoCollection(string id) =>
        Problems.NotFound("collection", $"There is no collection {id}: GET {Root}/collections lists those you may read.");

    static ProblemHttpResult NoFeature(OgcCollection c, string id) =>
        Problems.NotFound("feature", $"There is no feature {id} in {c.Id}.");
}
