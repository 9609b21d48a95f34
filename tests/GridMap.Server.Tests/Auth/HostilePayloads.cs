using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GridMap.Tests.Auth;

/// <summary>One request the fuzz test sends, and what kind of hostility it carries.</summary>
public sealed record Payload(string Target, string Kind, HttpMethod Method, string Url, byte[] Body, string ContentType, string? User)
{
    public HttpRequestMessage Message()
    {
        var content = new ByteArrayContent(Body);
        content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        return new(Method, Url) { Content = content };
    }
}

/// <summary>
/// Generates malformed and hostile requests for every write endpoint from one seed: broken
/// JSON, wrong types, huge numbers, NaN, swapped or out-of-range coordinates, self-intersecting
/// and million-vertex polygons, SQL fragments, overlong strings, wrong content types. Each one
/// is built to be refused: it starts from a valid request and breaks at least one thing the
/// server must check (an SQL fragment in free text always comes with a second fault, since
/// free text may hold anything).
/// </summary>
public sealed class HostilePayloads(int seed)
{
    enum Kind { Lon, Lat, Radius, Text, Code, Int, Bool, Codes }
    sealed record Field(string Name, Kind Kind, int MaxLength = 0);
    sealed record Target(string Name, HttpMethod Method, string Url, Func<JsonObject> Valid, Field[] Fields, bool Form = false, string? User = "admin");

    readonly Random random = new(seed);

    static readonly Target[] Targets =
    [
        new("login", HttpMethod.Post, "/api/auth/login", () => new() { ["username"] = "admin", ["password"] = "not-the-password" },
            [new("username", Kind.Code, 64), new("password", Kind.Text, 256)], User: null),
        new("report", HttpMethod.Post, "/api/cases", () => new()
            { ["lon"] = 121.12, ["lat"] = 31.87, ["categoryCode"] = "environmental_sanitation", ["description"] = "楼道堆放杂物", ["reporter"] = "张三" },
            [new("lon", Kind.Lon), new("lat", Kind.Lat), new("categoryCode", Kind.Code), new("description", Kind.Text, 2000), new("reporter", Kind.Text, 200)]),
        new("report as reporter", HttpMethod.Post, "/api/cases", () => new()
            { ["lon"] = 121.12, ["lat"] = 31.87, ["categoryCode"] = "environmental_sanitation", ["description"] = "路灯不亮" },
            [new("lon", Kind.Lon), new("lat", Kind.Lat), new("categoryCode", Kind.Code), new("description", Kind.Text, 2000)], User: "reporter"),
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
    ];

    static readonly string[] SqlFragments =
    [
        "'; DROP TABLE cases; --", "' OR '1'='1", "1; DELETE FROM users", "admin'--", "\" OR \"\"=\"", "'); INSERT INTO users VALUES (1); --",
        "$1", "$$ LANGUAGE plpgsql", "1 UNION SELECT password_hash FROM users", "\\x00", "%00", "pg_sleep(10)", "'||pg_sleep(5)||'",
    ];

    static readonly string[] BrokenJson =
    [
        "", " ", "{", "}", "[", "{\"lon\":}", "{\"lon\":121.1,}", "{'lon':121.1}", "{lon:121.1}", "{\"lon\":NaN}", "{\"lon\":Infinity}",
        "{\"lon\":-Infinity}", "{\"a\":1 /* comment */}", "{\"a\":\"\u0001\"}", "{\"a\":1}{\"b\":2}", "{\"a\"::1}", "nul", "tru", "\"unterminated",
        "{\"lon\":0x1F}", "{\"lon\":01}", "{\"lon\":1.}", "{\"lon\":.5}", "{\"lon\":+1}", "{\"lon\":1e}", "\uFEFF{", "{\"description\":\"\\uD800\"}",
        "{\"description\":\"\\u12\"}", "{\"a\":[1,2,]}", "{\"a\" 1}",
    ];

    static readonly JsonNode?[] WrongTypes = ["text", 12345, true, false, new JsonArray(1, 2), new JsonObject { ["a"] = 1 }, 1.5];

    public IReadOnlyList<Payload> Generate(int count)
    {
        var payloads = new List<Payload>(count + 16);
        // The heavy ones first, then the rest drawn at random (imports fewer: they run one at a time).
        payloads.AddRange(MillionVertexPolygons());
        while (payloads.Count < count)
        {
            var roll = random.Next(100);
            payloads.Add(roll < 6 ? Import() : Mutated(Targets[random.Next(Targets.Length)]));
        }
        return payloads;
    }

    Payload Mutated(Target t)
    {
        var body = t.Valid();
        var field = t.Fields[random.Next(t.Fields.Length)];
        string kind;
        switch (random.Next(10))
        {
            case 0: // cut short: a JSON root object never closed; a form before its description
                var text = Serialize(t, body);
                var end = t.Form ? text.IndexOf("&description", StringComparison.Ordinal) : text.Length - 1;
                return Raw(t, "truncated", text[..random.Next(0, end)]);
            case 1:
                return t.Form ? Raw(t, "broken form", Pick(["a=%ZZ", "%", "=&=&", "service_code", "lat=1&lat=2&long=%E4", "\u0000=\u0000"]))
                              : Raw(t, "broken JSON", Pick(BrokenJson));
            case 2:
                kind = "wrong type";
                body[field.Name] = WrongFor(field.Kind);
                // A form's free text takes any text, so it cannot carry a wrong type.
                if (t.Form) body[(field.Kind == Kind.Text ? t.Fields[0] : field).Name] = "not-a-" + field.Kind.ToString().ToLowerInvariant();
                break;
            case 3:
                kind = "missing or null";
                if (random.Next(2) == 0) body.Remove(Required(t).Name); else body[Required(t).Name] = null;
                break;
            case 4:
                kind = "huge or NaN number";
                field = NumericField(t) ?? field;
                body[field.Name] = t.Form ? Pick(["NaN", "Infinity", "1e309", "-1e309", "1e300", "99999999999999999999"]) : HugeFor(field.Kind);
                break;
            case 5:
                kind = "coordinates";
                if (!Coordinates(t, body)) goto case 4;
                break;
            case 6:
                kind = "SQL fragment";
                var code = t.Fields.FirstOrDefault(f => f.Kind is Kind.Code or Kind.Codes) ?? field;
                body[code.Name] = code.Kind == Kind.Codes ? new JsonArray(Pick(SqlFragments)) : Pick(SqlFragments);
                if (t.Fields.FirstOrDefault(f => f.Kind == Kind.Text) is { } free) body[free.Name] = Pick(SqlFragments);
                break;
            case 7:
                kind = "overlong string";
                var limited = t.Fields.Where(f => f.MaxLength > 0).ToArray();
                if (limited.Length == 0) goto case 2;
                var f7 = limited[random.Next(limited.Length)];
                // Mostly just over the field's limit; sometimes over the 1 MiB body limit.
                var length = random.Next(20) == 0 ? 1_100_000 : f7.MaxLength + 1 + random.Next(f7.MaxLength * 4);
                body[f7.Name] = new string(Pick(['x', '网', 'é']), length).Trim() is { Length: > 0 } s && s.Length > f7.MaxLength ? s : new string('x', f7.MaxLength + 1);
                break;
            case 8:
                return new(t.Name, "wrong content type", t.Method, t.Url, Encoding.UTF8.GetBytes(Serialize(t, body)),
                    t.Form ? "application/json" : Pick(["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x"]), t.User);
            default:
                kind = "deeply nested";
                if (t.Form) goto case 1;
                var depth = random.Next(65, 5000);
                return Raw(t, kind, "{\"" + field.Name + "\":" + new string('[', depth) + new string(']', depth) + "}");
        }
        return new(t.Name, kind, t.Method, t.Url, Encoding.UTF8.GetBytes(Serialize(t, body)), t.Form ? FormType : JsonType, t.User);
    }

    const string JsonType = "application/json", FormType = "application/x-www-form-urlencoded";

    Payload Raw(Target t, string kind, string text) =>
        new(t.Name, kind, t.Method, t.Url, Encoding.UTF8.GetBytes(text), t.Form ? FormType : JsonType, t.User);

    static string Serialize(Target t, JsonObject body) => t.Form
        ? string.Join("&", body.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value?.ToString() ?? "")))
        : body.ToJsonString();

    static Field Required(Target t) => t.Fields[0];
    static Field? NumericField(Target t) => t.Fields.FirstOrDefault(f => f.Kind is Kind.Lon or Kind.Lat or Kind.Radius or Kind.Int);

    JsonNode? WrongFor(Kind kind) => kind switch
    {
        Kind.Lon or Kind.Lat or Kind.Radius or Kind.Int => Pick<JsonNode?>(["121.1", true, new JsonArray(121.1, 31.8), new JsonObject { ["x"] = 1 }, "NaN"]),
        Kind.Bool => Pick<JsonNode?>(["true", 1, 0, "yes", new JsonArray()]),
        Kind.Codes => Pick<JsonNode?>(["urban", 1, new JsonObject { ["code"] = "x" }, new JsonArray(1, 2)]),
        _ => Pick<JsonNode?>([12345, true, new JsonArray("a"), new JsonObject { ["a"] = 1 }, 1.5]),
    };

    /// <summary>A number the field must refuse; kept as raw JSON so that 1e309 stays 1e309.</summary>
    JsonNode HugeFor(Kind kind) => JsonNode.Parse(kind switch
    {
        Kind.Lon => Pick(["1e309", "-1e309", "1e300", "181", "-180.0001", "360", "-1.7976931348623157e308"]),
        Kind.Lat => Pick(["1e309", "91", "-90.0001", "1e300", "121.12", "-1e308"]),
        Kind.Int => Pick(["1e20", "9223372036854775808", "-9223372036854775809", "1.5", "2147483648", "-1e309"]),
        Kind.Radius => Pick(["0", "-1", "20000.5", "1e309", "-1e309", "1e300", "-0"]),
        _ => Pick(["1e309", "99999999999999999999999999999"]),
    })!;

    /// <summary>Swapped (lat for lon) or out of range; false when the target has no coordinates.</summary>
    bool Coordinates(Target t, JsonObject body)
    {
        var lon = t.Fields.FirstOrDefault(f => f.Kind == Kind.Lon);
        var lat = t.Fields.FirstOrDefault(f => f.Kind == Kind.Lat);
        if (lon is null || lat is null) return false;
        var (x, y) = Pick([(31.87, 121.12), (121.12, 95.0), (200.0, 31.87), (-181.0, 0.0), (121.12, -90.5), (31.87, 181.0)]);
        body[lon.Name] = t.Form ? x.ToString(CultureInfo.InvariantCulture) : x;
        body[lat.Name] = t.Form ? y.ToString(CultureInfo.InvariantCulture) : y;
        return true;
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
            6 => ("wrong geometry type", Pick(["{\"type\":\"Point\",\"coordinates\":[121.12,31.87]}", "{\"type\":\"Circle\",\"coordinates\":[]}", "{\"type\":\"Polygon\"}", "{\"type\":\"Polygon\",\"coordinates\":[]}", "null", "[]"])),
            7 => ("SQL fragment", "{\"type\":\"Polygon\",\"coordinates\":[[[121.11,31.86],[121.14,31.86],[121.14,31.89],[121.11,31.89],[121.11,31.86]]]}"),
            _ => ("broken properties", "{\"type\":\"Polygon\",\"coordinates\":[[[121.11,31.86],[121.12,31.86],[121.12,31.87],[121.11,31.87],[121.11,31.86]]]}"),
        };
        var properties = kind switch
        {
            "SQL fragment" => $"{{\"level\":\"grid\",\"code\":{Quote(Pick(SqlFragments))},\"name\":{Quote(Pick(SqlFragments))}}}",
            "broken properties" => Pick([
                "{\"level\":\"county\",\"code\":\"320614001001009\",\"name\":\"x\"}", "{\"level\":\"grid\",\"code\":\"12\",\"name\":\"x\"}",
                "{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"  \"}", "{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"x\",\"population\":-5}",
                "{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"x\",\"layer\":\"mayor\"}", "{\"level\":7,\"code\":[],\"name\":{}}", "null",
                $"{{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"{new string('网', 100_000)}\",\"population\":1e400}}"]),
            _ => "{\"level\":\"grid\",\"code\":\"320614001001009\",\"name\":\"新网格\"}",
        };
        var text = $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{properties},\"geometry\":{geometry}}}]}}";
        return new("import", kind, HttpMethod.Post, "/api/import/areas", Encoding.UTF8.GetBytes(text), "application/geo+json", "admin");
    }

    /// <summary>
    /// A million positions: to the import (refused unread) and as a case report (over the body
    /// limit); and site candidates by the tens of thousands, or not where they could be.
    /// </summary>
    IEnumerable<Payload> MillionVertexPolygons()
    {
        static string Points(IEnumerable<string> coordinates) =>
            "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", coordinates.Select(c => $"{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":{c}}}}}")) + "]}";
        Payload Candidates(string kind, string collection) => new("suggest", kind, HttpMethod.Post, "/api/coverage/suggest",
            Encoding.UTF8.GetBytes($"{{\"k\":2,\"radiusM\":300,\"areaId\":6,\"candidates\":{collection}}}"), JsonType, "admin");
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
        yield return new("import", "million-vertex polygon", HttpMethod.Post, "/api/import/areas", Encoding.UTF8.GetBytes(import), "application/geo+json", "admin");
        yield return new("report", "million-vertex polygon", HttpMethod.Post, "/api/cases", Encoding.UTF8.GetBytes($"{{\"lon\":121.12,\"lat\":31.87,\"categoryCode\":\"environmental_sanitation\",\"description\":\"x\",\"geometry\":{polygon}}}"), JsonType, "admin");
        yield return new("staff location", "million-vertex polygon", HttpMethod.Put, "/api/staff/2/location", Encoding.UTF8.GetBytes(polygon), JsonType, "admin");
    }

    T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
    static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
