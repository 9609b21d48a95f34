using System.Globalization;
using System.Text;
using GridMap.Server.Auth;

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
/// outside all of them but the admin's (grid 2 of the east, id 9). Its rows (<see cref="AuthApp"/>):
/// case 1 / case 2, staff 2 (the grid worker) / staff 3, the grid stations 3 / 4.
/// </summary>
public sealed record Place(string Name, long GridId, double Lon, double Lat, string Bbox, long CaseId, long StaffId, long StationId)
{
    public static readonly Place Inside = new("inside", 6, 121.12, 31.87, "121.11,31.86,121.14,31.89", 1, 2, 3);
    public static readonly Place Outside = new("outside", 9, 121.28, 31.86, "121.26,31.855,121.295,31.895", 2, 3, 4);
    public string LonLat => FormattableString.Invariant($"lon={Lon}&lat={Lat}");
    public string Point => FormattableString.Invariant($"\"lon\":{Lon},\"lat\":{Lat}");
}

public sealed record Call(HttpMethod Method, string Url, string? Json = null, (string, string)[]? Form = null)
{
    public HttpRequestMessage Message() => new(Method, Url)
    {
        Content = Json is not null ? new StringContent(Json, Encoding.UTF8, "application/json")
            : Form is not null ? new FormUrlEncodedContent(Form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)))
            : null,
    };
}

/// <summary>
/// What a list must hold for a caller: SQL giving the ids of the rows the caller's area
/// covers, computed from the geometry (not from the parent links the server uses), with
/// <c>$1</c> the caller's area (NULL: everything) and <c>$2</c> the grid worker's staff id
/// (NULL for other roles). <paramref name="Complete"/>: the list holds all of them (else a
/// ranking may leave some out, and only "none outside" is checked).
/// </summary>
public sealed record Rows(string IdProperty, string AllowedSql, bool Complete = true);

/// <summary>One endpoint: how to call it at a place, and the status each caller gets there.</summary>
public sealed record EndpointRule(string Method, string Route, Func<Place, Call> Call, int[] Inside, int[] Outside, Rows? Rows = null)
{
    public int Expected(Probe probe, Place place) =>
        (place == Place.Inside ? Inside : Outside)[probe.Role is { } r ? (int)r : Roles.All.Count];
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>One hub method: its arguments at a place, and what each caller gets there.</summary>
public sealed record HubRule(string Method, Func<Place, object[]> Arguments, string[] Inside, string[] Outside)
{
    public string Expected(Probe probe, Place place) =>
        (place == Place.Inside ? Inside : Outside)[probe.Role is { } r ? (int)r : Roles.All.Count];
    public override string ToString() => Method;
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
    static Call Put(string url, string json) => new(HttpMethod.Put, url, json);
    static Call Form(string url, params (string, string)[] fields) => new(HttpMethod.Post, url, Form: fields);
    static string List(string path, Place p) => p == Place.Inside ? path : $"{path}?bbox={p.Bbox}";
    /// <summary>Coverage of the caller's own area (its default), or of the place's grid.</summary>
    static string Covering(string path, Place p) => p == Place.Inside ? path : $"{path}?areaId={p.GridId}";

    static string InScope(string geometry) => $"($1::bigint IS NULL OR ST_Covers((SELECT boundary FROM areas WHERE id = $1), {geometry}))";

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
        new("GET", "/api/areas/", p => Get(List("/api/areas/", p)),                [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 401],
            new("id", $"SELECT id FROM areas x WHERE {InScope("x.boundary")}")),
        new("GET", "/api/areas/{id:long}", p => Get($"/api/areas/{p.GridId}"),    [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("GET", "/api/locate", p => Get("/api/locate?" + p.LonLat),             [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("GET", "/api/households/", p => Get(List("/api/households/", p)),      [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 401],
            new("id", $"SELECT id FROM households x WHERE {InScope("x.location")}")),
        new("GET", "/api/stations/", p => Get(List("/api/stations/", p)),          [200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 401],
            new("id", $"SELECT x.id FROM service_stations x JOIN areas a ON a.id = x.area_id WHERE {InScope("a.boundary")}")),
        new("GET", "/api/staff/", p => Get(List("/api/staff/", p)),                [200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 403, 401],
            new("id", $"SELECT x.id FROM staff x JOIN areas g ON g.id = x.home_grid_id WHERE x.location IS NOT NULL AND {InScope("g.boundary")}")),
        new("PUT", "/api/staff/{id:long}/location", p => Put($"/api/staff/{p.StaffId}/location", $"{{{p.Point}}}"),
                                                                                     [200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("PUT", "/api/staff/{id:long}/duty", p => Put($"/api/staff/{p.StaffId}/duty", """{"onDuty":true}"""),
                                                                                     [200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("POST", "/api/import/areas", _ => Post("/api/import/areas", """{"type":"FeatureCollection","features":[{"type":"Feature"}]}"""),
                                                                                     [400, 403, 403, 403, 403, 403, 401],
                                                                                     [400, 403, 403, 403, 403, 403, 401]),
        new("GET", "/api/case-categories", _ => Get("/api/case-categories"),       [200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200]),
        new("GET", "/api/cases/", p => Get(List("/api/cases/", p)),                [200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 403, 401],
            new("id", $"SELECT id FROM cases x WHERE {InScope("x.location")} AND ($2::bigint IS NULL OR x.assignee_id = $2)")),
        new("POST", "/api/cases/", p => Post("/api/cases/", $$"""{{{p.Point}},"categoryCode":"environmental_sanitation","description":"井盖缺失"}"""),
                                                                                     [201, 201, 201, 201, 403, 201, 401],
                                                                                     [201, 403, 403, 403, 403, 201, 401]),
        new("GET", "/api/cases/{id:long}", p => Get($"/api/cases/{p.CaseId}"),    [200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 403, 403, 401]),
        new("GET", "/api/cases/{id:long}/events", p => Get($"/api/cases/{p.CaseId}/events"),
                                                                                     [200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 403, 403, 401]),
        // A stale version: the move is refused (409) once the caller may see the case at all.
        new("POST", "/api/cases/{id:long}/transitions", p => Post($"/api/cases/{p.CaseId}/transitions", """{"action":"accept","version":999}"""),
                                                                                     [409, 409, 409, 409, 403, 403, 401],
                                                                                     [409, 404, 404, 404, 403, 403, 401]),
        new("GET", "/api/cases/{id:long}/candidates", p => Get($"/api/cases/{p.CaseId}/candidates?radiusMetres=50000"),
                                                                                     [200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 404, 404, 403, 403, 403, 401],
            new("id", $"SELECT x.id FROM staff x JOIN areas g ON g.id = x.home_grid_id WHERE {InScope("g.boundary")}", Complete: false)),
        new("GET", "/api/kpis", p => Get($"/api/kpis?areaId={p.GridId}&by=grid"), [200, 200, 200, 403, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("PUT", "/api/cases/{id:long}/published", p => Put($"/api/cases/{p.CaseId}/published", """{"published":false}"""),
                                                                                     [200, 200, 403, 403, 403, 403, 401],
                                                                                     [200, 404, 403, 403, 403, 403, 401]),
        // Open311 as the spec has it: no sign-in, a post needs an api_key (whoever sends it), and
        // the spec's 403 for whoever may not read. Requests are not public unless the setting says so.
        new("GET", "/open311/v2/services.json", _ => Get("/open311/v2/services.json"),
                                                                                     [200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200]),
        new("POST", "/open311/v2/requests.json", p => Form("/open311/v2/requests.json",
                ("api_key", AuthApp.Open311Key), ("service_code", "environmental_sanitation"), ("lat", p.Lat.ToString(CultureInfo.InvariantCulture)),
                ("long", p.Lon.ToString(CultureInfo.InvariantCulture)), ("description", "垃圾满溢")),
                                                                                     [200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200]),
        new("GET", "/open311/v2/requests.json", _ => Get("/open311/v2/requests.json"),
                                                                                     [200, 200, 200, 200, 403, 403, 403],
                                                                                     [200, 200, 200, 200, 403, 403, 403]),
        new("GET", "/open311/v2/requests/{id}.json", p => Get($"/open311/v2/requests/{p.CaseId}.json"),
                                                                                     [200, 200, 200, 200, 403, 403, 403],
                                                                                     [200, 404, 404, 404, 403, 403, 403]),
        new("*", "/open311/v2/{**path}", _ => Get("/open311/v2/requests.xml"),    [404, 404, 404, 404, 404, 404, 404],
                                                                                     [404, 404, 404, 404, 404, 404, 404]),
        // Planning: coverage and suggestions for the caller's area; a planned station only there.
        new("GET", "/api/coverage/", p => Get(Covering("/api/coverage/", p)),     [200, 403, 403, 403, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("GET", "/api/coverage/uncovered", p => Get(Covering("/api/coverage/uncovered", p)),
                                                                                     [200, 403, 403, 403, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401],
            new("id", $"SELECT id FROM households x WHERE {InScope("x.location")}", Complete: false)),
        new("GET", "/api/coverage/shape", p => Get(Covering("/api/coverage/shape", p)),
                                                                                     [200, 403, 403, 403, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("GET", "/api/coverage/report.csv", p => Get(Covering("/api/coverage/report.csv", p)),
                                                                                     [200, 403, 403, 403, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("POST", "/api/coverage/suggest", p => Post("/api/coverage/suggest", $$"""{"areaId":{{p.GridId}},"k":1,"radiusM":300}"""),
                                                                                     [200, 403, 403, 403, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 401]),
        new("POST", "/api/coverage/accept", p => Post("/api/coverage/accept", $$"""{{{p.Point}},"radiusM":300,"level":"grid"}"""),
                                                                                     [201, 403, 403, 403, 201, 403, 401],
                                                                                     [201, 403, 403, 403, 403, 403, 401]),
        // An open station: withdrawing it is refused (409) once the caller may touch it at all.
        new("DELETE", "/api/coverage/planned/{id:long}", p => new(HttpMethod.Delete, $"/api/coverage/planned/{p.StationId}"),
                                                                                     [409, 403, 403, 403, 409, 403, 401],
                                                                                     [409, 403, 403, 403, 403, 403, 401]),
        // The live hub's HTTP side: whom it lets connect at all (its methods: HubRules below).
        new("*", "/hubs/live/negotiate", _ => Post("/hubs/live/negotiate?negotiateVersion=1", ""),
                                                                                     [200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 200, 200, 403, 403, 403, 401]),
        new("*", "/hubs/live", _ => Get("/hubs/live"),                             [400, 400, 400, 403, 403, 403, 401],
                                                                                     [400, 400, 400, 403, 403, 403, 401]),
    ];

    /// <summary>
    /// The live hub's methods × roles × places: "ok", "refused" (a HubException), or the status
    /// that refused the connection itself.
    /// </summary>
    public static IReadOnlyList<HubRule> HubRules { get; } =
    [
        //                                                           admin   centre     leader     worker planner reporter anonymous
        new("Subscribe", p => [p.GridId, -1L],                      ["ok", "ok",      "ok",      "403", "403", "403", "401"],
                                                                     ["ok", "refused", "refused", "403", "403", "403", "401"]),
        new("Unsubscribe", p => [p.GridId],                         ["ok", "ok",      "ok",      "403", "403", "403", "401"],
                                                                     ["ok", "ok",      "ok",      "403", "403", "403", "401"]),
    ];
}
