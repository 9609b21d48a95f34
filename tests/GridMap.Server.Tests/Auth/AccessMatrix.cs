using System.Globalization;
using System.Text;
using GridMap.Server.Auth;
using static GridMap.Server.Auth.Role;

namespace GridMap.Tests.Auth;

/// <summary>Who calls: a seeded user of a role, or nobody signed in.</summary>
public sealed record Probe(Role? Role)
{
    public static readonly Probe Anonymous = new((Role?)null);
    public static IReadOnlyList<Probe> All { get; } = [.. Roles.All.Select(r => new Probe(r)), Anonymous];
    public override string ToString() => Role?.Code() ?? "anonymous";
}

/// <summary>
/// Where a request points: inside every seeded user's area (grid 1 of the west, id 6) or
/// outside all of them but the admin's (grid 2 of the east, id 9).
/// </summary>
public sealed record Place(string Name, long GridId, double Lon, double Lat, string Bbox)
{
    public static readonly Place Inside = new("inside", 6, 121.12, 31.87, "121.11,31.86,121.14,31.89");
    public static readonly Place Outside = new("outside", 9, 121.28, 31.86, "121.26,31.855,121.295,31.895");
    public string LonLat => FormattableString.Invariant($"lon={Lon}&lat={Lat}");
}

public sealed record Call(HttpMethod Method, string Url, string? Json = null)
{
    public HttpRequestMessage Message() => new(Method, Url)
    {
        Content = Json is null ? null : new StringContent(Json, Encoding.UTF8, "application/json"),
    };
}

/// <summary>
/// What a list must hold for a caller: SQL giving the ids of the rows the caller's area
/// covers, computed from the geometry (not from the parent links the server uses), with
/// <c>$1</c> the caller's area (NULL: everything) and <c>$2</c> its staff id.
/// </summary>
public sealed record Rows(string IdProperty, string AllowedSql);

/// <summary>One endpoint: how to call it at a place, and the status each caller gets there.</summary>
public sealed record EndpointRule(string Method, string Route, Func<Place, Call> Call, int[] Inside, int[] Outside, Rows? Rows = null)
{
    public int Expected(Probe probe, Place place) =>
        (place == Place.Inside ? Inside : Outside)[probe.Role is { } r ? (int)r : Roles.All.Count];
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>
/// The authorisation matrix: every endpoint the server maps × every role (and anonymous) ×
/// inside and outside the caller's area. Statuses are in the order of the header below. A list
/// is 200 everywhere it is allowed; its rows are what <see cref="Rows"/> checks.
/// </summary>
public static class AccessMatrix
{
    static Call Get(string url) => new(HttpMethod.Get, url);
    static Call Post(string url, string json) => new(HttpMethod.Post, url, json);

    const string Covered = "ST_Covers((SELECT boundary FROM areas WHERE id = $1), {0})";
    static string InScope(string geometry) => $"($1::bigint IS NULL OR {string.Format(CultureInfo.InvariantCulture, Covered, geometry)})";

    public static IReadOnlyList<EndpointRule> Rules { get; } =
    [
        //                                                                          admin centre leader worker planner reporter anonymous
        new("GET", "/health", _ => Get("/health"),                                  [200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200]),
        new("GET", "/openapi/{documentName}.json", _ => Get("/openapi/v1.json"),   [200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200]),
        new("POST", "/api/auth/login", _ => Post("/api/auth/login", """{"username":"admin","password":"wrong-password"}"""),
                                                                                     [401, 401, 401, 401, 401, 401, 401],
                                                                                     [401, 401, 401, 401, 401, 401, 401]),
        new("POST", "/api/auth/logout", _ => Post("/api/auth/logout", "{}"),       [204, 204, 204, 204, 204, 204, 204],
                                                                                     [204, 204, 204, 204, 204, 204, 204]),
        new("GET", "/api/auth/me", _ => Get("/api/auth/me"),                       [200, 200, 200, 200, 200, 200, 401],
                                                                                     [200, 200, 200, 200, 200, 200, 401]),
        new("GET", "/api/areas/", p => Get(p == Place.Inside ? "/api/areas/" : "/api/areas/?bbox=" + p.Bbox),
                                                                                     [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 401],
            new("id", $"SELECT id FROM areas x WHERE {InScope("x.boundary")}")),
        new("GET", "/api/areas/{id:long}", p => Get($"/api/areas/{p.GridId}"),    [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("GET", "/api/locate", p => Get("/api/locate?" + p.LonLat),             [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("GET", "/api/households/", p => Get(p == Place.Inside ? "/api/households/" : "/api/households/?bbox=" + p.Bbox),
                                                                                     [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 401],
            new("id", $"SELECT id FROM households x WHERE {InScope("x.location")}")),
        new("GET", "/api/stations/", p => Get(p == Place.Inside ? "/api/stations/" : "/api/stations/?bbox=" + p.Bbox),
                                                                                     [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 401],
            new("id", $"SELECT x.id FROM service_stations x JOIN areas a ON a.id = x.area_id WHERE {InScope("a.boundary")}")),
        new("GET", "/api/staff/", p => Get(p == Place.Inside ? "/api/staff/" : "/api/staff/?bbox=" + p.Bbox),
                                                                                     [200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 403, 401],
            new("id", $"SELECT x.id FROM staff x JOIN areas g ON g.id = x.home_grid_id WHERE x.location IS NOT NULL AND {InScope("g.boundary")}")),
    ];
}
