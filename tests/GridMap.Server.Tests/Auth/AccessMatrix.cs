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
    /// <summary>The point as SQL.</summary>
    public string PointSql => FormattableString.Invariant($"ST_SetSRID(ST_MakePoint({Lon}, {Lat}), 4326)");
    /// <summary>The bbox as SQL.</summary>
    public string BboxSql => $"ST_MakeEnvelope({Bbox}, 4326)";
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

/// <summary>What an endpoint answers about the district's rows, checked for every caller it lets in.</summary>
public abstract record Answer;

/// <summary>
/// An answer that holds no rows of the district (a status, a catalogue, a description of the
/// API): <paramref name="What"/> says what it holds instead. It must name no area, household,
/// station, staff member or case, whoever asks.
/// </summary>
public sealed record NoRows(string What) : Answer;

/// <summary>
/// An answer that holds rows: the ids <paramref name="Read"/> finds in it must be exactly (or, not
/// <paramref name="Complete"/>, among) those that <paramref name="Allowed"/> gives for the caller
/// at the place. <paramref name="Allowed"/> is SQL computed from the geometry, not from the parent
/// links the server uses, with <c>$1</c> the root of the caller's area (NULL: everything),
/// <c>$2</c> the grid worker's staff id (NULL for other roles), <c>$3</c> the caller's own area,
/// <c>$4</c> the staff member the caller is (NULL when none), <c>$5</c> a department's code (NULL
/// for other roles) and <c>$6</c> the caller's role ('anonymous' for nobody).
/// </summary>
public sealed record Rows(string What, Func<string, IEnumerable<long>> Read, Func<Place, string> Allowed, bool Complete = true) : Answer;

/// <summary>One endpoint: how to call it at a place, the status each caller gets there, and what the answer holds.</summary>
public sealed record EndpointRule(string Method, string Route, Func<Place, Call> Call, int[] Inside, int[] Outside, Answer Answer)
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
/// inside and outside the caller's area. Statuses are in the order of the header below; the last
/// argument says what each answer holds (<see cref="Rows"/> or <see cref="NoRows"/>).
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
    /// <summary>Inside: none; outside: what the bbox of <see cref="List"/> keeps.</summary>
    static string InBbox(Place p, string geometry) => p == Place.Inside ? "true" : $"{geometry} && {p.BboxSql}";
    /// <summary>The area the coverage endpoints were asked about (<see cref="Covering"/>), as SQL.</summary>
    static string Asked(Place p) => p == Place.Inside ? "$3" : $"{p.GridId}";
    /// <summary>An area and the communities and grids in it, as the coverage figures list them.</summary>
    static string CoverageAreas(Place p, string column) => $"""
        SELECT x.{column} FROM areas x
        WHERE {InScope("x.boundary")} AND ST_Covers((SELECT boundary FROM areas WHERE id = {Asked(p)}), x.boundary)
          AND (x.id = {Asked(p)} OR x.level IN ('community', 'grid'))
        """;
    /// <summary>The tile of the place (see the tile rows below), and what lies in it or its 64/4096 buffer, as SQL.</summary>
    static string Tile(Place p) => p == Place.Inside ? "11/1713/832" : "12/3427/1665";
    static string InTile(Place p, string geometry) =>
        $"{geometry} && ST_Transform(ST_TileEnvelope({Tile(p).Replace('/', ',')}, margin => 64.0 / 4096), 4326)";
    /// <summary>A reporter: the cases it reported; everyone else: in the area, a grid worker's assigned, a department's summoned.</summary>
    static string CaseVisible(string alias) => $"""
        (CASE WHEN $6 = 'reporter' THEN {alias}.reported_by IS NOT DISTINCT FROM (SELECT id FROM users WHERE username = 'reporter')
              ELSE {InScope(alias + ".location")} AND ($2::bigint IS NULL OR {alias}.assignee_id = $2)
                   AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM case_summons s WHERE s.case_id = {alias}.id AND s.department_code = $5)) END)
        """;

    /// <summary>Ids at JSON paths (comma-separated): <c>a.b</c> a property, <c>a[]</c> each item of an array, <c>[]</c> each item of the root.</summary>
    static Func<string, IEnumerable<long>> Json(string paths) => body =>
    {
        var root = JsonDocument.Parse(body).RootElement;
        return [.. paths.Split(", ").SelectMany(path => Values(root, path.Split('.')))];
    };

    static IEnumerable<long> Values(JsonElement e, string[] path)
    {
        if (path.Length == 0)
            return e.ValueKind switch
            {
                JsonValueKind.Null => [],
                JsonValueKind.String => [long.Parse(e.GetString()!, CultureInfo.InvariantCulture)],
                _ => [e.GetInt64()],
            };
        var name = path[0].TrimEnd('[', ']');
        var child = name.Length == 0 ? e
            : e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var c) ? c
            : throw new InvalidDataException($"no '{name}' in {e.GetRawText()[..Math.Min(200, e.GetRawText().Length)]}");
        if (child.ValueKind == JsonValueKind.Null) return [];
        return path[0].EndsWith("[]") ? child.EnumerateArray().SelectMany(item => Values(item, path[1..])) : Values(child, path[1..]);
    }

    /// <summary>Ids in one column of a CSV with a header line.</summary>
    static Func<string, IEnumerable<long>> Csv(int column) => body =>
        [.. body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => long.Parse(line.Split(',')[column], CultureInfo.InvariantCulture))];

    public static IReadOnlyList<EndpointRule> Rules { get; } =
    [
        //                                                                          admin centre leader worker planner reporter department anonymous
        new("GET", "/health", _ => Get("/health"),                                  [200, 200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
            new NoRows("whether the database answers")),
        new("GET", "/openapi/{documentName}.json", _ => Get("/openapi/v1.json"),   [200, 200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
            new NoRows("the description of the API")),
        new("POST", "/api/auth/login", _ => Post("/api/auth/login", """{"username":"admin","password":"wrong-password"}"""),
                                                                                     [401, 401, 401, 401, 401, 401, 401, 401],
                                                                                     [401, 401, 401, 401, 401, 401, 401, 401],
            new NoRows("a refused sign-in")),
        new("POST", "/api/auth/logout", _ => Post("/api/auth/logout", "{}"),       [204, 204, 204, 204, 204, 204, 204, 204],
                                                                                     [204, 204, 204, 204, 204, 204, 204, 204],
            new NoRows("nothing: the cookie is deleted")),
        new("GET", "/api/auth/me", _ => Get("/api/auth/me"),                       [200, 200, 200, 200, 200, 200, 200, 401],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 401],
            new Rows("the caller's own area", Json("area.id"), _ => "SELECT id FROM areas WHERE id = $3")),
        new("GET", "/api/areas/", p => Get(List("/api/areas/", p)),                [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new Rows("the areas in the caller's area (in the bbox)", Json("features[].properties.id"),
                p => $"SELECT id FROM areas x WHERE {InScope("x.boundary")} AND {InBbox(p, "x.boundary")}")),
        new("GET", "/api/areas/{id:long}", p => Get($"/api/areas/{p.GridId}"),    [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the area asked for", Json("properties.id"), p => $"SELECT id FROM areas x WHERE x.id = {p.GridId} AND {InScope("x.boundary")}")),
        new("GET", "/api/locate", p => Get("/api/locate?" + p.LonLat),             [200, 200, 200, 200, 200, 200, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 200, 403, 401],
            new Rows("the areas at the point, up to the caller's own (all of them for a resident, who has no area)", Json("chain[].id"), p => $"""
                SELECT id FROM areas x WHERE ST_Covers(x.boundary, {p.PointSql}) AND (x.layer IS NULL OR x.layer = 'party') AND ($1 = -1 OR {InScope("x.boundary")})
                """)),
        new("GET", "/api/households/", p => Get(List("/api/households/", p)),      [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new Rows("the households in the caller's area (in the bbox)", Json("features[].properties.id"),
                p => $"SELECT id FROM households x WHERE {InScope("x.location")} AND {InBbox(p, "x.location")}")),
        new("GET", "/api/stations/", p => Get(List("/api/stations/", p)),          [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new Rows("the stations of areas in the caller's area (in the bbox)", Json("features[].properties.id"), p => $"""
                SELECT x.id FROM service_stations x JOIN areas a ON a.id = x.area_id WHERE {InScope("a.boundary")} AND {InBbox(p, "x.location")}
                """)),
        new("GET", "/api/staff/", p => Get(List("/api/staff/", p)),                [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
            new Rows("the located staff whose home grid is in the caller's area (in the bbox)", Json("features[].properties.id"), p => $"""
                SELECT x.id FROM staff x JOIN areas g ON g.id = x.home_grid_id
                WHERE x.location IS NOT NULL AND {InScope("g.boundary")} AND {InBbox(p, "x.location")}
                """)),
        new("PUT", "/api/staff/{id:long}/location", p => Put($"/api/staff/{p.StaffId}/location", $"{{{p.Point}}}"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 403, 403, 403, 401],
            new Rows("the staff member moved", Json("id"), StaffUpdated)),
        new("PUT", "/api/staff/{id:long}/duty", p => Put($"/api/staff/{p.StaffId}/duty", """{"onDuty":true}"""),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 403, 403, 403, 401],
            new Rows("the staff member put on duty", Json("id"), StaffUpdated)),
        new("POST", "/api/import/areas", _ => Post("/api/import/areas", """{"type":"FeatureCollection","features":[{"type":"Feature"}]}"""),
                                                                                     [400, 403, 403, 403, 403, 403, 403, 401],
                                                                                     [400, 403, 403, 403, 403, 403, 403, 401],
            new NoRows("the import's refusal")),
        new("GET", "/api/case-categories", _ => Get("/api/case-categories"),       [200, 200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
            new NoRows("the catalogue of categories and departments")),
        new("GET", "/api/cases/", p => Get(List("/api/cases/", p)),                [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
            new Rows("the cases in the caller's area (a grid worker's: those assigned to it; in the bbox)", Json("features[].properties.id"),
                p => $"SELECT id FROM cases x WHERE {CaseVisible("x")} AND {InBbox(p, "x.location")}")),
        new("POST", "/api/cases/", p => Post("/api/cases/", $$"""{{{p.Point}},"categoryCode":"environmental_sanitation","description":"井盖缺失"}"""),
                                                                                     [201, 201, 201, 201, 403, 201, 403, 401],
                                                                                     [201, 403, 403, 403, 403, 201, 403, 401],
            new Rows("the case filed at the point", Json("id"), p => $"SELECT id FROM cases x WHERE ST_Equals(x.location, {p.PointSql})", Complete: false)),
        // A reporter reads its own report (case 1), a department what it was summoned to (case 1).
        new("GET", "/api/cases/{id:long}", p => Get($"/api/cases/{p.CaseId}"),    [200, 200, 200, 200, 403, 200, 200, 401],
                                                                                     [200, 404, 404, 404, 403, 404, 404, 401],
            new Rows("the case asked for", Json("id"), p => $"SELECT id FROM cases x WHERE x.id = {p.CaseId} AND {CaseVisible("x")}")),
        new("GET", "/api/cases/{id:long}/events", p => Get($"/api/cases/{p.CaseId}/events"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 403, 403, 403, 401],
            new Rows("the events of the case asked for", Json("[].seq"), p => $"""
                SELECT e.seq FROM case_events e JOIN cases x ON x.id = e.case_id WHERE x.id = {p.CaseId} AND {CaseVisible("x")}
                """)),
        // A stale version: the move is refused (409) once the caller may see the case at all.
        new("POST", "/api/cases/{id:long}/transitions", p => Post($"/api/cases/{p.CaseId}/transitions", """{"action":"accept","version":999}"""),
                                                                                     [409, 409, 409, 409, 403, 403, 400, 401],
                                                                                     [409, 404, 404, 404, 403, 403, 400, 401],
            new NoRows("the refusal of a move on a stale version")),
        new("GET", "/api/cases/{id:long}/candidates", p => Get($"/api/cases/{p.CaseId}/candidates?radiusMetres=50000"),
                                                                                     [200, 200, 200, 403, 403, 403, 403, 401],
                                                                                     [200, 404, 404, 403, 403, 403, 403, 401],
            new Rows("the located staff on duty whose home grid is in the caller's area", Json("[].id"), _ => $"""
                SELECT x.id FROM staff x JOIN areas g ON g.id = x.home_grid_id WHERE x.on_duty AND x.location IS NOT NULL AND {InScope("g.boundary")}
                """)),
        new("GET", "/api/kpis", p => Get($"/api/kpis?areaId={p.GridId}&by=grid"), [200, 200, 200, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the area asked for and its grids with cases in the last 30 days", Json("areaId, groups[].key"), p => $"""
                SELECT x.id FROM areas x WHERE x.id = {p.GridId} AND {InScope("x.boundary")}
                UNION SELECT x.grid_id FROM cases x
                WHERE x.grid_id = {p.GridId} AND {InScope("x.location")} AND x.reported_at >= now() - interval '30 days'
                """)),
        new("PUT", "/api/cases/{id:long}/published", p => Put($"/api/cases/{p.CaseId}/published", """{"published":false}"""),
                                                                                     [200, 200, 403, 403, 403, 403, 403, 401],
                                                                                     [200, 404, 403, 403, 403, 403, 403, 401],
            new Rows("the case marked", Json("id"), p => $"SELECT id FROM cases x WHERE x.id = {p.CaseId} AND {CaseVisible("x")}")),
        // Open311 as the spec has it: no sign-in, a post needs an api_key (whoever sends it), and
        // the spec's 403 for whoever may not read. Requests are not public unless the setting says so.
        new("GET", "/open311/v2/services.json", _ => Get("/open311/v2/services.json"),
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
            new NoRows("the catalogue of categories")),
        new("POST", "/open311/v2/requests.json", p => Form("/open311/v2/requests.json",
                ("api_key", AuthApp.Open311Key), ("service_code", "environmental_sanitation"), ("lat", p.Lat.ToString(CultureInfo.InvariantCulture)),
                ("long", p.Lon.ToString(CultureInfo.InvariantCulture)), ("description", "垃圾满溢")),
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
            new Rows("the request filed at the point", Json("[].service_request_id"),
                p => $"SELECT id FROM cases x WHERE ST_Equals(x.location, {p.PointSql})", Complete: false)),
        new("GET", "/open311/v2/requests.json", _ => Get("/open311/v2/requests.json"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 403],
                                                                                     [200, 200, 200, 200, 403, 403, 403, 403],
            new Rows("the cases of the last 90 days that the caller may read", Json("[].service_request_id"),
                _ => $"SELECT id FROM cases x WHERE x.reported_at >= now() - interval '90 days' AND {CaseVisible("x")}")),
        new("GET", "/open311/v2/requests/{id}.json", p => Get($"/open311/v2/requests/{p.CaseId}.json"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 403],
                                                                                     [200, 404, 404, 404, 403, 403, 403, 403],
            new Rows("the case asked for", Json("[].service_request_id"), p => $"SELECT id FROM cases x WHERE x.id = {p.CaseId} AND {CaseVisible("x")}")),
        new("*", "/open311/v2/{**path}", _ => Get("/open311/v2/requests.xml"),    [404, 404, 404, 404, 404, 404, 404, 404],
                                                                                     [404, 404, 404, 404, 404, 404, 404, 404],
            new NoRows("the spec's error: no such resource")),
        // Planning: coverage and suggestions for the caller's area; a planned station only there.
        new("GET", "/api/coverage/", p => Get(Covering("/api/coverage/", p)),     [200, 403, 403, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the area asked for, then its communities and grids", Json("area.id, rows[].id"), p => CoverageAreas(p, "id"))),
        new("GET", "/api/coverage/uncovered", p => Get(Covering("/api/coverage/uncovered", p)),
                                                                                     [200, 403, 403, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the households of the area asked for out of every station's reach", Json("features[].properties.id"), p => $"""
                SELECT x.id FROM households x
                WHERE {InScope("x.location")} AND ST_Covers((SELECT boundary FROM areas WHERE id = {Asked(p)}), x.location)
                  AND NOT EXISTS (SELECT 1 FROM service_stations s WHERE ST_DWithin(x.location::geography, s.location::geography, s.radius_m))
                """)),
        new("GET", "/api/coverage/shape", p => Get(Covering("/api/coverage/shape", p)),
                                                                                     [200, 403, 403, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the area asked for", Json("properties.areaId"), p => $"SELECT x.id FROM areas x WHERE x.id = {Asked(p)} AND {InScope("x.boundary")}")),
        new("GET", "/api/coverage/report.csv", p => Get(Covering("/api/coverage/report.csv", p)),
                                                                                     [200, 403, 403, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the area asked for, then its communities and grids, by code", Csv(1), p => CoverageAreas(p, "code::bigint"))),
        new("POST", "/api/coverage/suggest", p => Post("/api/coverage/suggest", $$"""{"areaId":{{p.GridId}},"k":1,"radiusM":300}"""),
                                                                                     [200, 403, 403, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the area asked for", Json("area.id"), p => $"SELECT x.id FROM areas x WHERE x.id = {p.GridId} AND {InScope("x.boundary")}")),
        new("POST", "/api/coverage/accept", p => Post("/api/coverage/accept", $$"""{{{p.Point}},"radiusM":300,"level":"grid"}"""),
                                                                                     [201, 403, 403, 403, 201, 403, 403, 401],
                                                                                     [201, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the station planned at the point, in the caller's area", Json("id"), p => $"""
                SELECT x.id FROM service_stations x JOIN areas a ON a.id = x.area_id
                WHERE x.status = 'planned' AND ST_Equals(x.location, {p.PointSql}) AND {InScope("a.boundary")}
                """, Complete: false)),
        // An open station: withdrawing it is refused (409) once the caller may touch it at all.
        new("DELETE", "/api/coverage/planned/{id:long}", p => new(HttpMethod.Delete, $"/api/coverage/planned/{p.StationId}"),
                                                                                     [409, 403, 403, 403, 409, 403, 403, 401],
                                                                                     [409, 403, 403, 403, 403, 403, 403, 401],
            new NoRows("the refusal to withdraw an open station")),
        // OGC API – Features: the service's description is open; the collections need a sign-in
        // and hold what the /api lists hold; a collection outside the role, or a feature outside
        // the caller's area, answers 404 as if it did not exist.
        new("GET", "/ogc/", _ => Get("/ogc/"),                                      [200, 200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
            new NoRows("the landing page")),
        new("GET", "/ogc/conformance", _ => Get("/ogc/conformance"),               [200, 200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
            new NoRows("the conformance classes")),
        new("GET", "/ogc/api", _ => Get("/ogc/api"),                               [200, 200, 200, 200, 200, 200, 200, 200],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 200],
            new NoRows("the OpenAPI 3.0 definition")),
        new("GET", "/ogc/collections/", _ => Get("/ogc/collections/"),             [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new NoRows("the collections the caller may read, each with the extent of what it may read")),
        new("GET", "/ogc/collections/{collectionId}", _ => Get("/ogc/collections/cases"),
                                                                                     [200, 200, 200, 200, 404, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 404, 403, 403, 401],
            new NoRows("the description of the cases collection")),
        new("GET", "/ogc/collections/{collectionId}/items", p => Get(List("/ogc/collections/households/items", p)),
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new Rows("the households in the caller's area (in the bbox)", Json("features[].id"),
                p => $"SELECT id FROM households x WHERE {InScope("x.location")} AND {InBbox(p, "x.location")}")),
        new("GET", "/ogc/collections/{collectionId}/items/{featureId}", p => Get($"/ogc/collections/cases/items/{p.CaseId}"),
                                                                                     [200, 200, 200, 200, 404, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 404, 403, 403, 401],
            new Rows("the case asked for", Json("id"), p => $"SELECT id FROM cases x WHERE x.id = {p.CaseId} AND {CaseVisible("x")}")),
        // Vector tiles: a tile holds what the matching list gives the caller, in the tile and its
        // buffer; an empty one is 204. Inside: 11/1713/832, the west grid and most of the district;
        // outside: 12/3427/1665, the east grid only. TileJSON names no row.
        // The west street's grid 2 reaches into the east tile's buffer: its users see its edge there.
        new("GET", "/tiles/areas-{kind}/{z}/{x}/{y}.mvt", p => Get($"/tiles/areas-grid-party/{Tile(p)}.mvt"),
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 204, 204, 200, 403, 403, 401],
            new Rows("the party grids in the caller's area in the tile", Json("features[].id"),
                p => $"SELECT id FROM areas x WHERE x.level = 'grid' AND x.layer = 'party' AND {InScope("x.boundary")} AND {InTile(p, "x.boundary")}")),
        new("GET", "/tiles/areas-{kind}.json", _ => Get("/tiles/areas-grid-party.json"), [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new NoRows("the TileJSON of a layer: its URL template, zooms, fields and the bounds of the caller's area")),
        new("GET", "/tiles/households/{z}/{x}/{y}.mvt", p => Get($"/tiles/households/{Tile(p)}.mvt"),
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 204, 204, 204, 204, 403, 403, 401],
            new Rows("the households in the caller's area in the tile", Json("features[].id"),
                p => $"SELECT id FROM households x WHERE {InScope("x.location")} AND {InTile(p, "x.location")}")),
        new("GET", "/tiles/households.json", _ => Get("/tiles/households.json"),   [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new NoRows("the TileJSON of a layer")),
        new("GET", "/tiles/stations/{z}/{x}/{y}.mvt", p => Get($"/tiles/stations/{Tile(p)}.mvt"),
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 204, 204, 204, 204, 403, 403, 401],
            new Rows("the stations of areas in the caller's area in the tile", Json("features[].id"), p => $"""
                SELECT x.id FROM service_stations x JOIN areas a ON a.id = x.area_id WHERE {InScope("a.boundary")} AND {InTile(p, "x.location")}
                """)),
        new("GET", "/tiles/stations.json", _ => Get("/tiles/stations.json"),       [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new NoRows("the TileJSON of a layer")),
        new("GET", "/tiles/staff/{z}/{x}/{y}.mvt", p => Get($"/tiles/staff/{Tile(p)}.mvt"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 204, 204, 204, 403, 403, 403, 401],
            new Rows("the located staff whose home grid is in the caller's area, in the tile", Json("features[].id"), p => $"""
                SELECT x.id FROM staff x JOIN areas g ON g.id = x.home_grid_id
                WHERE x.location IS NOT NULL AND {InScope("g.boundary")} AND {InTile(p, "x.location")}
                """)),
        new("GET", "/tiles/staff.json", _ => Get("/tiles/staff.json"),             [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
            new NoRows("the TileJSON of a layer")),
        new("GET", "/tiles/cases/{z}/{x}/{y}.mvt", p => Get($"/tiles/cases/{Tile(p)}.mvt"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 204, 204, 204, 403, 403, 403, 401],
            new Rows("the cases in the caller's area (a grid worker's: those assigned to it) in the tile", Json("features[].id"),
                p => $"SELECT id FROM cases x WHERE {CaseVisible("x")} AND {InTile(p, "x.location")}")),
        new("GET", "/tiles/cases.json", _ => Get("/tiles/cases.json"),             [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
            new NoRows("the TileJSON of a layer")),
        // The live hub's HTTP side: whom it lets connect at all (its methods: HubRules below).
        new("*", "/hubs/live/negotiate", _ => Post("/hubs/live/negotiate?negotiateVersion=1", ""),
                                                                                     [200, 200, 200, 200, 403, 200, 200, 401],
                                                                                     [200, 200, 200, 200, 403, 200, 200, 401],
            new NoRows("a connection id and the transports")),
        // Issue 16: the field. A reporter's own reports; merging a duplicate (into a case that does
        // not exist: refused once the caller may see the duplicate); photos (the POST without a
        // file: refused once the caller may add to the case; a reporter only while reporting, and
        // case 1 was dispatched); photo 1 on case 1, photo 2 on case 2.
        new("GET", "/api/cases/mine", _ => Get("/api/cases/mine"),                 [200, 200, 200, 200, 403, 200, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 200, 403, 401],
            new Rows("the cases the caller reported", Json("features[].properties.id"),
                _ => "SELECT x.id FROM cases x JOIN users u ON u.id = x.reported_by WHERE u.role = $6")),
        new("POST", "/api/cases/{id:long}/merge", p => Post($"/api/cases/{p.CaseId}/merge", """{"into":999999}"""),
                                                                                     [400, 400, 400, 403, 403, 403, 403, 401],
                                                                                     [400, 404, 404, 403, 403, 403, 403, 401],
            new NoRows("the refusal to merge into a case that does not exist")),
        new("POST", "/api/cases/{id:long}/media/", p => Form($"/api/cases/{p.CaseId}/media/", ("note", "no file")),
                                                                                     [400, 400, 400, 400, 403, 403, 403, 401],
                                                                                     [400, 404, 404, 404, 403, 404, 403, 401],
            new NoRows("the refusal of a request without a photo")),
        new("GET", "/api/cases/{id:long}/media/", p => Get($"/api/cases/{p.CaseId}/media/"),
                                                                                     [200, 200, 200, 200, 403, 200, 200, 401],
                                                                                     [200, 404, 404, 404, 403, 404, 404, 401],
            new Rows("the photos of the case asked for", Json("[].id"), p => $"""
                SELECT m.id FROM case_media m JOIN cases x ON x.id = m.case_id WHERE x.id = {p.CaseId} AND {CaseVisible("x")}
                """)),
        new("GET", "/api/media/{id:long}", p => Get($"/api/media/{p.CaseId}"),    [200, 200, 200, 200, 403, 200, 200, 401],
                                                                                     [200, 404, 404, 404, 403, 404, 404, 401],
            new NoRows("the photo's bytes")),
        new("GET", "/api/media/{id:long}/thumbnail", p => Get($"/api/media/{p.CaseId}/thumbnail"),
                                                                                     [200, 200, 200, 200, 403, 200, 200, 401],
                                                                                     [200, 404, 404, 404, 403, 404, 404, 401],
            new NoRows("the thumbnail's bytes")),
        // Summonses: a department's own (case 1 summoned urban_management), a command centre's in its area.
        new("GET", "/api/summons", _ => Get("/api/summons"),                       [200, 200, 403, 403, 403, 403, 200, 401],
                                                                                     [200, 200, 403, 403, 403, 403, 200, 401],
            new Rows("the summonses of cases the caller sees (a department: its own)", Json("[].caseId"), _ => $"""
                SELECT s.case_id FROM case_summons s JOIN cases x ON x.id = s.case_id
                WHERE {CaseVisible("x")} AND ($5::text IS NULL OR s.department_code = $5)
                """)),
        new("*", "/hubs/live", _ => Get("/hubs/live"),                             [400, 400, 400, 400, 403, 400, 400, 401],
                                                                                     [400, 400, 400, 400, 403, 400, 400, 401],
            new NoRows("the refusal of a request that is no connection")),
        new("GET", "/api/cases/counts", p => Get($"/api/cases/counts?areaId={p.GridId}"), [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the area asked for (its cases counted by status)", Json("areaId"),
                p => $"SELECT x.id FROM areas x WHERE x.id = {p.GridId} AND {InScope("x.boundary")}")),
        new("POST", "/api/import/{kind}", _ => Post("/api/import/households?crs=EPSG:4326&dryRun=true", "{}"),
                                                                                     [415, 403, 403, 403, 403, 403, 403, 401],
                                                                                     [415, 403, 403, 403, 403, 403, 403, 401],
            new NoRows("the refusal of a body that is no file")),
        new("POST", "/api/import/{id:long}/undo", _ => Post("/api/import/999999/undo", "{}"),
                                                                                     [404, 403, 403, 403, 403, 403, 403, 401],
                                                                                     [404, 403, 403, 403, 403, 403, 403, 401],
            new NoRows("the refusal to undo an import that does not exist")),
        // Exports: each layer's own policy (a planner exports no cases); the rows are its list's.
        new("GET", "/api/export/{layer}.{format}", p => Get(List("/api/export/households.csv", p)),
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new Rows("the households in the caller's area (in the bbox), by id", Csv(0),
                p => $"SELECT id FROM households x WHERE {InScope("x.location")} AND {InBbox(p, "x.location")}")),
        new("GET", "/api/settings/basemap", _ => Get("/api/settings/basemap"),   [200, 200, 200, 200, 200, 200, 200, 401],
                                                                                     [200, 200, 200, 200, 200, 200, 200, 401],
            new NoRows("the base map the pages draw on")),
        // Editing households, stations and staff (issue 15): the roles that see names, inside their
        // area. An edit naming a stale version is refused (409) once the caller may touch the row at
        // all; a row outside the caller's area answers 404 as if it did not exist.
        new("POST", "/api/households/", p => Post("/api/households/", $$"""{"name":"矩阵新户","members":2,"kind":"member",{{p.Point}}}"""),
                                                                                     [201, 201, 201, 403, 403, 403, 403, 401],
                                                                                     [201, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the household added at the point", Json("id"), p => $"SELECT id FROM households x WHERE ST_Equals(x.location, {p.PointSql})", Complete: false)),
        new("PUT", "/api/households/{id:long}", p => Put($"/api/households/{HouseholdAt(p)}", $$"""{"name":"矩阵户","members":2,"kind":"member",{{p.Point}},"version":999}"""),
                                                                                     [409, 409, 409, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 403, 403, 403, 403, 401],
            new NoRows("the refusal of an edit on a stale version")),
        new("DELETE", "/api/households/{id:long}", p => new(HttpMethod.Delete, $"/api/households/{HouseholdAt(p)}?version=999"),
                                                                                     [409, 409, 409, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 403, 403, 403, 403, 401],
            new NoRows("the refusal to retire on a stale version")),
        new("POST", "/api/stations/", p => Post("/api/stations/", $$"""{"name":"矩阵服务站","level":"grid","status":"open","radiusM":300,{{p.Point}}}"""),
                                                                                     [201, 201, 201, 403, 403, 403, 403, 401],
                                                                                     [201, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the station added at the point", Json("id"), p => $"SELECT id FROM service_stations x WHERE ST_Equals(x.location, {p.PointSql})", Complete: false)),
        new("PUT", "/api/stations/{id:long}", p => Put($"/api/stations/{p.StationId}", $$"""{"name":"矩阵服务站","level":"grid","status":"open","radiusM":300,{{p.Point}},"version":999}"""),
                                                                                     [409, 409, 409, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 403, 403, 403, 403, 401],
            new NoRows("the refusal of an edit on a stale version")),
        new("DELETE", "/api/stations/{id:long}", p => new(HttpMethod.Delete, $"/api/stations/{p.StationId}?version=999"),
                                                                                     [409, 409, 409, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 403, 403, 403, 403, 401],
            new NoRows("the refusal to close on a stale version")),
        // A home grid outside the caller's area is refused as one that does not exist (400 naming homeGridId).
        new("POST", "/api/staff/", p => Post("/api/staff/", $$"""{"name":"矩阵网格员","role":"grid_worker","homeGridId":{{p.GridId}},"onDuty":false}"""),
                                                                                     [201, 201, 201, 403, 403, 403, 403, 401],
                                                                                     [201, 400, 400, 403, 403, 403, 403, 401],
            new Rows("the staff member added to the grid", Json("id"), p => $"SELECT id FROM staff x WHERE x.home_grid_id = {p.GridId}", Complete: false)),
        new("PUT", "/api/staff/{id:long}", p => Put($"/api/staff/{p.StaffId}", $$"""{"name":"矩阵网格员","role":"grid_worker","homeGridId":{{p.GridId}},"onDuty":false,"version":999}"""),
                                                                                     [409, 409, 409, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 403, 403, 403, 403, 401],
            new NoRows("the refusal of an edit on a stale version")),
        new("DELETE", "/api/staff/{id:long}", p => new(HttpMethod.Delete, $"/api/staff/{p.StaffId}?version=999"),
                                                                                     [409, 409, 409, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 403, 403, 403, 403, 401],
            new NoRows("the refusal to retire on a stale version")),
        // A grid given its own boundary again: accepted where the caller may reshape grids; a grid
        // outside the caller's area is refused (400 naming the id) as one that does not exist.
        new("POST", "/api/areas/changes", p => Post("/api/areas/changes", $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","id":{{{p.GridId}}},"geometry":{{{GridBox(p)}}},"properties":{}}]}"""),
                                                                                     [200, 200, 403, 403, 403, 403, 403, 401],
                                                                                     [200, 400, 403, 403, 403, 403, 403, 401],
            new Rows("the grid reshaped", Json("changed[]"), p => $"SELECT x.id FROM areas x WHERE x.id = {p.GridId} AND {InScope("x.boundary")}")),
        // 一张网: the grids of the layer in the caller's area (outside: of the area asked for).
        new("GET", "/api/areas/layer-report", p => Get(LayerReportUrl("/api/areas/layer-report", p)),
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new Rows("the party grids of the caller's area (and of the area asked for)", Json("grids[].id"), LayerReportGrids)),
        new("GET", "/api/areas/layer-report.csv", p => Get(LayerReportUrl("/api/areas/layer-report.csv", p)),
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
            new Rows("the party grids of the caller's area (and of the area asked for)", Csv(0), LayerReportGrids)),
        // Hot spots (issue 17): the heat map is a figure (counts per cell), as the KPIs; recurring spots list cases.
        new("GET", "/api/cases/heat", p => Get($"/api/cases/heat?areaId={p.GridId}"), [200, 200, 200, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the area asked for (its cases as weighted points)", Json("areaId"),
                p => $"SELECT x.id FROM areas x WHERE x.id = {p.GridId} AND {InScope("x.boundary")}")),
        new("GET", "/api/cases/recurring", p => Get($"/api/cases/recurring?areaId={p.GridId}&min=2&radiusM=500"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the cases of the recurring spots in the area asked for", Json("spots[].cases[].id"),
                p => $"SELECT x.id FROM cases x WHERE x.grid_id = {p.GridId} AND {CaseVisible("x")}", Complete: false)),
        // Party members serving (issue 17): a household's visits where the household is; the share
        // visited per grid as figures; members (双报到) by their community or their household's grid;
        // tasks and hours by the community, written by its staff.
        new("GET", "/api/households/{id:long}/visits/", p => Get($"/api/households/{HouseholdAt(p)}/visits/"),
                                                                                     [200, 200, 200, 200, 200, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 404, 403, 403, 401],
            new Rows("the visits of the household asked for", Json("[].id"), p => $"""
                SELECT v.id FROM visits v JOIN households x ON x.id = v.household_id WHERE x.id = {HouseholdAt(p)} AND {InScope("x.location")}
                """)),
        new("POST", "/api/households/{id:long}/visits/", p => Post($"/api/households/{HouseholdAt(p)}/visits/",
                $$"""{"visitedOn":"{{TodayInChina}}","note":"矩阵走访","volunteerId":{{VolunteerAt(p)}}}"""),
                                                                                     [201, 201, 201, 201, 403, 403, 403, 401],
                                                                                     [201, 404, 404, 404, 403, 403, 403, 401],
            new Rows("the visit recorded to the household asked for", Json("id"), p => $"""
                SELECT v.id FROM visits v JOIN households x ON x.id = v.household_id WHERE x.id = {HouseholdAt(p)} AND {InScope("x.location")}
                """, Complete: false)),
        new("GET", "/api/visits/shares", p => Get(p == Place.Inside ? "/api/visits/shares" : $"/api/visits/shares?areaId={p.GridId}&days=90"),
                                                                                     [200, 200, 200, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the party grids of the area asked for (the caller's own)", Json("grids[].id"), p => $"""
                SELECT x.id FROM areas x WHERE x.level = 'grid' AND x.layer = 'party' AND {InScope("x.boundary")}
                  AND ST_Covers((SELECT boundary FROM areas WHERE id = {Asked(p)}), x.boundary)
                """)),
        // Visit 1 and 2 have their photo: a second is refused (409) once the caller may touch the visit at all.
        new("POST", "/api/visits/{id:long}/photo", p => Form($"/api/visits/{VisitAt(p)}/photo", ("note", "no file")),
                                                                                     [409, 409, 409, 409, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 404, 403, 403, 403, 401],
            new NoRows("the refusal of a second photo")),
        new("GET", "/api/visits/{id:long}/photo", p => Get($"/api/visits/{VisitAt(p)}/photo"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 403, 403, 403, 401],
            new NoRows("the photo's bytes")),
        new("GET", "/api/volunteers/", p => Get(p == Place.Inside ? "/api/volunteers/" : $"/api/volunteers/?communityId={CommunityAt(p)}"),
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
                                                                                     [200, 200, 200, 200, 403, 403, 403, 401],
            new Rows("the members registered with a community of the caller's area or living in it (of the community asked for)",
                Json("volunteers[].id"), p => $"""
                SELECT v.id FROM volunteers v JOIN areas c ON c.id = v.community_id LEFT JOIN households x ON x.id = v.household_id
                WHERE ({InScope("c.boundary")} OR (x.id IS NOT NULL AND {InScope("x.location")}))
                  AND {(p == Place.Inside ? "true" : $"v.community_id = {CommunityAt(p)}")}
                """)),
        new("POST", "/api/volunteers/", p => Post("/api/volunteers/",
                $$"""{"name":"矩阵党员","phone":"13600009999","workUnit":"海门区矩阵局","communityId":{{CommunityAt(p)}}}"""),
                                                                                     [201, 201, 403, 403, 403, 403, 403, 401],
                                                                                     [201, 400, 403, 403, 403, 403, 403, 401],
            new Rows("the member registered with the community", Json("id"), p => $"""
                SELECT v.id FROM volunteers v JOIN areas c ON c.id = v.community_id WHERE c.id = {CommunityAt(p)} AND {InScope("c.boundary")}
                """, Complete: false)),
        new("GET", "/api/volunteers/figures", p => Get(p == Place.Inside ? "/api/volunteers/figures" : $"/api/volunteers/figures?areaId={CommunityAt(p)}"),
                                                                                     [200, 200, 200, 403, 200, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new Rows("the communities of the area asked for (the caller's own)", Json("communities[].id"), p => $"""
                SELECT x.id FROM areas x WHERE x.level = 'community' AND {InScope("x.boundary")}
                  AND ST_Covers((SELECT boundary FROM areas WHERE id = {(p == Place.Inside ? "$3" : CommunityAt(p).ToString(CultureInfo.InvariantCulture))}), x.boundary)
                """)),
        new("GET", "/api/communities/{id:long}/service-tasks/", p => Get($"/api/communities/{CommunityAt(p)}/service-tasks/"),
                                                                                     [200, 200, 404, 404, 403, 403, 403, 401],
                                                                                     [200, 404, 404, 404, 403, 403, 403, 401],
            new Rows("the tasks of the community asked for", Json("[].id"), p => $"""
                SELECT t.id FROM service_tasks t JOIN areas c ON c.id = t.community_id WHERE c.id = {CommunityAt(p)} AND {InScope("c.boundary")}
                """)),
        new("POST", "/api/communities/{id:long}/service-tasks/", p => Post($"/api/communities/{CommunityAt(p)}/service-tasks/",
                """{"title":"矩阵服务","heldOn":"2026-01-01","place":"社区广场"}"""),
                                                                                     [201, 201, 403, 403, 403, 403, 403, 401],
                                                                                     [201, 404, 403, 403, 403, 403, 403, 401],
            new Rows("the task published in the community asked for", Json("id"), p => $"""
                SELECT t.id FROM service_tasks t JOIN areas c ON c.id = t.community_id WHERE c.id = {CommunityAt(p)} AND {InScope("c.boundary")}
                """, Complete: false)),
        new("PUT", "/api/service-tasks/{id:long}/volunteers/{volunteerId:long}",
            p => Put($"/api/service-tasks/{TaskAt(p)}/volunteers/{VolunteerAt(p)}", """{"hours":2}"""),
                                                                                     [200, 200, 403, 403, 403, 403, 403, 401],
                                                                                     [200, 404, 403, 403, 403, 403, 403, 401],
            new Rows("the task of the community asked for", Json("taskId"), p => $"""
                SELECT t.id FROM service_tasks t JOIN areas c ON c.id = t.community_id WHERE t.id = {TaskAt(p)} AND {InScope("c.boundary")}
                """)),
        new("GET", "/api/households/{id:long}/service-record", p => Get($"/api/households/{HouseholdAt(p)}/service-record"),
                                                                                     [200, 200, 200, 403, 403, 403, 403, 401],
                                                                                     [200, 404, 404, 403, 403, 403, 403, 401],
            new Rows("the household asked for and the members registered from it", Json("householdId, members[].id"), p => $"""
                SELECT x.id FROM households x WHERE x.id = {HouseholdAt(p)} AND {InScope("x.location")}
                UNION SELECT v.id FROM volunteers v JOIN households x ON x.id = v.household_id WHERE x.id = {HouseholdAt(p)} AND {InScope("x.location")}
                """)),
        // The import page (issue 14): the latest imports and the coordinate systems, for whoever may import.
        new("GET", "/api/import/", _ => Get("/api/import/"),                      [200, 403, 403, 403, 403, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new NoRows("the latest imports: who brought which file in, and what it did")),
        new("GET", "/api/import/crs", _ => Get("/api/import/crs"),                [200, 403, 403, 403, 403, 403, 403, 401],
                                                                                     [200, 403, 403, 403, 403, 403, 403, 401],
            new NoRows("the coordinate systems an import may be declared in")),
        // Correcting what was recorded of Party members serving (issue 17): a stale version is refused
        // (409) once the caller may touch the record at all. A visit is corrected by who recorded it
        // (visits 1 and 2: the admin) or by the roles that edit households; members and tasks by their community's staff.
        new("PUT", "/api/visits/{id:long}", p => Put($"/api/visits/{VisitAt(p)}", $$"""{"visitedOn":"{{TodayInChina}}","note":"矩阵更正","version":999}"""),
                                                                                     [409, 409, 409, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 404, 403, 403, 403, 401],
            new NoRows("the refusal of an edit on a stale version")),
        new("DELETE", "/api/visits/{id:long}", p => new(HttpMethod.Delete, $"/api/visits/{VisitAt(p)}?version=999"),
                                                                                     [409, 409, 409, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 404, 404, 403, 403, 403, 401],
            new NoRows("the refusal to delete on a stale version")),
        new("PUT", "/api/volunteers/{id:long}", p => Put($"/api/volunteers/{VolunteerAt(p)}",
                $$"""{"name":"矩阵党员","phone":"13600009999","workUnit":"海门区矩阵局","communityId":{{CommunityAt(p)}},"version":999}"""),
                                                                                     [409, 409, 403, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 403, 403, 403, 403, 403, 401],
            new NoRows("the refusal of an edit on a stale version")),
        new("DELETE", "/api/volunteers/{id:long}", p => new(HttpMethod.Delete, $"/api/volunteers/{VolunteerAt(p)}?version=999"),
                                                                                     [409, 409, 403, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 403, 403, 403, 403, 403, 401],
            new NoRows("the refusal to retire on a stale version")),
        new("PUT", "/api/service-tasks/{id:long}", p => Put($"/api/service-tasks/{TaskAt(p)}", """{"title":"矩阵服务","heldOn":"2026-01-01","place":"社区广场","version":999}"""),
                                                                                     [409, 409, 403, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 403, 403, 403, 403, 403, 401],
            new NoRows("the refusal of an edit on a stale version")),
        new("DELETE", "/api/service-tasks/{id:long}", p => new(HttpMethod.Delete, $"/api/service-tasks/{TaskAt(p)}?version=999"),
                                                                                     [409, 409, 403, 403, 403, 403, 403, 401],
                                                                                     [409, 404, 403, 403, 403, 403, 403, 401],
            new NoRows("the refusal to delete on a stale version")),
    ];

    /// <summary>The community of the place (秀山社区 / 东洲社区), its registered member (1 / 2, from households 1 / 4), whose task is 1 / 2, and visit 1 / 2 to its household (AuthApp).</summary>
    static long CommunityAt(Place p) => p == Place.Inside ? 4 : 5;
    static long VolunteerAt(Place p) => p == Place.Inside ? 1 : 2;
    static long TaskAt(Place p) => p == Place.Inside ? 1 : 2;
    static long VisitAt(Place p) => p == Place.Inside ? 1 : 2;

    /// <summary>Today in China Standard Time: a visit may be dated no later, nor before its household was added (the seed, today).</summary>
    static string TodayInChina => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A household at the place: 张建国 in the west grid, 刘芳 in the east (SmallDistrict).</summary>
    static long HouseholdAt(Place p) => p == Place.Inside ? 1 : 4;

    /// <summary>The place's grid as SmallDistrict draws it, as GeoJSON.</summary>
    static string GridBox(Place p) => p == Place.Inside
        ? """{"type":"Polygon","coordinates":[[[121.10,31.85],[121.15,31.85],[121.15,31.90],[121.10,31.90],[121.10,31.85]]]}"""
        : """{"type":"Polygon","coordinates":[[[121.25,31.85],[121.30,31.85],[121.30,31.90],[121.25,31.90],[121.25,31.85]]]}""";

    static string LayerReportUrl(string path, Place p) =>
        $"{path}?layer=party&against=governance" + (p == Place.Inside ? "" : $"&areaId={p.GridId}");

    static string LayerReportGrids(Place p) => $"""
        SELECT x.id FROM areas x WHERE x.level = 'grid' AND x.layer = 'party' AND {InScope("x.boundary")}
          AND {(p == Place.Inside ? "true" : $"x.id = {p.GridId}")}
        """;

    /// <summary>A staff member whose home grid is in the caller's area; a grid worker only itself.</summary>
    static string StaffUpdated(Place p) => $"""
        SELECT x.id FROM staff x JOIN areas g ON g.id = x.home_grid_id
        WHERE x.id = {p.StaffId} AND {InScope("g.boundary")} AND ($2::bigint IS NULL OR x.id = $2)
        """;

    /// <summary>
    /// The live hub's methods × roles × places: "ok", "refused" (a HubException), or the status
    /// that refused the connection itself.
    /// </summary>
    public static IReadOnlyList<HubRule> HubRules { get; } =
    [
        //                                                           admin   centre     leader     worker planner reporter department anonymous
        // A grid worker or a department watches no area: only its own cases (SubscribeMine).
        new("Subscribe", p => [p.GridId, -1L],                      ["ok", "ok", "ok", "refused", "403", "refused", "refused", "401"],
                                                                     ["ok", "refused", "refused", "refused", "403", "refused", "refused", "401"]),
        new("Unsubscribe", p => [p.GridId],                         ["ok", "ok", "ok", "ok", "403", "ok", "ok", "401"],
                                                                     ["ok", "ok", "ok", "ok", "403", "ok", "ok", "401"]),
        // The caller's own cases (reports, tasks, summonses): anyone who may connect.
        new("SubscribeMine", _ => [-1L],                            ["ok", "ok", "ok", "ok", "403", "ok", "ok", "401"],
                                                                     ["ok", "ok", "ok", "ok", "403", "ok", "ok", "401"]),
    ];
}
