using System.Net;
using System.Text;
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
    public static JsonObject Document(string root)
    {
        var document = JsonNode.Parse(Template)!.AsObject();
        document["servers"] = new JsonArray(new JsonObject { ["url"] = root, ["description"] = "this server" });
        return document;
    }

    /// <summary>
    /// Paths relative to the landing page, as 17-069r4 writes them. The error answers are RFC 7807
    /// problems (application/problem+json) naming the parameter at fault, as everywhere in GridMap.
    /// </summary>
    const string Template = """
        {
          "openapi": "3.0.3",
          "info": {
            "title": "GridMap OGC API – Features",
            "version": "1.0.0",
            "description": "Areas of grid governance by level and grid layer, Party-member households, service stations, grid staff and cases, as OGC API – Features – Part 1: Core (OGC 17-069r4) with GeoJSON. The landing page, the conformance declaration and this definition are open; the collections need a bearer token from POST /api/auth/login, and list only what the signed-in role may read, within its area. Names and phone numbers are masked for roles that do not contact people; every unmasked read of households is recorded."
          },
          "tags": [
            { "name": "Capabilities", "description": "what the service offers" },
            { "name": "Data", "description": "the feature collections and their features" }
          ],
          "paths": {
            "/": {
              "get": {
                "tags": ["Capabilities"], "operationId": "getLandingPage", "summary": "The landing page",
                "description": "Links to the API definition (service-desc, service-doc), the conformance declaration (conformance) and the collections (data).",
                "security": [],
                "parameters": [{ "$ref": "#/components/parameters/fJson" }],
                "responses": {
                  "200": { "description": "The landing page", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/landingPage" } } } },
                  "400": { "$ref": "#/components/responses/InvalidParameter" },
                  "406": { "$ref": "#/components/responses/NotAcceptable" },
                  "500": { "$ref": "#/components/responses/ServerError" }
                }
              }
            },
            "/conformance": {
              "get": {
                "tags": ["Capabilities"], "operationId": "getConformanceDeclaration", "summary": "The conformance classes this server implements",
                "security": [],
                "parameters": [{ "$ref": "#/components/parameters/fJson" }],
                "responses": {
                  "200": { "description": "The URIs of the conformance classes", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/confClasses" } } } },
                  "400": { "$ref": "#/components/responses/InvalidParameter" },
                  "406": { "$ref": "#/components/responses/NotAcceptable" },
                  "500": { "$ref": "#/components/responses/ServerError" }
                }
              }
            },
            "/api": {
              "get": {
                "tags": ["Capabilities"], "operationId": "getApiDefinition", "summary": "This API definition",
                "description": "OpenAPI 3.0 as JSON (f=json; also for Accept: application/json), or as an HTML page (f=html).",
                "security": [],
                "parameters": [{ "$ref": "#/components/parameters/fDefinition" }],
                "responses": {
                  "200": {
                    "description": "The API definition",
                    "content": {
                      "application/vnd.oai.openapi+json;version=3.0": { "schema": { "type": "object" } },
                      "text/html": { "schema": { "type": "string" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/InvalidParameter" },
                  "406": { "$ref": "#/components/responses/NotAcceptable" },
                  "500": { "$ref": "#/components/responses/ServerError" }
                }
              }
            },
            "/collections": {
              "get": {
                "tags": ["Data"], "operationId": "getCollections", "summary": "The feature collections the caller may read",
                "description": "Areas by level and grid layer (district, street, community, grid_party, grid_governance, grid_city_management, micro_grid_party, micro_grid_governance, micro_grid_city_management), households, stations, staff, cases; a collection the caller's role may not read is not listed. Extents cover what the caller may read.",
                "security": [{ "bearer": [] }],
                "parameters": [{ "$ref": "#/components/parameters/fJson" }],
                "responses": {
                  "200": { "description": "The collections", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/collections" } } } },
                  "400": { "$ref": "#/components/responses/InvalidParameter" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "406": { "$ref": "#/components/responses/NotAcceptable" },
                  "500": { "$ref": "#/components/responses/ServerError" },
                  "503": { "$ref": "#/components/responses/Unavailable" }
                }
              }
            },
            "/collections/{collectionId}": {
              "get": {
                "tags": ["Data"], "operationId": "describeCollection", "summary": "One feature collection",
                "security": [{ "bearer": [] }],
                "parameters": [{ "$ref": "#/components/parameters/collectionId" }, { "$ref": "#/components/parameters/fJson" }],
                "responses": {
                  "200": { "description": "The collection", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/collection" } } } },
                  "400": { "$ref": "#/components/responses/InvalidParameter" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "406": { "$ref": "#/components/responses/NotAcceptable" },
                  "500": { "$ref": "#/components/responses/ServerError" },
                  "503": { "$ref": "#/components/responses/Unavailable" }
                }
              }
            },
            "/collections/{collectionId}/items": {
              "get": {
                "tags": ["Data"], "operationId": "getFeatures", "summary": "A page of the collection's features",
                "description": "Features in id order, at most limit of them, with numberReturned, timeStamp, numberMatched (on the first page: the one without after or before) and links: self, alternate, collection, next (when there are more) and prev (when there are earlier ones). Follow next to the end to read the whole collection.",
                "security": [{ "bearer": [] }],
                "parameters": [
                  { "$ref": "#/components/parameters/collectionId" },
                  { "$ref": "#/components/parameters/limit" },
                  { "$ref": "#/components/parameters/bbox" },
                  { "$ref": "#/components/parameters/datetime" },
                  { "$ref": "#/components/parameters/after" },
                  { "$ref": "#/components/parameters/before" },
                  { "$ref": "#/components/parameters/fFeatures" }
                ],
                "responses": {
                  "200": {
                    "description": "The features",
                    "content": {
                      "application/geo+json": { "schema": { "$ref": "#/components/schemas/featureCollectionGeoJSON" } },
                      "application/json": { "schema": { "$ref": "#/components/schemas/featureCollectionGeoJSON" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/InvalidParameter" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "406": { "$ref": "#/components/responses/NotAcceptable" },
                  "500": { "$ref": "#/components/responses/ServerError" },
                  "503": { "$ref": "#/components/responses/Unavailable" }
                }
              }
            },
            "/collections/{collectionId}/items/{featureId}": {
              "get": {
                "tags": ["Data"], "operationId": "getFeature", "summary": "One feature",
                "security": [{ "bearer": [] }],
                "parameters": [
                  { "$ref": "#/components/parameters/collectionId" },
                  { "$ref": "#/components/parameters/featureId" },
                  { "$ref": "#/components/parameters/fFeatures" }
                ],
                "responses": {
                  "200": {
                    "description": "The feature",
                    "content": {
                      "application/geo+json": { "schema": { "$ref": "#/components/schemas/featureGeoJSON" } },
                      "application/json": { "schema": { "$ref": "#/components/schemas/featureGeoJSON" } }
                    }
                  },
                  "400": { "$ref": "#/components/responses/InvalidParameter" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "403": { "$ref": "#/components/responses/Forbidden" },
                  "404": { "$ref": "#/components/responses/NotFound" },
                  "406": { "$ref": "#/components/responses/NotAcceptable" },
                  "500": { "$ref": "#/components/responses/ServerError" },
                  "503": { "$ref": "#/components/responses/Unavailable" }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": { "type": "http", "scheme": "bearer", "description": "The accessToken that POST /api/auth/login answers, in an Authorization: Bearer header." }
            },
            "parameters": {
              "fJson": {
                "name": "f", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "The representation; instead of an Accept header.",
                "schema": { "type": "string", "enum": ["json"] }
              },
              "fDefinition": {
                "name": "f", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "json: OpenAPI 3.0 JSON; html: an HTML page. Instead of an Accept header.",
                "schema": { "type": "string", "enum": ["json", "html"] }
              },
              "fFeatures": {
                "name": "f", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "geojson: application/geo+json (the default); json: the same document as application/json. Instead of an Accept header.",
                "schema": { "type": "string", "enum": ["geojson", "json"] }
              },
              "collectionId": {
                "name": "collectionId", "in": "path", "required": true,
                "description": "The id of a collection that GET /collections lists.",
                "schema": { "type": "string" }
              },
              "featureId": {
                "name": "featureId", "in": "path", "required": true,
                "description": "The id of a feature (the id member of its GeoJSON Feature).",
                "schema": { "type": "string" }
              },
              "limit": {
                "name": "limit", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "The most features a page holds. A larger value is taken as the maximum, 10000 (17-069r4 /req/core/fc-limit-response-1 C).",
                "schema": { "type": "integer", "minimum": 1, "maximum": 10000, "default": 100 }
              },
              "bbox": {
                "name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "Only features whose geometry intersects the box: west,south,east,north in WGS 84 longitude/latitude (CRS84), or six numbers with the minimum and maximum height third and sixth (the features are 2D: heights select nothing out). A west edge east of the east edge is a box across the antimeridian.",
                "schema": {
                  "type": "array",
                  "oneOf": [{ "minItems": 4, "maxItems": 4 }, { "minItems": 6, "maxItems": 6 }],
                  "items": { "type": "number" }
                }
              },
              "datetime": {
                "name": "datetime", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "Only features whose time (cases: reportedAt; staff: locatedAt) is this RFC 3339 date-time, or lies in this interval (start/end, an open end being .. or empty). Features without a time always match.",
                "schema": { "type": "string" }
              },
              "after": {
                "name": "after", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "Paging: the features after this id. The next link sets it; there is no need to write it by hand.",
                "schema": { "type": "integer", "format": "int64", "minimum": 0 }
              },
              "before": {
                "name": "before", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "Paging: the features before this id (not with after). The prev link sets it.",
                "schema": { "type": "integer", "format": "int64", "minimum": 0 }
              }
            },
            "responses": {
              "InvalidParameter": {
                "description": "A query parameter that this resource does not take, one given twice, or one with an invalid value; errors names it.",
                "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/problem" } } }
              },
              "Unauthorized": {
                "description": "No sign-in, or an expired one.",
                "headers": { "WWW-Authenticate": { "schema": { "type": "string" } } }
              },
              "Forbidden": {
                "description": "The role reads no collection (a reporter).",
                "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/problem" } } }
              },
              "NotFound": {
                "description": "No such collection for the caller (none of that id, or one its role may not read), or no such feature in the caller's area.",
                "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/problem" } } }
              },
              "NotAcceptable": {
                "description": "The Accept header takes none of the media types the resource offers.",
                "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/problem" } } }
              },
              "ServerError": {
                "description": "The server could not complete the request; its log has the details.",
                "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/problem" } } }
              },
              "Unavailable": {
                "description": "The database is out of reach; try again after Retry-After seconds.",
                "headers": { "Retry-After": { "schema": { "type": "integer" } } },
                "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/problem" } } }
              }
            },
            "schemas": {
              "problem": {
                "type": "object",
                "description": "RFC 7807 problem details.",
                "properties": {
                  "type": { "type": "string" },
                  "title": { "type": "string" },
                  "status": { "type": "integer" },
                  "detail": { "type": "string" },
                  "errors": { "type": "object", "description": "The parameter at fault and why.", "additionalProperties": { "type": "array", "items": { "type": "string" } } }
                }
              },
              "link": {
                "type": "object",
                "required": ["href", "rel", "type"],
                "properties": {
                  "href": { "type": "string" },
                  "rel": { "type": "string" },
                  "type": { "type": "string" },
                  "title": { "type": "string" }
                }
              },
              "landingPage": {
                "type": "object",
                "required": ["links"],
                "properties": {
                  "title": { "type": "string" },
                  "description": { "type": "string" },
                  "links": { "type": "array", "items": { "$ref": "#/components/schemas/link" } }
                }
              },
              "confClasses": {
                "type": "object",
                "required": ["conformsTo"],
                "properties": { "conformsTo": { "type": "array", "items": { "type": "string" } } }
              },
              "collections": {
                "type": "object",
                "required": ["links", "collections"],
                "properties": {
                  "links": { "type": "array", "items": { "$ref": "#/components/schemas/link" } },
                  "collections": { "type": "array", "items": { "$ref": "#/components/schemas/collection" } }
                }
              },
              "collection": {
                "type": "object",
                "required": ["id", "links"],
                "properties": {
                  "id": { "type": "string" },
                  "title": { "type": "string" },
                  "description": { "type": "string" },
                  "links": { "type": "array", "items": { "$ref": "#/components/schemas/link" } },
                  "extent": { "$ref": "#/components/schemas/extent" },
                  "itemType": { "type": "string", "default": "feature" },
                  "crs": { "type": "array", "items": { "type": "string" }, "default": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"] }
                }
              },
              "extent": {
                "type": "object",
                "properties": {
                  "spatial": {
                    "type": "object",
                    "properties": {
                      "bbox": { "type": "array", "minItems": 1, "items": { "type": "array", "minItems": 4, "maxItems": 4, "items": { "type": "number" } } },
                      "crs": { "type": "string", "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"], "default": "http://www.opengis.net/def/crs/OGC/1.3/CRS84" }
                    }
                  },
                  "temporal": {
                    "type": "object",
                    "properties": {
                      "interval": { "type": "array", "minItems": 1, "items": { "type": "array", "minItems": 2, "maxItems": 2, "items": { "type": "string", "format": "date-time", "nullable": true } } },
                      "trs": { "type": "string", "enum": ["http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"], "default": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" }
                    }
                  }
                }
              },
              "geometryGeoJSON": {
                "type": "object",
                "description": "A GeoJSON geometry in CRS84: a Point (households, stations, staff, cases) or a MultiPolygon (areas).",
                "required": ["type", "coordinates"],
                "properties": {
                  "type": { "type": "string", "enum": ["Point", "MultiPolygon"] },
                  "coordinates": { "type": "array", "items": {} }
                }
              },
              "featureGeoJSON": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                  "type": { "type": "string", "enum": ["Feature"] },
                  "id": { "type": "integer", "format": "int64" },
                  "geometry": { "$ref": "#/components/schemas/geometryGeoJSON" },
                  "properties": { "type": "object", "nullable": true },
                  "links": { "type": "array", "items": { "$ref": "#/components/schemas/link" } }
                }
              },
              "featureCollectionGeoJSON": {
                "type": "object",
                "required": ["type", "features"],
                "properties": {
                  "type": { "type": "string", "enum": ["FeatureCollection"] },
                  "features": { "type": "array", "items": { "$ref": "#/components/schemas/featureGeoJSON" } },
                  "links": { "type": "array", "items": { "$ref": "#/components/schemas/link" } },
                  "timeStamp": { "type": "string", "format": "date-time" },
                  "numberMatched": { "type": "integer", "minimum": 0 },
                  "numberReturned": { "type": "integer", "minimum": 0 }
                }
              }
            }
          }
        }
        """;

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
