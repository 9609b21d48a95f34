using GridMap.Core.Text;
using Microsoft.AspNetCore.Mvc;

namespace GridMap.Server.Cases;

/// <summary>
/// What this server lets the public do through Open311 (environment settings, both off unless set
/// to true): read service requests without signing in (generalised, <see cref="Open311Api"/>),
/// and post them without an api_key.
/// </summary>
public sealed record Open311Settings(bool PublicListing, bool AnonymousPosting)
{
    public const string PublicListingSetting = "GRIDMAP_OPEN311_PUBLIC";
    public const string AnonymousPostingSetting = "GRIDMAP_OPEN311_ANONYMOUS_POST";

    public static Open311Settings From(IConfiguration config) => new(Flag(config, PublicListingSetting), Flag(config, AnonymousPostingSetting));

    static bool Flag(IConfiguration config, string name) => config[name]?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        var other => throw new InvalidOperationException($"{name} is '{other}'; set it to true or false."),
    };
}

/// <summary>
/// Open311 GeoReport v2 intake, so existing 311 apps and 12345-style systems work unchanged:
/// categories as services, form-encoded POST with an api_key, JSON for <c>.json</c>, errors as
/// the spec's array of {code, description} with the spec's HTTP status (403 for a missing or
/// wrong api_key, 404 for what does not exist, 400 for the rest). Our statuses map to
/// open/closed, the detail going to status_notes ("已派遣 dispatched").
/// <para>
/// Residents' reports are not public by default: staff who may read cases read those of their
/// area (<see cref="CaseAccess"/>). With <see cref="Open311Settings.PublicListing"/>, anyone
/// reads every case generalised to its area: no description unless the case was marked public
/// (<see cref="Case.Published"/>), and the area's point-on-surface and name instead of the
/// reported point.
/// </para>
/// </summary>
public static class Open311Api
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    const string Root = "/open311/v2";

    public static void MapOpen311(this IEndpointRouteBuilder app)
    {
        // A wrong setting stops the server at start-up rather than at the first request.
        Open311Settings.From(app.ServiceProvider.GetRequiredService<IConfiguration>());
        // No sign-in, as the spec has it: who may read and post is decided here, and answered in the spec's shape.
        var v2 = app.MapGroup(Root).WithTags("open311").AllowAnonymous();
        v2.MapGet("/services.json", Services);
        v2.MapPost("/requests.json", PostRequest).DisableAntiforgery()
            .WithMetadata(new ApiKeys.TakesApiKey()).RequireRateLimiting(RateLimits.Open311);
        v2.MapGet("/requests.json", GetRequests);
        v2.MapGet("/requests/{id}.json", GetRequest);
        // XML, the spec's other format, and anything else under v2: the spec's error shape.
        v2.MapFallback("{**path}", () => Error(404, "Not found: this server answers services.json, requests.json and requests/{id}.json (JSON only)"));
    }

    public sealed record Service(string ServiceCode, string ServiceName, string Description, bool Metadata, string Type, string Keywords, string Group);

    public sealed record RequestCreated(string ServiceRequestId, string? ServiceNotice, string? AccountId);

    public sealed record ServiceRequest(
        string ServiceRequestId, string Status, string StatusNotes, string ServiceName, string ServiceCode, string? Description,
        string? AgencyResponsible, string? ServiceNotice, string RequestedDatetime, string UpdatedDatetime, string? ExpectedDatetime,
        string? Address, string? AddressId, string? Zipcode, double Lat, double Long, string? MediaUrl);

    public sealed record Open311Error(int Code, string Description);

    static JsonHttpResult<Open311Error[]> Error(int status, string description) =>
        TypedResults.Json(new[] { new Open311Error(status, description) }, Json, statusCode: status);

    /// <summary>Whether a request is an Open311 client's: its errors go in the spec's shape, whoever answers it.</summary>
    public static bool IsOpen311(HttpContext http) => http.Request.Path.StartsWithSegments(Root);

    /// <summary>An error in the spec's shape, for answers written outside the endpoints (exception handler, rate limiter).</summary>
    public static Task WriteErrorAsync(HttpContext http, int status, string description) => Error(status, description).ExecuteAsync(http);

    static JsonHttpResult<Service[]> Services(CaseCatalogue catalogue) => TypedResults.Json(
        catalogue.Categories.Select(c => new Service(
            c.Code, c.NameZh,
            $"{c.NameEn}. 派遣时限 dispatched within {c.RegisterLimitMinutes + c.DispatchLimitMinutes} min; 处置时限 handled within {c.HandlingLimitHours} working hours.",
            Metadata: false, Type: "realtime",
            Keywords: string.Join(", ", [c.NameZh, c.NameEn, .. c.Departments.Select(d => catalogue.FindDepartment(d)!.NameZh)]),
            Group: c.Urgency == Urgency.Urgent ? "紧急 urgent" : "一般 normal")).ToArray(), Json);

    /// <summary>
    /// POST Service Request: api_key, service_code, lat, long, description, and the reporter as
    /// first_name, last_name, email, phone. Locations come only as lat/long (address_string and
    /// address_id are not geocoded here). jurisdiction_id is accepted and not checked (one
    /// jurisdiction). Without an api_key only when <see cref="Open311Settings.AnonymousPosting"/>.
    /// </summary>
    /// <summary>The fields of a POST that are stored as text, each checked under its own name.</summary>
    static readonly string[] TextFields = ["service_code", "description", "first_name", "last_name", "email", "phone", "media_url"];

    static async Task<Results<JsonHttpResult<RequestCreated[]>, JsonHttpResult<Open311Error[]>>> PostRequest(
        HttpRequest http, CaseIntake intake, IConfiguration config, CancellationToken ct)
    {
        if (!http.HasFormContentType) return Error(400, "Send the request as application/x-www-form-urlencoded (or multipart/form-data) parameters.");
        // First: a form that does not decode holds no key either, and the client must hear why.
        var form = await http.ReadFormAsync(ct);
        var key = ApiKeys.Of(http.HttpContext);
        if (key.Invalid) return Error(403, "Invalid api_key received: it is not a key this server issued, or it was revoked.");
        if (key.Missing && !Open311Settings.From(config).AnonymousPosting)
            return Error(403, "api_key was not provided: this server accepts service requests only with a key its administrator issued.");
        string? Field(string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;
        foreach (var name in TextFields)
            if (StorableText.Problem(name, Field(name)) is { } bad) return Error(400, $"{name}: {bad}");

        if (Field("service_code") is not { } code) return Error(400, "service_code was not provided.");
        var hasLatLong = Field("lat") is not null || Field("long") is not null;
        if (!hasLatLong)
            return Error(400, Field("address_string") is not null || Field("address_id") is not null
                ? "lat and long are required: this server does not geocode address_string or address_id."
                : "A location is required: provide lat and long.");
        var report = new CaseReport(Number(Field("long")), Number(Field("lat")), code, Field("description"), Reporter(Field), MediaUrl: Field("media_url"));
        var errors = intake.Check(report);
        if (errors.Count > 0)
        {
            var (field, reasons) = errors.First();
            var name = field switch { "categoryCode" => "service_code", "lon" => "long", "mediaUrl" => "media_url", _ => field };
            // The spec: a service_code that was given but is none of ours is not found.
            return Error(field == "categoryCode" ? 404 : 400, $"{name}: {reasons[0]}".Replace("GET /api/case-categories", "GET services.json"));
        }
        if (await intake.FileAsync(report, "open311", ct) is not { } c)
            return Error(400, $"The location {report.Lat}, {report.Lon} lies outside the area this server serves.");
        var notice = $"已受理，将于 {c.GetProperty("dispatchDue").GetString()} 前派遣。Accepted; to be dispatched by then.";
        return TypedResults.Json(new[] { new RequestCreated(c.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), notice, null) }, Json);
    }

    /// <summary>The person reporting, as one line for the case (it is personal information: shown only to staff).</summary>
    static string? Reporter(Func<string, string?> field)
    {
        var name = string.Join(" ", new[] { field("first_name"), field("last_name") }.Where(s => s is not null));
        var line = string.Join(", ", new[] { name, field("email"), field("phone") }.Where(s => !string.IsNullOrEmpty(s)));
        return line.Length == 0 ? null : StorableText.Cut(line, CaseIntake.MaxReporter);
    }

    static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;

    /// <summary>
    /// Who reads: staff who may read cases see those of their area as they are; with public
    /// listing on, everyone sees the others generalised. The parameters for <see cref="RequestColumns"/>,
    /// or the refusal when neither applies.
    /// </summary>
    static ((string, object?)[] Parameters, JsonHttpResult<Open311Error[]>? Refused) Reader(Caller? caller, IConfiguration config)
    {
        var staff = caller is not null && Access.May(caller.Role, Access.ReadCases);
        var listing = Open311Settings.From(config).PublicListing;
        if (!staff && !listing)
            return ([], Error(403, caller is null
                ? "Sign in as staff to read service requests: this server does not list them publicly."
                : "Your role does not read service requests, and this server does not list them publicly."));
        (string, object?)[] access = staff ? CaseAccess.Parameters(caller!) : [("scope", null), ("assignedTo", null), ("reportedBy", null), ("summoned", null)];
        return ([("staff", staff), ("publicListing", listing), .. access], null);
    }

    /// <summary>
    /// A service request as the reader may see it (<see cref="Reader"/>'s parameters), read from
    /// the case's snapshot: in the reader's area the description and the reported point; elsewhere
    /// the description only when the case was marked public, and the point-on-surface of the
    /// case's smallest area. Cases outside the reader's area are left out unless the listing is public.
    /// </summary>
    static readonly string RequestColumns = $"""
        SELECT c.id, c.status, c.finished, c.category_code, CASE WHEN v.in_scope OR c.published THEN c.description END,
               c.snapshot->>'reportedAt', c.snapshot->>'updatedAt', c.snapshot->>'deadline', ST_Y(p.shown), ST_X(p.shown),
               concat_ws(', ', g.name, cm.name, st.name, d.name) AS address,
               -- media_url: the link the client posted, else the case's first photo (its /api/media/ link, for those who see the case)
               CASE WHEN v.in_scope THEN coalesce(c.media_url, (SELECT '/api/media/' || m.id FROM case_media m WHERE m.case_id = c.id ORDER BY m.id LIMIT 1))
                    WHEN c.published THEN c.media_url END
        FROM case_snapshots c
        LEFT JOIN areas g ON g.id = c.grid_id LEFT JOIN areas cm ON cm.id = c.community_id
        LEFT JOIN areas st ON st.id = c.street_id LEFT JOIN areas d ON d.id = c.district_id
        CROSS JOIN LATERAL (SELECT @staff::boolean AND {CaseAccess.Filter("c.")} AS in_scope) v
        CROSS JOIN LATERAL (SELECT CASE WHEN v.in_scope THEN c.location
                                        ELSE ST_PointOnSurface(coalesce(g.boundary, cm.boundary, st.boundary, d.boundary)) END AS shown) p
        WHERE (v.in_scope OR @publicListing::boolean)
        """;

    /// <summary>GET Service Request. A case the reader may not see is not found, as one that does not exist.</summary>
    static async Task<Results<JsonHttpResult<ServiceRequest[]>, JsonHttpResult<Open311Error[]>>> GetRequest(
        string id, Caller? caller, IConfiguration config, NpgsqlDataSource db, CaseCatalogue catalogue, CancellationToken ct)
    {
        var (reader, refused) = Reader(caller, config);
        if (refused is not null) return refused;
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var caseId))
            return Error(404, $"service_request_id {id} was not found.");
        var found = await Query(db, catalogue, $"{RequestColumns} AND c.id = @id", [.. reader, ("id", caseId)], ct);
        return found.Length == 0 ? Error(404, $"service_request_id {id} was not found.") : TypedResults.Json(found, Json);
    }

    /// <summary>
    /// GET Service Requests: service_request_id (comma-separated; overrides the rest), service_code,
    /// start_date, end_date (a requested_datetime range, at most 90 days, by default the last 90),
    /// status (open, closed, comma-separated). Newest first, at most 1000.
    /// </summary>
    static async Task<Results<JsonHttpResult<ServiceRequest[]>, JsonHttpResult<Open311Error[]>>> GetRequests(
        Caller? caller, IConfiguration config, NpgsqlDataSource db, CaseCatalogue catalogue, TimeProvider time,
        [FromQuery(Name = "service_request_id")] string? requestIds, [FromQuery(Name = "service_code")] string? serviceCodes,
        [FromQuery(Name = "start_date")] string? startDate, [FromQuery(Name = "end_date")] string? endDate, string? status, CancellationToken ct)
    {
        var (reader, refused) = Reader(caller, config);
        if (refused is not null) return refused;
        if (requestIds is not null)
        {
            var ids = new List<long>();
            foreach (var part in requestIds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) ids.Add(n);
                else return Error(400, $"service_request_id '{part}' is not a request id.");
            return TypedResults.Json(await Query(db, catalogue, $"{RequestColumns} AND c.id = ANY (@ids) ORDER BY c.id LIMIT 1000", [.. reader, ("ids", ids.ToArray())], ct), Json);
        }
        if (!Date(endDate, out var end) || !Date(startDate, out var start))
            return Error(400, "start_date and end_date must be ISO 8601 date-times with a time zone, e.g. 2026-03-06T08:30:00+08:00.");
        end ??= time.GetUtcNow();
        start ??= end.Value.AddDays(-90);
        if (end.Value - start.Value > TimeSpan.FromDays(90)) return Error(400, "start_date and end_date may not span more than 90 days.");
        var codes = serviceCodes?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var states = status?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (states?.FirstOrDefault(s => s is not ("open" or "closed")) is { } bad) return Error(400, $"status '{bad}' is neither open nor closed.");
        bool? closed = states is null || states.Distinct().Count() == 2 ? null : states[0] == "closed";
        return TypedResults.Json(await Query(db, catalogue, $"""
            {RequestColumns}
              AND c.reported_at >= @start AND c.reported_at <= @end AND (@codes::text[] IS NULL OR c.category_code = ANY (@codes))
              AND (@closed::boolean IS NULL OR c.finished = @closed)
            ORDER BY c.reported_at DESC, c.id DESC LIMIT 1000
            """, [.. reader, ("start", start.Value.ToUniversalTime()), ("end", end.Value.ToUniversalTime()), ("codes", codes), ("closed", closed)], ct), Json);
    }

    static bool Date(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return false;
        value = t;
        return true;
    }

    static async Task<ServiceRequest[]> Query(NpgsqlDataSource db, CaseCatalogue catalogue, string sql, (string, object?)[] parameters, CancellationToken ct)
    {
        var found = new List<ServiceRequest>();
        await using var cmd = db.Command(sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            CaseCodes.TryParse(r.GetString(1), out CaseStatus status);
            var category = catalogue.FindCategory(r.GetString(3));
            found.Add(new ServiceRequest(
                r.GetInt64(0).ToString(CultureInfo.InvariantCulture),
                r.GetBoolean(2) ? "closed" : "open",
                $"{CaseStatusNames.Of(status).Zh} {status.Code()}",
                category?.NameZh ?? r.GetString(3), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                AgencyResponsible: null, ServiceNotice: null,
                r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                r.GetString(10) is { Length: > 0 } address ? address : null, AddressId: null, Zipcode: null,
                r.GetDouble(8), r.GetDouble(9), MediaUrl: r.IsDBNull(11) ? null : r.GetString(11)));
        }
        return [.. found];
    }
}
