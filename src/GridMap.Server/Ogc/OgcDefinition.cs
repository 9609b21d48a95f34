using System.Net;
using System.Text.Json.Nodes;

namespace GridMap.Server.Ogc;

/// <summary>
/// The API definition that <c>/ogc/api</c> serves (17-069r4 Requirements Class "OpenAPI 3.0"):
/// every path, parameter and status the OGC endpoints use, the bearer sign-in as a security
/// scheme, as OpenAPI 3.0 JSON, and the same as an HTML page (the landing page's service-doc).
/// </summary>
public static class OgcDefinition
{
    /// <summary>The document, its server being <paramref name="root"/> (the landing page's URL).</summary>
    /// <remarks>
    /// Paths are relative to the landing page, as 17-069r4 writes them. The error answers are RFC 7807
    /// problems (application/problem+json) naming the parameter at fault, as everywhere in GridMap.
    /// </remarks>
    public static JsonObject Document(string root) => new()
    {
        ["openapi"] = "3.0.3",
        ["info"] = new JsonObject
        {
            ["title"] = "GridMap OGC API – Features",
            ["version"] = "1.0.0",
            ["description"] = "Areas of grid governance by level and grid layer, Party-member households, service stations, grid staff and cases, as OGC API – Features – Part 1: Core (OGC 17-069r4) with GeoJSON. The landing page, the conformance declaration and this definition are open; the collections need a bearer token from POST /api/auth/login, and list only what the signed-in role may read, within its area. Names and phone numbers are masked for roles that do not contact people; every unmasked read of households is recorded.",
        },
        ["tags"] = new JsonArray(
            new JsonObject { ["name"] = Capabilities, ["description"] = "what the service offers" },
            new JsonObject { ["name"] = Data, ["description"] = "the feature collections and their features" }),
        ["paths"] = new JsonObject
        {
            ["/"] = Get("/", Capabilities, "getLandingPage", "The landing page",
                "Links to the API definition (service-desc, service-doc), the conformance declaration (conformance) and the collections (data).",
                ["fJson"], "The landing page", Json("landingPage")),
            ["/conformance"] = Get("/conformance", Capabilities, "getConformanceDeclaration", "The conformance classes this server implements", null,
                ["fJson"], "The URIs of the conformance classes", Json("confClasses")),
            ["/api"] = Get("/api", Capabilities, "getApiDefinition", "This API definition",
                "OpenAPI 3.0 as JSON (f=json; also for Accept: application/json), or as an HTML page (f=html).",
                ["fDefinition"], "The API definition", new JsonObject
                {
                    ["application/vnd.oai.openapi+json;version=3.0"] = Schema(Type("object")),
                    ["text/html"] = Schema(Type("string")),
                }),
            ["/collections"] = Get("/collections", Data, "getCollections", "The feature collections the caller may read",
                "Areas by level and grid layer (district, street, community, grid_party, grid_governance, grid_city_management, micro_grid_party, micro_grid_governance, micro_grid_city_management), households, stations, staff, cases; a collection the caller's role may not read is not listed. Extents cover what the caller may read.",
                ["fJson"], "The collections", Json("collections")),
            ["/collections/{collectionId}"] = Get("/collections/{collectionId}", Data, "describeCollection", "One feature collection", null,
                ["collectionId", "fJson"], "The collection", Json("collection")),
            ["/collections/{collectionId}/items"] = Get("/collections/{collectionId}/items", Data, "getFeatures", "A page of the collection's features",
                "Features in id order, at most limit of them, with numberReturned, timeStamp, numberMatched (on the first page: the one without after or before) and links: self, alternate, collection, next (when there are more) and prev (when there are earlier ones). Follow next to the end to read the whole collection.",
                ["collectionId", "limit", "bbox", "datetime", "after", "before", "fFeatures"], "The features", GeoJson("featureCollectionGeoJSON")),
            ["/collections/{collectionId}/items/{featureId}"] = Get("/collections/{collectionId}/items/{featureId}", Data, "getFeature", "One feature", null,
                ["collectionId", "featureId", "fFeatures"], "The feature", GeoJson("featureGeoJSON")),
        },
        ["components"] = new JsonObject
        {
            ["securitySchemes"] = new JsonObject
            {
                ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "The accessToken that POST /api/auth/login answers, in an Authorization: Bearer header." },
            },
            ["parameters"] = new JsonObject
            {
                ["fJson"] = Query("f", "The representation; instead of an Accept header.", Choice("json")),
                ["fDefinition"] = Query("f", "json: OpenAPI 3.0 JSON; html: an HTML page. Instead of an Accept header.", Choice("json", "html")),
                ["fFeatures"] = Query("f", "geojson: application/geo+json (the default); json: the same document as application/json. Instead of an Accept header.", Choice("geojson", "json")),
                ["collectionId"] = InPath("collectionId", "The id of a collection that GET /collections lists."),
                ["featureId"] = InPath("featureId", "The id of a feature (the id member of its GeoJSON Feature)."),
                ["limit"] = Query("limit", "The most features a page holds; 0: none, the count (numberMatched) alone, without paging links. A larger value is taken as the maximum, 10000 (17-069r4 /req/core/fc-limit-response-1 C).",
                    new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 10000, ["default"] = 100 }),
                ["bbox"] = Query("bbox", "Only features whose geometry intersects the box: west,south,east,north in WGS 84 longitude/latitude (CRS84), or six numbers with the minimum and maximum height third and sixth (the features are 2D: heights select nothing out). A west edge east of the east edge is a box across the antimeridian.",
                    new JsonObject
                    {
                        ["type"] = "array",
                        ["oneOf"] = new JsonArray(new JsonObject { ["minItems"] = 4, ["maxItems"] = 4 }, new JsonObject { ["minItems"] = 6, ["maxItems"] = 6 }),
                        ["items"] = Type("number"),
                    }),
                ["datetime"] = Query("datetime", "Only features whose time (cases: reportedAt; staff: locatedAt) is this RFC 3339 date-time, or lies in this interval (start/end, an open end being .. or empty). Features without a time always match.",
                    Type("string")),
                ["after"] = Query("after", "Paging: the features after this id. The next link sets it; there is no need to write it by hand.", FeatureIdNumber()),
                ["before"] = Query("before", "Paging: the features before this id (not with after). The prev link sets it.", FeatureIdNumber()),
            },
            ["responses"] = new JsonObject
            {
                ["InvalidParameter"] = Problem("A query parameter that this resource does not take, one given twice, or one with an invalid value; errors names it."),
                ["Unauthorized"] = new JsonObject
                {
                    ["description"] = "No sign-in, or an expired one.",
                    ["headers"] = new JsonObject { ["WWW-Authenticate"] = Schema(Type("string")) },
                },
                ["Forbidden"] = Problem("The role reads no collection (a reporter)."),
                ["NotFound"] = Problem("No such collection for the caller (none of that id, or one its role may not read), or no such feature in the caller's area."),
                ["NotAcceptable"] = Problem("The Accept header takes none of the media types the resource offers."),
                ["ServerError"] = Problem("The server could not complete the request; its log has the details."),
                ["Unavailable"] = Problem("The database is out of reach; try again after Retry-After seconds.",
                    new JsonObject { ["Retry-After"] = Schema(Type("integer")) }),
            },
            ["schemas"] = new JsonObject
            {
                ["problem"] = ObjectOf("RFC 7807 problem details.", [], new JsonObject
                {
                    ["type"] = Type("string"),
                    ["title"] = Type("string"),
                    ["status"] = Type("integer"),
                    ["detail"] = Type("string"),
                    ["errors"] = new JsonObject { ["type"] = "object", ["description"] = "The parameter at fault and why.", ["additionalProperties"] = ArrayOf(Type("string")) },
                }),
                ["link"] = ObjectOf(null, ["href", "rel", "type"], new JsonObject
                {
                    ["href"] = Type("string"),
                    ["rel"] = Type("string"),
                    ["type"] = Type("string"),
                    ["title"] = Type("string"),
                }),
                ["landingPage"] = ObjectOf(null, ["links"], new JsonObject
                {
                    ["title"] = Type("string"),
                    ["description"] = Type("string"),
                    ["links"] = Links(),
                }),
                ["confClasses"] = ObjectOf(null, ["conformsTo"], new JsonObject { ["conformsTo"] = ArrayOf(Type("string")) }),
                ["collections"] = ObjectOf(null, ["links", "collections"], new JsonObject
                {
                    ["links"] = Links(),
                    ["collections"] = ArrayOf(Ref("schemas", "collection")),
                }),
                ["collection"] = ObjectOf(null, ["id", "links"], new JsonObject
                {
                    ["id"] = Type("string"),
                    ["title"] = Type("string"),
                    ["description"] = Type("string"),
                    ["links"] = Links(),
                    ["extent"] = Ref("schemas", "extent"),
                    ["itemType"] = new JsonObject { ["type"] = "string", ["default"] = "feature" },
                    ["crs"] = new JsonObject { ["type"] = "array", ["items"] = Type("string"), ["default"] = new JsonArray(Crs84) },
                }),
                ["extent"] = ObjectOf(null, [], new JsonObject
                {
                    ["spatial"] = ObjectOf(null, [], new JsonObject
                    {
                        ["bbox"] = Intervals(4, new JsonObject { ["type"] = "number" }),
                        ["crs"] = Fixed(Crs84),
                    }),
                    ["temporal"] = ObjectOf(null, [], new JsonObject
                    {
                        ["interval"] = Intervals(2, new JsonObject { ["type"] = "string", ["format"] = "date-time", ["nullable"] = true }),
                        ["trs"] = Fixed("http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"),
                    }),
                }),
                ["geometryGeoJSON"] = ObjectOf("A GeoJSON geometry in CRS84: a Point (households, stations, staff, cases) or a MultiPolygon (areas).", ["type", "coordinates"], new JsonObject
                {
                    ["type"] = Choice("Point", "MultiPolygon"),
                    ["coordinates"] = ArrayOf(new JsonObject()),
                }),
                ["featureGeoJSON"] = ObjectOf(null, ["type", "geometry", "properties"], new JsonObject
                {
                    ["type"] = Choice("Feature"),
                    ["id"] = new JsonObject { ["type"] = "integer", ["format"] = "int64" },
                    ["geometry"] = Ref("schemas", "geometryGeoJSON"),
                    ["properties"] = new JsonObject { ["type"] = "object", ["nullable"] = true },
                    ["links"] = Links(),
                }),
                ["featureCollectionGeoJSON"] = ObjectOf(null, ["type", "features"], new JsonObject
                {
                    ["type"] = Choice("FeatureCollection"),
                    ["features"] = ArrayOf(Ref("schemas", "featureGeoJSON")),
                    ["links"] = Links(),
                    ["timeStamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                    ["numberMatched"] = Count(),
                    ["numberReturned"] = Count(),
                }),
            },
        },
        ["servers"] = new JsonArray(new JsonObject { ["url"] = root, ["description"] = "this server" }),
    };

    const string Capabilities = "Capabilities";
    const string Data = "Data";
    const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>
    /// A GET operation. The capabilities are open to anyone and answer without the database; the
    /// data needs a bearer token, reads the database (503 when it is out of reach), and a path that
    /// names a collection can name one that is not there (404).
    /// </summary>
    static JsonObject Get(string path, string tag, string operationId, string summary, string? description,
        string[] parameters, string answer, JsonObject content)
    {
        var open = tag == Capabilities;
        var operation = new JsonObject { ["tags"] = new JsonArray(tag), ["operationId"] = operationId, ["summary"] = summary };
        if (description is not null) operation["description"] = description;
        operation["security"] = open ? new JsonArray() : new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
        operation["parameters"] = new JsonArray([.. parameters.Select(p => Ref("parameters", p))]);
        var responses = new JsonObject { ["200"] = new JsonObject { ["description"] = answer, ["content"] = content } };
        foreach (var (status, response, applies) in Errors)
            if (applies(open, path.Contains("{collectionId}")))
                responses[status] = Ref("responses", response);
        operation["responses"] = responses;
        return new JsonObject { ["get"] = operation };
    }

    static readonly (string Status, string Response, Func<bool, bool, bool> Applies)[] Errors =
    [
        ("400", "InvalidParameter", (_, _) => true),
        ("401", "Unauthorized", (open, _) => !open),
        ("403", "Forbidden", (open, _) => !open),
        ("404", "NotFound", (_, namesCollection) => namesCollection),
        ("406", "NotAcceptable", (_, _) => true),
        ("500", "ServerError", (_, _) => true),
        ("503", "Unavailable", (open, _) => !open),
    ];

    static JsonObject Query(string name, string description, JsonObject schema) => new()
    {
        ["name"] = name, ["in"] = "query", ["required"] = false, ["style"] = "form", ["explode"] = false,
        ["description"] = description, ["schema"] = schema,
    };

    static JsonObject InPath(string name, string description) => new()
    {
        ["name"] = name, ["in"] = "path", ["required"] = true, ["description"] = description, ["schema"] = Type("string"),
    };

    static JsonObject Problem(string description, JsonObject? headers = null)
    {
        var response = new JsonObject { ["description"] = description };
        if (headers is not null) response["headers"] = headers;
        response["content"] = new JsonObject { ["application/problem+json"] = Schema(Ref("schemas", "problem")) };
        return response;
    }

    static JsonObject Json(string schema) => new() { ["application/json"] = Schema(Ref("schemas", schema)) };

    static JsonObject GeoJson(string schema) => new()
    {
        ["application/geo+json"] = Schema(Ref("schemas", schema)),
        ["application/json"] = Schema(Ref("schemas", schema)),
    };

    static JsonObject ObjectOf(string? description, string[] required, JsonObject properties)
    {
        var schema = new JsonObject { ["type"] = "object" };
        if (description is not null) schema["description"] = description;
        if (required.Length > 0) schema["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]);
        schema["properties"] = properties;
        return schema;
    }

    static JsonObject Ref(string kind, string name) => new() { ["$ref"] = $"#/components/{kind}/{name}" };
    static JsonObject Schema(JsonObject schema) => new() { ["schema"] = schema };
    static JsonObject Type(string type) => new() { ["type"] = type };
    static JsonObject ArrayOf(JsonObject items) => new() { ["type"] = "array", ["items"] = items };
    static JsonObject Links() => ArrayOf(Ref("schemas", "link"));
    static JsonObject Count() => new() { ["type"] = "integer", ["minimum"] = 0 };
    static JsonObject FeatureIdNumber() => new() { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 };
    static JsonObject Choice(params string[] values) => new() { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]) };
    static JsonObject Fixed(string value) => new() { ["type"] = "string", ["enum"] = new JsonArray(value), ["default"] = value };

    /// <summary>A non-empty array of tuples of <paramref name="length"/> items each.</summary>
    static JsonObject Intervals(int length, JsonObject item) => new()
    {
        ["type"] = "array", ["minItems"] = 1,
        ["items"] = new JsonObject { ["type"] = "array", ["minItems"] = length, ["maxItems"] = length, ["items"] = item },
    };

    /// <summary>The definition as a page people read: each operation, its parameters and its answers.</summary>
    public static string Html(JsonObject document, string jsonUrl)
    {
        static string E(JsonNode? text) => WebUtility.HtmlEncode(text?.ToString() ?? "");
        var components = document["components"]!;
        JsonNode Resolve(JsonNode node) =>
            node["$ref"] is { } r ? components[r.ToString().Split('/')[2]]![r.ToString().Split('/')[3]]! : node;
        var info = document["info"]!;
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(info["title"])}}</title>
            <style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}td,th{text-align:left;vertical-align:top;padding:.2rem .6rem}code{background:#f3f3f3}</style>
            </head><body>
            <h1>{{E(info["title"])}}</h1>
            <p>{{E(info["description"])}}</p>
            <p>Server: <code>{{E(document["servers"]![0]!["url"])}}</code>. This definition as OpenAPI 3.0 JSON: <a href="{{WebUtility.HtmlEncode(jsonUrl)}}">{{WebUtility.HtmlEncode(jsonUrl)}}</a>.</p>

            """);
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                html.Append($"<h2>{E(method.ToUpperInvariant())} <code>{E(path)}</code></h2>\n<p>{E(operation!["summary"])}");
                if (operation["description"] is { } description) html.Append($". {E(description)}");
                html.Append(operation["security"]!.AsArray().Count == 0 ? " Open to anyone.</p>\n" : " Needs a bearer token.</p>\n");
                html.Append("<table><tr><th>parameter</th><th>in</th><th>schema</th><th>meaning</th></tr>\n");
                foreach (var p in operation["parameters"]!.AsArray().Select(p => Resolve(p!)))
                    html.Append($"<tr><td><code>{E(p["name"])}</code></td><td>{E(p["in"])}</td><td><code>{E(p["schema"]!.ToJsonString())}</code></td><td>{E(p["description"])}</td></tr>\n");
                html.Append("</table>\n<ul>\n");
                foreach (var (status, response) in operation["responses"]!.AsObject())
                {
                    var r = Resolve(response!);
                    var types = r["content"] is JsonObject content ? " (" + string.Join(", ", content.Select(c => c.Key)) + ")" : "";
                    html.Append($"<li>{E(status)}: {E(r["description"])}{E(types)}</li>\n");
                }
                html.Append("</ul>\n");
            }
        html.Append("</body></html>\n");
        return html.ToString();
    }
}
