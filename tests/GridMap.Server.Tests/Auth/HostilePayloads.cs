using System.Text.Json.Nodes;

namespace GridMap.Tests.Auth;

/// <summary>
/// One request the fuzz test sends: what kind of hostility it carries, and what is at fault in
/// it (a field, a query parameter, a header, the path id or the body as a whole), which a 4xx
/// answer must name. A request marked <see cref="MaySucceed"/> only reads, with an edge value a
/// server may accept (a far date, a header it ignores); it must not fail with a 5xx either.
/// </summary>
public sealed record Payload(
    string Target, string Kind, HttpMethod Method, string Url, byte[]? Body, string? ContentType, string? User,
    string[] Faults, (string Name, string Value)[] Headers, bool MaySucceed = false)
{
    public HttpRequestMessage Message()
    {
        var message = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers)
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : " " + Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 160));
        var headers = string.Concat(Headers.Select(h => $" [{h.Name}: {h.Value[..Math.Min(h.Value.Length, 60)]}]"));
        return $"{Method} {Url[..Math.Min(Url.Length, 200)]} as {User ?? "anonymous"} ({Target} / {Kind}, at fault: {string.Join(" or ", Faults)}){headers}{body}";
    }
}

/// <summary>
/// Malformed and hostile requests from one seed, for every write endpoint (bodies: broken JSON and
/// forms, wrong types, numbers at and past their limits, NaN, swapped or out-of-range coordinates,
/// SQL fragments, long strings, Unicode that cannot be stored or that merely looks odd, wrong and
/// odd content types), for the read endpoints' query strings, for the ids in paths, and hostile
/// headers on top of any of them. Each one is built to be refused for a known fault: it starts
/// from a valid request and breaks one thing the server must check (a value free text may hold,
/// an SQL fragment or an odd character, always comes with a second fault that is the one named).
/// </summary>
public sealed class HostilePayloads(int seed)
{
    enum Kind { Lon, Lat, Radius, Text, Code, Int, Bool, Codes }
    sealed record Field(string Name, Kind Kind, int MaxLength = 0);
    sealed record Target(string Name, HttpMethod Method, string Url, Func<JsonObject> Valid, Field[] Fields, bool Form = false, string? User = "admin");

    readonly Random random = new(seed);

    const string Admin = SmallDistrict.Admin;

    static readonly Target[] Targets =
    [
        new("login", HttpMethod.Post, "/api/auth/login", () => new() { ["username"] = "admin", ["password"] = "not-the-password" },
            [new("username", Kind.Code, 64), new("password", Kind.Text, 256)], User: null),
        new("report", HttpMethod.Post, "/api/cases", () => new()
            { ["lon"] = 121.12, ["lat"] = 31.87, ["categoryCode"] = "environmental_sanitation", ["description"] = "楼道堆放杂物", ["reporter"] = "张三" },
            [new("lon", Kind.Lon), new("lat", Kind.Lat), new("categoryCode", Kind.Code), new("description", Kind.Text, 2000), new("reporter", Kind.Text, 200)]),
        new("report as reporter", HttpMethod.Post, "/api/cases", () => new()
            { ["lon"] = 121.12, ["lat"] = 31.87, ["categoryCode"] = "environmental_sanitation", ["description"] = "路灯不亮" },
            [new("lon", Kind.Lon), new("lat", Kind.Lat), new("categoryCode", Kind.Code), new("description", Kind.Text, 2000)], User: SmallDistrict.Reporter),
        new("transition", HttpMethod.Post, "/api/cases/1/transitions", () => new()
            { ["action"] = "accept", ["version"] = 1, ["actorRole"] = "grid_worker", ["note"] = "收到" },
            [new("action", Kind.Code), new("version", Kind.Int), new("actorRole", Kind.Code), new("note", Kind.Text, 2000),
             new("assigneeId", Kind.Int), new("departments", Kind.Codes), new("extensionHours", Kind.Int), new("lon", Kind.Lon), new("lat", Kind.Lat)]),
        new("staff location", HttpMethod.Put, "/api/staff/2/location", () => new() { ["lon"] = 121.12, ["lat"] = 31.87 },
            [new("lon", Kind.Lon), new("lat", Kind.Lat)]),
        new("staff duty", HttpMethod.Put, "/api/staff/2/duty", () => new() { ["onDuty"] = true }, [new("onDuty", Kind.Bool)]),
        new("suggest", HttpMethod.Post, "/api/coverage/suggest", () => new() { ["k"] = 2, ["radiusM"] = 300, ["areaId"] = 6 },
            [new("k", Kind.Int), new("radiusM", Kind.Radius), new("areaId", Kind.Int)]),
        new("accept", HttpMethod.Post, "/api/coverage/accept", () => new()
            { ["lon"] = 121.125, ["lat"] = 31.875, ["radiusM"] = 300, ["level"] = "grid", ["name"] = "新站" },
            [new("lon", Kind.Lon), new("lat", Kind.Lat), new("radiusM", Kind.Radius), new("level", Kind.Code), new("name", Kind.Text, 100)]),
        new("open311", HttpMethod.Post, "/open311/v2/requests.json", () => new()
            { ["service_code"] = "environmental_sanitation", ["lat"] = "31.87", ["long"] = "121.12", ["description"] = "垃圾满溢", ["first_name"] = "李" },
            [new("service_code", Kind.Code), new("lat", Kind.Lat), new("long", Kind.Lon), new("description", Kind.Text, 2000)], Form: true),
        new("open311 anonymous", HttpMethod.Post, "/open311/v2/requests.json", () => new()
            { ["service_code"] = "environmental_sanitation", ["lat"] = "31.87", ["long"] = "121.12", ["description"] = "垃圾满溢" },
            [new("service_code", Kind.Code), new("lat", Kind.Lat), new("long", Kind.Lon), new("description", Kind.Text, 2000)], Form: true, User: null),
        // Edits (issue 15). An edit names version 999, which no record has: a body that somehow passed every check is refused as stale, not written.
        new("household", HttpMethod.Post, "/api/households/", Household, HouseholdFields),
        new("household edit", HttpMethod.Put, "/api/households/1", () => Household().Also(b => b["version"] = 999), [.. HouseholdFields, new("version", Kind.Int)]),
        new("station", HttpMethod.Post, "/api/stations/", Station, StationFields),
        new("station edit", HttpMethod.Put, "/api/stations/1", () => Station().Also(b => b["version"] = 999), [.. StationFields, new("version", Kind.Int)]),
        new("staff member", HttpMethod.Post, "/api/staff/", StaffMember, StaffFields),
        new("staff member edit", HttpMethod.Put, "/api/staff/2", () => StaffMember().Also(b => b["version"] = 999), [.. StaffFields, new("version", Kind.Int)]),
        // Corrections of what Party members' service recorded (issue 17), on version 999 as above.
        new("visit edit", HttpMethod.Put, "/api/visits/1", () => new() { ["visitedOn"] = "2026-01-01", ["note"] = "更正", ["version"] = 999 },
            [new("visitedOn", Kind.Code), new("note", Kind.Text, 500), new("version", Kind.Int)]),
        new("member edit", HttpMethod.Put, "/api/volunteers/1", () => new()
            { ["name"] = "赵卫东", ["phone"] = "13600001111", ["workUnit"] = "海门区教育局", ["communityId"] = 4, ["version"] = 999 },
            [new("name", Kind.Text, 100), new("phone", Kind.Text, 20), new("workUnit", Kind.Text, 100), new("communityId", Kind.Int), new("householdId", Kind.Int), new("version", Kind.Int)]),
        new("service task edit", HttpMethod.Put, "/api/service-tasks/1", () => new()
            { ["title"] = "敬老院陪护", ["heldOn"] = "2026-01-01", ["place"] = "秀山敬老院", ["version"] = 999 },
            [new("title", Kind.Text, 100), new("heldOn", Kind.Code), new("place", Kind.Text, 100), new("version", Kind.Int)]),
    ];

    static JsonObject Household() => new() { ["name"] = "张建国家", ["members"] = 3, ["kind"] = "member", ["phone"] = "13800001234", ["lon"] = 121.12, ["lat"] = 31.87 };
    static Field[] HouseholdFields =>
        [new("name", Kind.Text, 100), new("members", Kind.Int), new("kind", Kind.Code), new("phone", Kind.Text, 20), new("lon", Kind.Lon), new("lat", Kind.Lat)];

    static JsonObject Station() => new()
        { ["name"] = "秀山网格服务站", ["level"] = "grid", ["status"] = "open", ["radiusM"] = 300, ["lon"] = 121.12, ["lat"] = 31.87,
          ["openingHours"] = "周一至周五 9:00-17:00", ["services"] = new JsonArray("民情收集") };
    // lon before radiusM: a number out of range is put in the first numeric field, and a radius of 5e-324 m is a radius.
    static Field[] StationFields =>
        [new("name", Kind.Text, 100), new("lon", Kind.Lon), new("lat", Kind.Lat), new("level", Kind.Code), new("status", Kind.Code), new("radiusM", Kind.Radius),
         new("openingHours", Kind.Text, 200), new("services", Kind.Codes)];

    static JsonObject StaffMember() => new() { ["name"] = "周新", ["role"] = "grid_worker", ["homeGridId"] = 6, ["phone"] = "13800001234", ["onDuty"] = false };
    static Field[] StaffFields =>
        [new("name", Kind.Text, 100), new("role", Kind.Code), new("homeGridId", Kind.Int), new("phone", Kind.Text, 20), new("onDuty", Kind.Bool)];

    // ---- vocabularies ----

    static readonly string[] SqlFragments =
    [
        "'; DROP TABLE cases; --", "' OR '1'='1", "1; DELETE FROM users", "admin'--", "\" OR \"\"=\"", "'); INSERT INTO users VALUES (1); --",
        "$1", "$$ LANGUAGE plpgsql", "1 UNION SELECT password_hash FROM users", "\\x00", "%00", "pg_sleep(10)", "'||pg_sleep(5)||'",
        "'::text", "E'\\\\x41'", "/* */", "; COPY cases TO PROGRAM 'id'", "ARRAY[1,2]", "NULL", "true", "';LISTEN cases;--",
    ];

    /// <summary>Text a string field may hold: odd, but nothing the server may refuse it for.</summary>
    static readonly string[] OddTexts =
    [
        "😀", "𠀀𠀁", "e\u0301\u0301\u0301", "\u200B\u200C\u200D", "\u202Eevil\u202C", "\uFEFFBOM", "\u00A0", "\u3000全角空格", "\uE000私用",
        "\uFFFD", "ﷺ", "\t\r\n", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "%s%s%n", "{{7*7}}",
        "../../etc/passwd", "\\", "\"", "Robert'); --", "\u00DF\u0130\u0131", "١٢٣", "１２３", "ᚠᛇᚻ", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
    ];

    /// <summary>
    /// Text no field may hold, as JSON and as a form writes it: PostgreSQL cannot store U+0000, and a
    /// lone surrogate is no Unicode at all (in a form, bytes that are no UTF-8).
    /// </summary>
    static readonly (string Json, string Form)[] UnstorableTexts =
        [("\\u0000", "%00"), ("a\\u0000b", "a%00b"), ("a\\u0001\\u001Fb", "a%01%1Fb"), ("\\u001B[31m", "%1B%5B31m"), ("\\uD800", "%ED%A0%80"), ("x\\uDC00y", "x%ED%B0%80y"), ("\\uDBFF", "%ED%AF%BF")];

    static readonly string[] BrokenJson =
    [
        "", " ", "{", "}", "[", "{\"lon\":}", "{\"lon\":121.1,}", "{'lon':121.1}", "{lon:121.1}", "{\"lon\":NaN}", "{\"lon\":Infinity}",
        "{\"lon\":-Infinity}", "{\"a\":1 /* comment */}", "{\"a\":\"\u0001\"}", "{\"a\":1}{\"b\":2}", "{\"a\"::1}", "nul", "tru", "\"unterminated",
        "{\"lon\":0x1F}", "{\"lon\":01}", "{\"lon\":1.}", "{\"lon\":.5}", "{\"lon\":+1}", "{\"lon\":1e}", "\uFEFF{", "{\"description\":\"\\uD800\"}",
        "{\"description\":\"\\u12\"}", "{\"a\":[1,2,]}", "{\"a\" 1}", "null", "[]", "123", "\"text\"", "true", "{\"a\":\"\\x41\"}",
        "{\"a\":\"\\'\"}", "{\"a\":1e999999999999}", "{\"\u0000\":1}", "\u0000", "{\"a\":\"\u00ff\"}",
    ];

    static readonly string[] BrokenForms = ["a=%ZZ", "%", "=&=&", "service_code", "lat=1&lat=2&long=%E4", "\u0000=\u0000", "%FF%FE=%FF", "&&&&", "a==b=c"];

    /// <summary>A number the field must refuse, kept as raw JSON so that 1e309 stays 1e309.</summary>
    static readonly Dictionary<Kind, string[]> BadNumbers = new()
    {
        [Kind.Lon] = ["1e309", "-1e309", "1e300", "181", "-180.0001", "360", "-1.7976931348623157e308", "180.00000000000003", "1.7976931348623157e308"],
        [Kind.Lat] = ["1e309", "91", "-90.0001", "1e300", "121.12", "-1e308", "90.00000000000001"],
        [Kind.Int] = ["1e20", "9223372036854775808", "-9223372036854775809", "1.5", "2147483648", "-2147483649", "-1e309", "1e-400", "0.1",
                      "4294967296", "18446744073709551616", "5e-324", "1.0000000000000002"],
        [Kind.Radius] = ["0", "-1", "20000.5", "1e309", "-1e309", "1e300", "-0", "20000.000000000004", "5e-324", "-5e-324", "1.7976931348623157e308"],
        [Kind.Text] = ["1e309", "99999999999999999999999999999"],
        [Kind.Code] = ["1e309", "99999999999999999999999999999"],
    };

    /// <summary>Swapped (lat for lon) or out of range, and which of the two is then wrong.</summary>
    static readonly (double Lon, double Lat, string Wrong)[] BadPlaces =
    [
        (31.87, 121.12, "lat"), (121.12, 95.0, "lat"), (200.0, 31.87, "lon"), (-181.0, 0.0, "lon"), (121.12, -90.5, "lat"), (31.87, 181.0, "lat"),
        (180.0000001, 31.87, "lon"), (121.12, 90.0000001, "lat"), (-180.0000001, -90, "lon"),
    ];

    /// <summary>Valid only with its second fault: long, but within every limit.</summary>
    static string LongText(int length, char c) => new(c, length);

    // ---- query strings ----

    /// <summary>A query string; a parameter whose valid value is null is sent only when it is the one broken.</summary>
    sealed record Query(string Name, string Path, (string Name, string? Valid, string[] Bad)[] Parameters, string? User = Admin, string Method = "GET");

    static readonly string[] BadBboxes =
    [
        "1,2,3", "a,b,c,d", "NaN,0,1,1", "200,0,201,1", "1,1,0,0", "1e309,0,1,1", ",,,", "1,2,3,4,5", "１,２,３,４", "0,0,0,-91",
        "-180.0001,0,0,1", "121.1;31.8;121.2;31.9", "121.1, 31.8, 121.2", "Infinity,0,1,1", "0x10,0,1,1", "\u0000,0,1,1",
    ];
    static readonly string[] BadIds = ["abc", "1.5", "1e3", "9223372036854775808", "-9223372036854775809", "0x10", "１", "٣", "1 2", "+-1", "\u0000", "1,2"];
    static readonly string[] BadCodes = ["potholes", "'; DROP TABLE cases; --", "GRID", "grid ", "\u0000", "%", "district,street", "😀", "null"];
    static readonly string[] BadNumbersInQuery = ["abc", "NaN", "Infinity", "-Infinity", "1e309", "-1", "0", "1e300", "50000.0001", "0x10", "1,5", "\u0000"];
    static readonly string[] BadTimes = ["yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "0", "2026-03-01T25:00:00Z", "\u0000", "2026-03-01T00:00:00+25:00"];

    static readonly Query[] Queries =
    [
        new("areas", "/api/areas/", [("level", "grid", BadCodes), ("layer", "party", BadCodes), ("bbox", "121.1,31.8,121.2,31.9", BadBboxes),
            ("boundary", null, ["yes", "1", "ja", "\u0000", "truee"])]),
        new("households", "/api/households/", [("bbox", "121.1,31.8,121.2,31.9", BadBboxes)]),
        new("stations", "/api/stations/", [("bbox", "121.1,31.8,121.2,31.9", BadBboxes)]),
        new("staff", "/api/staff/", [("bbox", "121.1,31.8,121.2,31.9", BadBboxes)]),
        new("cases", "/api/cases/", [("areaId", "2", BadIds), ("status", "reported,dispatched", BadCodes), ("category", "environmental_sanitation", BadCodes),
            ("bbox", "121.1,31.8,121.2,31.9", BadBboxes)]),
        new("locate", "/api/locate", [("lon", "121.12", BadNumbersInQuery.Where(n => n is not ("0" or "-1")).Append("181").ToArray()),
            ("lat", "31.87", BadNumbersInQuery.Where(n => n is not ("0" or "-1")).Append("-90.5").ToArray()), ("layer", "party", BadCodes)]),
        new("candidates", "/api/cases/1/candidates", [("radiusMetres", "3000", BadNumbersInQuery)]),
        new("kpis", "/api/kpis", [("areaId", "2", BadIds), ("from", "2026-02-01T00:00:00+08:00", BadTimes), ("to", "2026-03-01T00:00:00+08:00", BadTimes),
            ("by", "grid", BadCodes)]),
        new("coverage", "/api/coverage/", CoverageParameters),
        new("uncovered", "/api/coverage/uncovered", CoverageParameters),
        new("uncovered points", "/api/coverage/uncovered/points", CoverageParameters),
        new("shape", "/api/coverage/shape", CoverageParameters),
        new("report.csv", "/api/coverage/report.csv", CoverageParameters),
        new("open311 requests", "/open311/v2/requests.json", [("service_request_id", null, ["1,abc", "x", "1.5", "9223372036854775808", "-1", "\u0000"]),
            ("start_date", "2026-02-01T00:00:00+08:00", BadTimes), ("end_date", "2026-03-01T00:00:00+08:00", BadTimes),
            ("status", "open", ["pending", "OPEN", "open,pending", "\u0000", "'"])], User: null),
        new("heat", "/api/cases/heat", [("areaId", "2", BadIds), ("from", "2026-02-01T00:00:00+08:00", BadTimes), ("to", "2026-03-01T00:00:00+08:00", BadTimes),
            ("category", "environmental_sanitation", BadCodes)]),
        new("recurring", "/api/cases/recurring", [("areaId", "2", BadIds), ("days", "30", ["abc", "0", "-1", "91", "1.5", "1,5", "１", "\u0000"]),
            ("radiusM", "50", BadNumbersInQuery), ("min", "3", ["1", "101", "abc", "3.5", "\u0000"]), ("limit", "100", ["0", "1001", "abc", "1e3"]),
            ("category", "environmental_sanitation", BadCodes), ("perSpot", "10", ["-1", "101", "abc", "2.5", "\u0000"])]),
        new("household retire", "/api/households/1", [("version", null, BadIds)], Method: "DELETE"),
        new("station close", "/api/stations/1", [("version", null, BadIds)], Method: "DELETE"),
        new("staff retire", "/api/staff/2", [("version", null, BadIds)], Method: "DELETE"),
        new("layer report", "/api/areas/layer-report", [("layer", "party", BadCodes), ("against", "governance", BadCodes), ("areaId", null, BadIds)]),
        new("visit delete", "/api/visits/1", [("version", null, BadIds)], Method: "DELETE"),
        new("member retire", "/api/volunteers/1", [("version", null, BadIds)], Method: "DELETE"),
        new("service task delete", "/api/service-tasks/1", [("version", null, BadIds)], Method: "DELETE"),
    ];

    static (string, string?, string[])[] CoverageParameters =>
    [
        ("areaId", "2", BadIds), ("stationLevel", "all", BadCodes), ("includePlanned", "true", ["yes", "1", "ja", "\u0000", "truee"]),
        ("radiusM", "500", BadNumbersInQuery), ("mode", "straight", BadCodes),
    ];

    /// <summary>Values that a server may well accept, but must never answer with a 5xx.</summary>
    static readonly (string Path, string Parameter, string[] Values)[] EdgeQueries =
    [
        ("/api/kpis?by=grid", "from", ["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "2026-03-01T00:00:00.9999999+08:00"]),
        ("/api/kpis?by=grid", "to", ["9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59Z", "2026-03-01T00:00:00-12:00"]),
        ("/api/cases/", "areaId", ["-1", "0", "9223372036854775807"]),
        ("/api/cases/", "bbox", ["-180,-90,180,90", "121.12,31.87,121.12,31.87", "-0,-0,0,0"]),
        ("/api/areas/", "bbox", ["1e-300,1e-300,1e-299,1e-299", "179.9999999,89.9999999,180,90"]),
        ("/api/cases/1/candidates", "radiusMetres", ["50000", "5e-324", "1e-300"]),
        ("/api/coverage/", "radiusM", ["20000", "5e-324", "0.0000001"]),
        ("/open311/v2/requests.json", "service_code", ["'; DROP TABLE cases; --", "😀", "a,b,,c", new string('x', 5000)]),
        ("/open311/v2/requests.json", "start_date", ["2026-02-01T00:00:00+08:00&end_date=2026-02-01T00:00:00+08:00", "1970-01-01T00:00:00Z&end_date=1970-03-01T00:00:00Z"]),
    ];

    // ---- ids in paths ----

    /// <summary>Paths with an id, and a valid call to make there; none of the ids below names a row of the seed.</summary>
    static readonly (string Name, HttpMethod Method, string Path, string? Json)[] PathTargets =
    [
        ("area", HttpMethod.Get, "/api/areas/{0}", null),
        ("case", HttpMethod.Get, "/api/cases/{0}", null),
        ("case events", HttpMethod.Get, "/api/cases/{0}/events", null),
        ("case candidates", HttpMethod.Get, "/api/cases/{0}/candidates", null),
        ("case transition", HttpMethod.Post, "/api/cases/{0}/transitions", """{"action":"register","version":1}"""),
        ("staff location", HttpMethod.Put, "/api/staff/{0}/location", """{"lon":121.12,"lat":31.87}"""),
        ("staff duty", HttpMethod.Put, "/api/staff/{0}/duty", """{"onDuty":true}"""),
        ("planned station", HttpMethod.Delete, "/api/coverage/planned/{0}", null),
        ("open311 request", HttpMethod.Get, "/open311/v2/requests/{0}.json", null),
        ("household edit", HttpMethod.Put, "/api/households/{0}", """{"name":"张建国家","members":3,"kind":"member","lon":121.12,"lat":31.87,"version":999}"""),
        ("household retire", HttpMethod.Delete, "/api/households/{0}?version=999", null),
        ("station edit", HttpMethod.Put, "/api/stations/{0}", """{"name":"服务站","level":"grid","status":"open","radiusM":300,"lon":121.12,"lat":31.87,"version":999}"""),
        ("station close", HttpMethod.Delete, "/api/stations/{0}?version=999", null),
        ("staff member edit", HttpMethod.Put, "/api/staff/{0}", """{"name":"周新","role":"grid_worker","homeGridId":6,"onDuty":false,"version":999}"""),
        ("staff retire", HttpMethod.Delete, "/api/staff/{0}?version=999", null),
        ("visit edit", HttpMethod.Put, "/api/visits/{0}", """{"visitedOn":"2026-01-01","note":"更正","version":999}"""),
        ("visit delete", HttpMethod.Delete, "/api/visits/{0}?version=999", null),
        ("member edit", HttpMethod.Put, "/api/volunteers/{0}", """{"name":"赵卫东","phone":"13600001111","workUnit":"海门区教育局","communityId":4,"version":999}"""),
        ("member retire", HttpMethod.Delete, "/api/volunteers/{0}?version=999", null),
        ("service task edit", HttpMethod.Put, "/api/service-tasks/{0}", """{"title":"敬老院陪护","heldOn":"2026-01-01","place":"秀山敬老院","version":999}"""),
        ("service task delete", HttpMethod.Delete, "/api/service-tasks/{0}?version=999", null),
    ];

    static readonly string[] PathIds =
    [
        "0", "-1", "999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "abc", "1.5", "1e3",
        "00000000000000000000000000000000000001" + "0", "%20", "１", "٣", "1%2F2", "%F0%9F%98%80", "1;2", new string('9', 400), "%FF",
    ];

    // ---- headers ----

    static readonly (string Name, string Value)[] IgnorableHeaders =
    [
        ("Accept", "application/xml"), ("Accept", new string('a', 8000)), ("Accept-Language", "zz-ZZ;q=abc, *;q=-1"), ("Accept-Charset", "ebcdic"),
        ("X-Forwarded-For", "not-an-ip, 999.1.1.1"), ("X-Forwarded-Host", "evil.example"), ("Origin", "http://evil.example"), ("Referer", "javascript:alert(1)"),
        ("User-Agent", new string('網', 2000)), ("If-None-Match", "*"), ("Range", "bytes=0-1,-5"), ("Content-Encoding", "gzip"), ("Content-Language", "\u00e9"),
        ("X-HTTP-Method-Override", "DELETE"), ("Cookie", "a=b; c"), ("Cookie", "=" + new string(';', 500)), ("Accept-Encoding", "br;q=2"),
    ];

    static readonly string[] BadCredentials =
    [
        "Bearer " + new string('A', 20_000), "Bearer a.b.c", "Bearer \u00e9", "Bearer", "Basic YWRtaW46dGVzdA==", "Negotiate abc", "Bearer  ",
        "Bearer CfDJ8" + new string('x', 300), "bearer", "Bearer %00",
    ];

    // ---- generation ----

    public IReadOnlyList<Payload> Generate(int count)
    {
        var payloads = new List<Payload>(count);
        while (payloads.Count < count)
        {
            var roll = random.Next(100);
            var payload = roll switch
            {
                < 5 => Import(),
                < 8 => AreaChange(),
                < 20 => QueryPayload(),
                < 23 => EdgeQuery(),
                < 31 => PathPayload(),
                _ => Mutated(Targets[random.Next(Targets.Length)]),
            };
            // Now and then a hostile header too: one the server should ignore, or a credential it must refuse.
            if (random.Next(8) == 0) payload = WithHeader(payload);
            payloads.Add(payload);
        }
        return payloads;
    }

    Payload WithHeader(Payload p)
    {
        if (random.Next(3) > 0) return p with { Headers = [.. p.Headers, Pick(IgnorableHeaders)], Kind = p.Kind + " + odd header" };
        // A refused credential: 401 where signing in is needed, else the request as it was (anonymous).
        var credential = random.Next(2) == 0 ? ("Authorization", Pick(BadCredentials)) : ("Cookie", $"{Tokens.Cookie}={Pick(["garbage", "", "%00", new string('x', 5000), "a.b.c"])}");
        return p with { User = null, Headers = [.. p.Headers, credential], Kind = p.Kind + " + bad credential" };
    }

    Payload Mutated(Target t)
    {
        var body = t.Valid();
        var field = t.Fields[random.Next(t.Fields.Length)];
        string kind;
        string[] faults;
        switch (random.Next(13))
        {
            case 0: // cut short: a JSON root object never closed; a form before its description
                var text = Serialize(t, body);
                var end = t.Form ? text.IndexOf("&description", StringComparison.Ordinal) : text.Length - 1;
                return Raw(t, "truncated", text[..random.Next(0, end)], ["body", .. t.Fields.Select(f => f.Name)]);
            case 1:
                if (t.Form) return Raw(t, "broken form", Pick(BrokenForms), [.. t.Fields.Select(f => f.Name)]);
                // Broken where it breaks (a property it names, or the body), or whole but without what is required.
                var broken = Pick(BrokenJson);
                return Raw(t, "broken JSON", broken, ["body", Required(t), .. Regex.Matches(broken, @"""(\w+)""\s*:|\{(\w+):").Select(m => m.Groups[1].Value + m.Groups[2].Value)]);
            case 2:
                kind = "wrong type";
                if (t.Form)
                {
                    // A form's fields are all text: only those that must be numbers or codes can be of the wrong kind.
                    var typed = t.Fields.Where(f => f.Kind != Kind.Text).ToArray();
                    field = typed[random.Next(typed.Length)];
                    body[field.Name] = "not-a-" + field.Kind.ToString().ToLowerInvariant();
                }
                else body[field.Name] = WrongFor(field.Kind);
                faults = [field.Name];
                break;
            case 3:
                kind = "missing or null";
                if (random.Next(2) == 0) body.Remove(Required(t)); else body[Required(t)] = null;
                faults = [Required(t)];
                break;
            case 4:
                kind = "number out of range";
                field = NumericField(t) ?? field;
                var number = Pick(BadNumbers[field.Kind is Kind.Bool or Kind.Codes ? Kind.Int : field.Kind]);
                body[field.Name] = t.Form ? number : JsonNode.Parse(number);
                faults = [field.Name];
                break;
            case 5:
                kind = "coordinates";
                var lon = t.Fields.FirstOrDefault(f => f.Kind == Kind.Lon);
                var lat = t.Fields.FirstOrDefault(f => f.Kind == Kind.Lat);
                if (lon is null || lat is null) goto case 4;
                var (x, y, wrong) = Pick(BadPlaces);
                body[lon.Name] = t.Form ? x.ToString("R", CultureInfo.InvariantCulture) : x;
                body[lat.Name] = t.Form ? y.ToString("R", CultureInfo.InvariantCulture) : y;
                faults = [wrong == "lon" ? lon.Name : lat.Name];
                break;
            case 6:
                kind = "SQL fragment";
                var code = t.Fields.FirstOrDefault(f => f.Kind is Kind.Code or Kind.Codes) ?? field;
                body[code.Name] = code.Kind == Kind.Codes ? new JsonArray(Pick(SqlFragments)) : Pick(SqlFragments);
                if (t.Fields.FirstOrDefault(f => f.Kind == Kind.Text) is { } free) body[free.Name] = Pick(SqlFragments);
                faults = [code.Name];
                break;
            case 7:
                kind = "overlong string";
                var limited = t.Fields.Where(f => f.MaxLength > 0).ToArray();
                if (limited.Length == 0) goto case 2;
                var f7 = limited[random.Next(limited.Length)];
                // Mostly just over the field's limit, counted in characters (astral ones are one each);
                // sometimes over the 1 MiB body limit, when the body is at fault.
                if (random.Next(20) == 0) return Json(t, "over the body limit", body.Also(b => b[f7.Name] = LongText(1_100_000, 'x')), "body", "1048576");
                var unit = Pick(["x", "网", "é", "😀", "e\u0301"]);
                var repeat = (f7.MaxLength + 1 + random.Next(f7.MaxLength * 3)) / (unit == "e\u0301" ? 2 : 1) + 1;
                body[f7.Name] = string.Concat(Enumerable.Repeat(unit, repeat));
                faults = [f7.Name];
                break;
            case 8:
                kind = "wrong content type";
                return new(t.Name, kind, t.Method, t.Url, Encoding.UTF8.GetBytes(Serialize(t, body)),
                    t.Form ? Pick(["application/json", "text/plain", "application/xml"])
                           : Pick(["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/jsonx", "json", "*/*", ""]),
                    t.User, ["Content-Type", "media type", "form", "body"], []);
            case 9:
                if (t.Form) goto case 1;
                kind = "odd content type";
                // JSON bytes under a charset that is not theirs, or none known: refused, or read and found broken.
                var fault = Pick(FaultyBody(t));
                body = fault.Body;
                return new(t.Name, kind, t.Method, t.Url, Encoding.UTF8.GetBytes(Serialize(t, body)),
                    Pick(["application/json; charset=bogus", "application/json; charset=utf-16", "application/json; charset=\"", "application/json;;;",
                          "application/json; charset=utf-32", "application/json; charset=iso-8859-1", "application/problem+json", "application/geo+json; charset=utf-8"]),
                    t.User, ["Content-Type", "charset", "body", .. fault.Faults], []);
            case 10:
                kind = "odd but storable text, and a second fault";
                var textFields = t.Fields.Where(f => f.Kind == Kind.Text).ToArray();
                if (textFields.Length == 0) goto case 3;
                body[textFields[random.Next(textFields.Length)].Name] = Pick(OddTexts) + (random.Next(3) == 0 ? Pick(OddTexts) : "");
                body.Remove(Required(t));
                faults = [Required(t)];
                break;
            case 11:
                kind = "text that cannot be stored";
                var stringFields = t.Fields.Where(f => f.Kind is Kind.Text or Kind.Code).ToArray();
                if (stringFields.Length == 0) goto case 2;
                var f11 = stringFields[random.Next(stringFields.Length)];
                var (json, form) = Pick(UnstorableTexts);
                // A form decoder turns a broken UTF-8 sequence into U+FFFD, which may be stored: then a second fault.
                var stored = t.Form && form.Contains("%ED");
                if (stored) body.Remove(Required(t) == f11.Name ? t.Fields.First(f => f.Name != f11.Name && f.Kind != Kind.Text).Name : Required(t));
                var placeholder = "\uE0FF";
                body[f11.Name] = "张三" + placeholder;
                var raw = Serialize(t, body).Replace(t.Form ? Uri.EscapeDataString(placeholder) : "\\uE0FF", t.Form ? form : json);
                return new(t.Name, kind, t.Method, t.Url, Encoding.UTF8.GetBytes(raw), t.Form ? FormType : JsonType, t.User,
                    stored ? [.. t.Fields.Select(f => f.Name)] : [f11.Name, "body"], []);
            default:
                kind = "deeply nested";
                if (t.Form) goto case 1;
                var depth = random.Next(65, 5000);
                return Raw(t, kind, "{\"" + field.Name + "\":" + new string('[', depth) + new string(']', depth) + "}", ["body", field.Name]);
        }
        return new(t.Name, kind, t.Method, t.Url, Encoding.UTF8.GetBytes(Serialize(t, body)), t.Form ? FormType : JsonType, t.User, faults, []);
    }

    /// <summary>A JSON body with one fault, for a target that reads JSON.</summary>
    (JsonObject Body, string[] Faults)[] FaultyBody(Target t)
    {
        var missing = t.Valid();
        missing.Remove(Required(t));
        var wrong = t.Valid();
        var field = t.Fields[random.Next(t.Fields.Length)];
        wrong[field.Name] = WrongFor(field.Kind);
        return [(missing, [Required(t)]), (wrong, [field.Name])];
    }

    const string JsonType = "application/json", FormType = "application/x-www-form-urlencoded";

    Payload Raw(Target t, string kind, string text, string[] faults) =>
        new(t.Name, kind, t.Method, t.Url, Encoding.UTF8.GetBytes(text), t.Form ? FormType : JsonType, t.User, faults, []);

    static Payload Json(Target t, string kind, JsonObject body, params string[] faults) =>
        new(t.Name, kind, t.Method, t.Url, Encoding.UTF8.GetBytes(Serialize(t, body)), t.Form ? FormType : JsonType, t.User, faults, []);

    static string Serialize(Target t, JsonObject body) => t.Form
        ? string.Join("&", body.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value?.ToString() ?? "")))
        : body.ToJsonString();

    static string Required(Target t) => t.Fields[0].Name;
    static Field? NumericField(Target t) => t.Fields.FirstOrDefault(f => f.Kind is Kind.Lon or Kind.Lat or Kind.Radius or Kind.Int);

    JsonNode? WrongFor(Kind kind) => kind switch
    {
        Kind.Lon or Kind.Lat or Kind.Radius or Kind.Int => Pick<JsonNode?>(["121.1", true, new JsonArray(121.1, 31.8), new JsonObject { ["x"] = 1 }, "NaN", "", false]),
        Kind.Bool => Pick<JsonNode?>(["true", 1, 0, "yes", new JsonArray(), new JsonObject(), 1.5]),
        Kind.Codes => Pick<JsonNode?>(["urban", 1, new JsonObject { ["code"] = "x" }, new JsonArray(1, 2), new JsonArray(new JsonArray("a"))]),
        _ => Pick<JsonNode?>([12345, true, new JsonArray("a"), new JsonObject { ["a"] = 1 }, 1.5, false, -0.0]),
    };

    Payload QueryPayload()
    {
        var q = Pick(Queries);
        var broken = q.Parameters[random.Next(q.Parameters.Length)];
        var repeated = random.Next(10) == 0;
        var parts = q.Parameters.Where(p => p.Valid is not null || p.Name == broken.Name).Select(p => p.Name == broken.Name
            ? repeated && p.Valid is not null ? $"{p.Name}={Uri.EscapeDataString(p.Valid)}&{p.Name}={Uri.EscapeDataString(Pick(p.Bad))}" : $"{p.Name}={Uri.EscapeDataString(Pick(p.Bad))}"
            : $"{p.Name}={Uri.EscapeDataString(p.Valid!)}");
        return new(q.Name, repeated ? "query parameter given twice" : "query parameter", new HttpMethod(q.Method), $"{q.Path}?{string.Join("&", parts)}",
            null, null, q.User, [broken.Name], []);
    }

    Payload EdgeQuery()
    {
        var (path, parameter, values) = Pick(EdgeQueries);
        var value = Pick(values);
        var escaped = value.Contains("&end_date=") ? string.Join("&end_date=", value.Split("&end_date=").Select(Uri.EscapeDataString)) : Uri.EscapeDataString(value);
        var user = path.StartsWith("/open311/") ? null : Admin;
        return new(parameter, "edge value", HttpMethod.Get, $"{path}{(path.Contains('?') ? '&' : '?')}{parameter}={escaped}", null, null, user,
            [parameter, "end_date"], [], MaySucceed: true);
    }

    Payload PathPayload()
    {
        var (name, method, path, json) = Pick(PathTargets);
        var id = Pick(PathIds);
        var shown = Uri.UnescapeDataString(id);
        // An id with leading zeros is named by its value.
        var value = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : id;
        return new(name, "path id", method, string.Format(CultureInfo.InvariantCulture, path, id), json is null ? null : Encoding.UTF8.GetBytes(json),
            json is null ? null : JsonType, Admin, ["id", shown, id, value], []);
    }

    /// <summary>An area import whose one feature is broken in its geometry or its properties.</summary>
    Payload Import()
    {
        var (kind, geometry) = random.Next(9) switch
        {
            0 => ("self-intersecting polygon", "{\"type\":\"Polygon\",\"coordinates\":[[[121.11,31.86],[121.14,31.89],[121.14,31.86],[121.11,31.89],[121.11,31.86]]]}"),
            1 => ("unclosed ring", "{\"type\":\"Polygon\",\"coordinates\":[[[121.11,31.86],[121.14,31.86],[121.14,31.89],[121.11,31.89]]]}"),
            2 => ("swapped coordinates", "{\"type\":\"Polygon\",\"coordinates\":[[[31.86,121.11],[31.86,121.14],[31.89,121.14],[31.89,121.11],[31.86,121.11]]]}"),
            3 => ("out-of-range coordinates", "{\"type\":\"Polygon\",\"coordinates\":[[[181,31.86],[182,31.86],[182,91],[181,91],[181,31.86]]]}"),
            4 => ("huge numbers", "{\"type\":\"Polygon\",\"coordinates\":[[[1e309,31.86],[121.14,1e400],[121.14,31.89],[1e309,31.86]]]}"),
            5 => ("NaN coordinates", "{\"type\":\"Polygon\",\"coordinates\":[[[\"NaN\",31.86],[121.14,31.86],[121.14,31.89],[\"NaN\",31.86]]]}"),
            6 => ("wrong geometry type", Pick(["{\"type\":\"Point\",\"coordinates\":[121.12,31.87]}", "{\"type\":\"Circle\",\"coordinates\":[]}", "{\"type\":\"Polygon\"}",
                "{\"type\":\"Polygon\",\"coordinates\":[]}", "null", "[]", "{\"type\":\"Polygon\",\"coordinates\":[[[121.11,31.86,5,6,7],[121.14,31.86],[121.14,31.89],[121.11,31.86]]]}"])),
            7 => ("SQL fragment", "{\"type\":\"Polygon\",\"coordinates\":[[[121.11,31.86],[121.14,31.86],[121.14,31.89],[121.11,31.89],[121.11,31.86]]]}"),
            _ => ("broken properties", "{\"type\":\"Polygon\",\"coordinates\":[[[121.11,31.86],[121.12,31.86],[121.12,31.87],[121.11,31.87],[121.11,31.86]]]}"),
        };
        var (properties, faults) = kind switch
        {
            "SQL fragment" => ($"{{\"level\":\"grid\",\"code\":{Quote(Pick(SqlFragments))},\"name\":{Quote(Pick(SqlFragments))}}}", new[] { "code" }),
            "broken properties" => Pick<(string, string[])>([
                ("{\"level\":\"county\",\"code\":\"320614001001009\",\"name\":\"x\"}", ["level"]),
                ("{\"level\":\"grid\",\"code\":\"12\",\"name\":\"x\"}", ["code"]),
                ("{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"  \"}", ["name"]),
                ("{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"x\",\"population\":-5}", ["population"]),
                ("{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"x\",\"layer\":\"mayor\"}", ["layer"]),
                ("{\"level\":7,\"code\":[],\"name\":{}}", ["level", "code", "name"]),
                ("null", ["level", "code", "name", "properties"]),
                ($"{{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"{new string('网', 100_000)}\",\"population\":1e400}}", ["name", "population"]),
                ($"{{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"网格{Pick(UnstorableTexts).Json}\"}}", ["name", "body"]),
                ("{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"x\",\"population\":2147483648}", ["population"]),
                ("{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"x\",\"population\":1.5}", ["population"])]),
            _ => ("{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"新网格\"}", new[] { "geometry", "coordinates", "body" }),
        };
        var text = $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{properties},\"geometry\":{geometry}}}]}}";
        return new("import", kind, HttpMethod.Post, "/api/import/areas", Encoding.UTF8.GetBytes(text), "application/geo+json", Admin, faults, []);
    }

    /// <summary>
    /// A boundary change (<c>POST /api/areas/changes</c>) of grid 6 broken in its geometry, in the
    /// id that names its area, in the tiling it would leave (a gap, an overlap, outside its
    /// community), or as a whole.
    /// </summary>
    Payload AreaChange()
    {
        static string Box(double west, double east) =>
            string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"Polygon\",\"coordinates\":[[[{west},31.85],[{east},31.85],[{east},31.90],[{west},31.90],[{west},31.85]]]}}");
        string[] atGeometry = ["geometry", "coordinates", "body"], atId = ["id"];
        (string Kind, string? Id, string Geometry, string[] Faults) change = random.Next(15) switch
        {
            0 => ("self-intersecting polygon", "6", "{\"type\":\"Polygon\",\"coordinates\":[[[121.10,31.85],[121.15,31.90],[121.15,31.85],[121.10,31.90],[121.10,31.85]]]}", atGeometry),
            1 => ("unclosed ring", "6", "{\"type\":\"Polygon\",\"coordinates\":[[[121.10,31.85],[121.15,31.85],[121.15,31.90],[121.10,31.90]]]}", atGeometry),
            2 => ("swapped coordinates", "6", "{\"type\":\"Polygon\",\"coordinates\":[[[31.85,121.10],[31.85,121.15],[31.90,121.15],[31.90,121.10],[31.85,121.10]]]}", atGeometry),
            3 => ("out-of-range coordinates", "6", "{\"type\":\"Polygon\",\"coordinates\":[[[181,31.85],[182,31.85],[182,91],[181,91],[181,31.85]]]}", atGeometry),
            4 => ("huge numbers", "6", "{\"type\":\"Polygon\",\"coordinates\":[[[1e309,31.85],[121.15,1e400],[121.15,31.90],[1e309,31.85]]]}", atGeometry),
            5 => ("NaN coordinates", "6", "{\"type\":\"Polygon\",\"coordinates\":[[[\"NaN\",31.85],[121.15,31.85],[121.15,31.90],[\"NaN\",31.85]]]}", atGeometry),
            6 => ("wrong geometry type", "6", Pick(["{\"type\":\"Point\",\"coordinates\":[121.12,31.87]}", "{\"type\":\"Circle\",\"coordinates\":[]}", "{\"type\":\"Polygon\"}",
                "{\"type\":\"Polygon\",\"coordinates\":[]}", "null", "[]", "{\"type\":\"LineString\",\"coordinates\":[[121.10,31.85],[121.15,31.90]]}"]), atGeometry),
            // A feature without id (or with "id": null) adds a grid: this one names neither its code nor its name.
            7 => ("no id", null, Box(121.10, 121.15), ["id", "code", "name"]),
            8 => ("bad id", Pick(["\"abc\"", "1.5", "true", "[6]", "{}", "\"6 \"", "99999999999999999999", "\"'; DROP TABLE areas; --\"", "\"\\u0000\""]), Box(121.10, 121.15), atId),
            9 => ("not a grid", Pick(["1", "2", "4"]), Box(121.10, 121.15), atId),
            10 => ("no such area", Pick(["999999", "0", "-1", "9223372036854775807"]), Box(121.10, 121.15), atId),
            11 => ("gap", "6", Box(121.10, 121.14), ["geometry"]),
            12 => ("overlap", "6", Box(121.10, 121.17), ["geometry"]),
            13 => ("outside its community", "6", Box(121.05, 121.15), ["geometry"]),
            _ => ("not a FeatureCollection", null, "", ["body", "features"]),
        };
        var (kind, id, geometry, faults) = change;
        var text = kind == "not a FeatureCollection"
            ? Pick(["{\"type\":\"Feature\",\"id\":6,\"properties\":{},\"geometry\":" + Box(121.10, 121.15) + "}", "{\"type\":\"FeatureCollection\"}",
                    "{\"type\":\"FeatureCollection\",\"features\":[]}", "{\"type\":\"FeatureCollection\",\"features\":{}}", "{\"type\":\"FeatureCollection\",\"features\":[1,2]}",
                    "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", Enumerable.Repeat("{\"type\":\"Feature\",\"id\":6,\"properties\":{},\"geometry\":" + Box(121.10, 121.15) + "}", 501)) + "]}"])
            : $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",{(id is null ? "" : $"\"id\":{id},")}\"properties\":{{}},\"geometry\":{geometry}}}]}}";
        return new("area change", kind, HttpMethod.Post, "/api/areas/changes", Encoding.UTF8.GetBytes(text), JsonType, Admin, faults, []);
    }

    T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
    static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    /// <summary>
    /// A million positions: to the import (refused unread) and as a case report (over the body
    /// limit); and site candidates by the tens of thousands, or not where they could be.
    /// </summary>
    public static IEnumerable<Payload> Huge()
    {
        static string Points(IEnumerable<string> coordinates) =>
            "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", coordinates.Select(c => $"{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":{c}}}}}")) + "]}";
        static Payload Candidates(string kind, string collection) => new("suggest", kind, HttpMethod.Post, "/api/coverage/suggest",
            Encoding.UTF8.GetBytes($"{{\"k\":2,\"radiusM\":300,\"areaId\":6,\"candidates\":{collection}}}"), JsonType, Admin, ["candidates", "body"], []);
        yield return Candidates("20,001 candidates", Points(Enumerable.Range(0, 20_001).Select(i => $"[121.1{i % 1000:D3},31.8{i / 1000:D3}]")));
        yield return Candidates("swapped candidates", Points(["[31.87,121.12]", "[31.88,121.13]"]));
        yield return Candidates("out-of-range candidates", Points(["[181,31.87]", "[121.12,-91]"]));
        yield return Candidates("NaN candidates", Points(["[\"NaN\",31.87]", "[121.12,1e400]"]));
        yield return Candidates("polygon candidate", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[121.11,31.86],[121.14,31.89],[121.14,31.86],[121.11,31.89],[121.11,31.86]]]}}]}");
        yield return Candidates("no candidates", "{\"type\":\"FeatureCollection\",\"features\":[]}");

        var ring = new StringBuilder("[", 26_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            var a = 2 * Math.PI * i / 1_000_000;
            ring.Append(CultureInfo.InvariantCulture, $"[{121.125 + 0.01 * Math.Cos(a):F7},{31.875 + 0.01 * Math.Sin(a):F7}],");
        }
        ring.Append("[121.1350000,31.8750000]]");
        var polygon = $"{{\"type\":\"Polygon\",\"coordinates\":[{ring}]}}";
        var import = $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{\"level\":\"micro_grid\",\"code\":\"320614001001001001\",\"name\":\"巨网格\"}},\"geometry\":{polygon}}}]}}";
        yield return new("import", "million-vertex polygon", HttpMethod.Post, "/api/import/areas", Encoding.UTF8.GetBytes(import), "application/geo+json", Admin,
            ["geometry", "body", "level", "code"], []);
        yield return new("report", "million-vertex polygon", HttpMethod.Post, "/api/cases",
            Encoding.UTF8.GetBytes($"{{\"lon\":121.12,\"lat\":31.87,\"categoryCode\":\"environmental_sanitation\",\"description\":\"x\",\"geometry\":{polygon}}}"),
            JsonType, Admin, ["body"], []);
        yield return new("staff location", "million-vertex polygon", HttpMethod.Put, "/api/staff/2/location", Encoding.UTF8.GetBytes(polygon), JsonType, Admin, ["body"], []);
    }
}

static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
