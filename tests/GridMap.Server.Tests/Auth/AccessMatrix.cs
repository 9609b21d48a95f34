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
/// case 1 / case 2, staff 2 (the grid worker) / staff 3, the grid stations 3 / 4; the household
/// 张建国 in the west grid / 刘芳 in the east, the community 秀山社区 / 东洲社区 with its registered
/// member 1 / 2 (from households 1 / 4), whose task is 1 / 2, and visit 1 / 2 to its household.
/// </summary>
public sealed record Place(string Name, long GridId, double Lon, double Lat, string Bbox, long CaseId, long StaffId, long StationId)
{
    public static readonly Place Inside = new("inside", 6, 121.12, 31.87, "121.11,31.86,121.14,31.89", 1, 2, 3)
    {
        HouseholdId = 1, CommunityId = 4, VolunteerId = 1, TaskId = 1, VisitId = 1, Tile = "11/1713/832",
        GridBox = """{"type":"Polygon","coordinates":[[[121.10,31.85],[121.15,31.85],[121.15,31.90],[121.10,31.90],[121.10,31.85]]]}""",
    };
    public static readonly Place Outside = new("outside", 9, 121.28, 31.86, "121.26,31.855,121.295,31.895", 2, 3, 4)
    {
        HouseholdId = 4, CommunityId = 5, VolunteerId = 2, TaskId = 2, VisitId = 2, Tile = "12/3427/1665",
        GridBox = """{"type":"Polygon","coordinates":[[[121.25,31.85],[121.30,31.85],[121.30,31.90],[121.25,31.90],[121.25,31.85]]]}""",
    };
    public long HouseholdId { get; init; }
    public long CommunityId { get; init; }
    public long VolunteerId { get; init; }
    public long TaskId { get; init; }
    public long VisitId { get; init; }
    /// <summary>A vector tile z/x/y: inside, the west grid and most of the district; outside, the east grid only.</summary>
    public string Tile { get; init; } = "";
    /// <summary>The place's grid as SmallDistrict draws it, as GeoJSON.</summary>
    public string GridBox { get; init; } = "";
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
/// inside and outside the caller's area, read from the table <c>access-matrix.txt</c> beside this
/// file (its header says how a row reads); here are the SQL pieces its rows name.
/// </summary>
public static class AccessMatrix
{
    public static IReadOnlyList<EndpointRule> Rules { get; } =
        Read(Path.Combine(TestDatabase.RepoRoot, "tests", "GridMap.Server.Tests", "Auth", "access-matrix.txt"));

    static string InScope(string geometry) => $"($1::bigint IS NULL OR ST_Covers((SELECT boundary FROM areas WHERE id = $1), {geometry}))";
    /// <summary>Inside: none; outside: what the list's bbox (the place's) keeps.</summary>
    static string InBbox(Place p, string geometry) => p == Place.Inside ? "true" : $"{geometry} && {p.BboxSql}";
    /// <summary>The area a request asks about: the caller's own inside, the place's grid outside, as SQL.</summary>
    static string Asked(Place p) => p == Place.Inside ? "$3" : $"{p.GridId}";
    /// <summary>An area and the communities and grids in it, as the coverage figures list them.</summary>
    static string CoverageAreas(Place p, string column) => $"""
        SELECT x.{column} FROM areas x
        WHERE {InScope("x.boundary")} AND ST_Covers((SELECT boundary FROM areas WHERE id = {Asked(p)}), x.boundary)
          AND (x.id = {Asked(p)} OR x.level IN ('community', 'grid'))
        """;
    /// <summary>What lies in the place's tile or its 64/4096 buffer, as SQL.</summary>
    static string InTile(Place p, string geometry) =>
        $"{geometry} && ST_Transform(ST_TileEnvelope({p.Tile.Replace('/', ',')}, margin => 64.0 / 4096), 4326)";
    /// <summary>A reporter: the cases it reported; a grid worker: those assigned to it, wherever they lie; everyone else: in the area, a department's summoned.</summary>
    static string CaseVisible(string alias) => $"""
        (CASE WHEN $6 = 'reporter' THEN {alias}.reported_by IS NOT DISTINCT FROM (SELECT id FROM users WHERE username = 'reporter')
              WHEN $2::bigint IS NOT NULL THEN {alias}.assignee_id IS NOT DISTINCT FROM $2
              ELSE {InScope(alias + ".location")}
                   AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM case_summons s WHERE s.case_id = {alias}.id AND s.department_code = $5)) END)
        """;
    /// <summary>The party grids of the caller's area; outside, only the place's grid (the area asked for).</summary>
    static string LayerReportGrids(Place p) => $"""
        SELECT x.id FROM areas x WHERE x.level = 'grid' AND x.layer = 'party' AND {InScope("x.boundary")}
          AND {(p == Place.Inside ? "true" : $"x.id = {p.GridId}")}
        """;
    /// <summary>A staff member whose home grid is in the caller's area; a grid worker only itself.</summary>
    static string StaffUpdated(Place p) => $"""
        SELECT x.id FROM staff x JOIN areas g ON g.id = x.home_grid_id
        WHERE x.id = {p.StaffId} AND {InScope("g.boundary")} AND ($2::bigint IS NULL OR x.id = $2)
        """;

    /// <summary>What <c>{name}</c> or <c>{name argument}</c> in a row stands for at the place (the table's header lists them).</summary>
    static string Slot(string name, string? argument, Place p) => (name, argument) switch
    {
        ("inside", _) => p == Place.Inside ? argument ?? "" : "",
        ("outside", _) => p == Place.Outside ? argument ?? "" : "",
        ("inScope", { } geometry) => InScope(geometry),
        ("inBbox", { } geometry) => InBbox(p, geometry),
        ("inTile", { } geometry) => InTile(p, geometry),
        ("caseVisible", { } alias) => CaseVisible(alias),
        ("coverageAreas", { } column) => CoverageAreas(p, column),
        ("layerReportGrids", null) => LayerReportGrids(p),
        ("staffUpdated", null) => StaffUpdated(p),
        ("asked", null) => Asked(p),
        ("grid", null) => Invariant(p.GridId),
        ("case", null) => Invariant(p.CaseId),
        ("staff", null) => Invariant(p.StaffId),
        ("station", null) => Invariant(p.StationId),
        ("household", null) => Invariant(p.HouseholdId),
        ("community", null) => Invariant(p.CommunityId),
        ("volunteer", null) => Invariant(p.VolunteerId),
        ("task", null) => Invariant(p.TaskId),
        ("visit", null) => Invariant(p.VisitId),
        ("lon", null) => Invariant(p.Lon),
        ("lat", null) => Invariant(p.Lat),
        ("point", null) => p.Point,
        ("pointSql", null) => p.PointSql,
        ("bbox", null) => p.Bbox,
        ("tile", null) => p.Tile,
        ("gridBox", null) => p.GridBox,
        // A visit may be dated no later than today in China, nor before its household was added (the seed, today).
        ("today", null) => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ("open311Key", null) => AuthApp.Open311Key,
        _ => throw new InvalidDataException($"access-matrix.txt names {{{name}{(argument is null ? "" : " " + argument)}}}, which is not in AccessMatrix.Slot"),
    };

    static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>A slot holds no braces, so those within others are filled first; JSON's own braces (<c>{"</c>, <c>{}</c>) are no slots.</summary>
    static readonly Regex SlotPattern = new(@"\{(\w+)(?: ([^{}]*))?\}");

    static string Fill(string template, Place p)
    {
        while (true)
        {
            var filled = SlotPattern.Replace(template, m => Slot(m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null, p));
            if (filled == template) return filled;
            template = filled;
        }
    }

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

    /// <summary>The table's rows: a line at the margin names an endpoint, indented lines give its fields, deeper ones continue a field.</summary>
    static List<EndpointRule> Read(string path)
    {
        var rules = new List<EndpointRule>();
        string? endpoint = null, field = null;
        var fields = new Dictionary<string, string>();
        var (number, start) = (0, 0);
        foreach (var line in File.ReadLines(path).Append(""))
        {
            number++;
            if (line.StartsWith('#')) continue;
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) || line.Length == 0 && endpoint is not null)
            {
                if (endpoint is not null) rules.Add(Rule(endpoint, fields, $"{path}:{start}"));
                endpoint = line.Length > 0 ? line : null;
                field = null;
                fields = [];
                start = number;
            }
            else if (Regex.Match(line, @"^  (\w+)(?: +(.*))?$") is { Success: true } m && endpoint is not null)
                fields[field = m.Groups[1].Value] = m.Groups[2].Value.TrimEnd();
            else if (line.StartsWith("    ") && field is not null)
                fields[field] += "\n" + line.Trim();
            else if (line.Length > 0)
                throw new InvalidDataException($"{path}:{number}: neither an endpoint, a field nor a field's next line: {line}");
        }
        return rules;
    }

    static EndpointRule Rule(string endpoint, Dictionary<string, string> fields, string where)
    {
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"{where}: {endpoint} has no {name}");
        int[] Statuses(string name) => Field(name).Split(' ', StringSplitOptions.RemoveEmptyEntries) is { } s && s.Length == Roles.All.Count + 1
            ? [.. s.Select(int.Parse)]
            : throw new InvalidDataException($"{where}: {endpoint}: {name} wants a status for each role and anonymous");
        var (method, route) = (endpoint.Split(' ', 2)[0], endpoint.Split(' ', 2)[1]);
        var call = Field("call").Split(' ', 2);
        fields.TryGetValue("body", out var body);
        fields.TryGetValue("form", out var form);
        Answer answer = fields.TryGetValue("holds", out var holds) ? new NoRows(holds) : RowsAnswer();
        return new(method, route, p => new Call(new HttpMethod(call[0]), Fill(call[1], p), body is null ? null : Fill(body, p),
                form is null ? null : [.. Fill(form, p).Split('&').Select(pair => (pair.Split('=', 2)[0], pair.Split('=', 2)[1]))]),
            Statuses("inside"), Statuses("outside"), answer);

        Rows RowsAnswer()
        {
            var allowed = Field("allowed");
            return new(Field("rows"), Reader(Field("read")), p => Fill(allowed, p), Complete: !fields.ContainsKey("some"));
        }

        Func<string, IEnumerable<long>> Reader(string read) => read.Split(' ', 2) switch
        {
            ["json", var paths] => Json(paths),
            ["csv", var column] => Csv(int.Parse(column, CultureInfo.InvariantCulture)),
            _ => throw new InvalidDataException($"{where}: {endpoint}: read is json PATHS or csv COLUMN"),
        };
    }

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
