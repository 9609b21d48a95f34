using System.Globalization;
using System.Text.Json;
using GridMap.Core.Cases;
using GridMap.Server.Auth;
using GridMap.Server.Data;
using GridMap.Server.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GridMap.Server.Cases;

/// <summary>
/// Open311 GeoReport v2 intake, so existing 311 apps and 12345-style systems work unchanged:
/// categories as services, form-encoded POST, JSON for <c>.json</c>, errors as the spec's array
/// of {code, description} with the spec's HTTP status. Our statuses map to open/closed, the
/// detail going to status_notes ("已派遣 dispatched").
/// </summary>
public static class Open311Api
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void MapOpen311(this IEndpointRouteBuilder app)
    {
        // Public, as the spec has it: 311 apps send no sign-in. Reports are limited per client.
        var v2 = app.MapGroup("/open311/v2").WithTags("open311").AllowAnonymous();
        v2.MapGet("/services.json", Services);
        v2.MapPost("/requests.json", PostRequest).DisableAntiforgery().RequireRateLimiting(RateLimits.Intake);
        v2.MapGet("/requests.json", GetRequests);
        v2.MapGet("/requests/{id}.json", GetRequest);
        // XML, the spec's other format, and anything else under v2: the spec's error shape.
        v2.MapFallback("{**path}", () => Error(404, "Not found: this server answers services.json, requests.json and requests/{id}.json (JSON only)"));
    }

    public sealed record Service(string ServiceCode, string ServiceName, string Description, bool Metadata, string Type, string Keywords, string Group);

    public sealed record RequestCreated(string ServiceRequestId, string? ServiceNotice, string? AccountId);

    public sealed record ServiceRequest(
        string ServiceRequestId, string Status, string StatusNotes, string ServiceName, string ServiceCode, string Description,
        string? AgencyResponsible, string? ServiceNotice, string RequestedDatetime, string UpdatedDatetime, string? ExpectedDatetime,
        string? Address, string? AddressId, string? Zipcode, double Lat, double Long, string? MediaUrl);

    public sealed record Open311Error(int Code, string Description);

    static JsonHttpResult<Open311Error[]> Error(int status, string description) =>
        TypedResults.Json(new[] { new Open311Error(status, description) }, Json, statusCode: status);

    static JsonHttpResult<Service[]> Services(CaseCatalogue catalogue) => TypedResults.Json(
        catalogue.Categories.Select(c => new Service(
            c.Code, c.NameZh,
            $"{c.NameEn}. 派遣时限 dispatched within {c.RegisterLimitMinutes + c.DispatchLimitMinutes} min; 处置时限 handled within {c.HandlingLimitHours} working hours.",
            Metadata: false, Type: "realtime",
            Keywords: string.Join(", ", [c.NameZh, c.NameEn, .. c.Departments.Select(d => catalogue.FindDepartment(d)!.NameZh)]),
            Group: c.Urgency == Urgency.Urgent ? "紧急 urgent" : "一般 normal")).ToArray(), Json);

    /// <summary>
    /// POST Service Request: service_code, lat, long, description, and the reporter as
    /// first_name, last_name, email, phone. Locations come only as lat/long (address_string and
    /// address_id are not geocoded here). jurisdiction_id and api_key are accepted and not checked.
    /// </summary>
    /// <summary>The fields of a POST that are stored as text, each checked under its own name.</summary>
    static readonly string[] TextFields = ["service_code", "description", "first_name", "last_name", "email", "phone"];

    static async Task<Results<JsonHttpResult<RequestCreated[]>, JsonHttpResult<Open311Error[]>>> PostRequest(
        HttpRequest http, CaseIntake intake, CancellationToken ct)
    {
        if (!http.HasFormContentType) return Error(400, "Send the request as application/x-www-form-urlencoded (or multipart/form-data) parameters.");
        var form = await http.ReadFormAsync(ct);
        string? Field(string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;
        foreach (var name in TextFields)
            if (TextInput.Problem(name, Field(name)) is { } bad) return Error(400, $"{name}: {bad}");

        if (Field("service_code") is not { } code) return Error(400, "service_code was not provided.");
        var hasLatLong = Field("lat") is not null || Field("long") is not null;
        if (!hasLatLong)
            return Error(400, Field("address_string") is not null || Field("address_id") is not null
                ? "lat and long are required: this server does not geocode address_string or address_id."
                : "A location is required: provide lat and long.");
        var report = new CaseReport(Number(Field("long")), Number(Field("lat")), code, Field("description"), Reporter(Field));
        var errors = intake.Check(report);
        if (errors.Count > 0)
        {
            var (field, reasons) = errors.First();
            var name = field switch { "categoryCode" => "service_code", "lon" => "long", _ => field };
            return Error(400, $"{name}: {reasons[0]}".Replace("GET /api/case-categories", "GET services.json"));
        }
        if (await intake.FileAsync(report, "open311", ct) is not { } c)
            return Error(400, $"The location {report.Lat}, {report.Lon} lies outside the area this server serves.");
        var notice = $"已受理，将于 {Iso(c.DispatchDue!.Value)} 前派遣。Accepted; to be dispatched by then.";
        return TypedResults.Json(new[] { new RequestCreated(c.Id.ToString(CultureInfo.InvariantCulture), notice, null) }, Json);
    }

    /// <summary>The person reporting, as one line for the case (it is personal information: shown only to staff).</summary>
    static string? Reporter(Func<string, string?> field)
    {
        var name = string.Join(" ", new[] { field("first_name"), field("last_name") }.Where(s => s is not null));
        var line = string.Join(", ", new[] { name, field("email"), field("phone") }.Where(s => !string.IsNullOrEmpty(s)));
        return line.Length == 0 ? null : line[..Math.Min(line.Length, CaseIntake.MaxReporter)];
    }

    static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;

    const string RequestColumns = """
        SELECT c.id, c.status, c.category_code, c.description, c.reported_at, c.updated_at, coalesce(c.handling_due, c.dispatch_due),
               ST_Y(c.location), ST_X(c.location),
               concat_ws(', ', g.name, cm.name, st.name, d.name) AS address
        FROM cases c
        LEFT JOIN areas g ON g.id = c.grid_id LEFT JOIN areas cm ON cm.id = c.community_id
        LEFT JOIN areas st ON st.id = c.street_id LEFT JOIN areas d ON d.id = c.district_id
        """;

    static async Task<Results<JsonHttpResult<ServiceRequest[]>, JsonHttpResult<Open311Error[]>>> GetRequest(
        string id, NpgsqlDataSource db, CaseCatalogue catalogue, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var caseId))
            return Error(404, $"service_request_id {id} was not found.");
        var found = await Query(db, catalogue, $"{RequestColumns} WHERE c.id = $1", [caseId], ct);
        return found.Length == 0 ? Error(404, $"service_request_id {id} was not found.") : TypedResults.Json(found, Json);
    }

    /// <summary>
    /// GET Service Requests: service_request_id (comma-separated; overrides the rest), service_code,
    /// start_date, end_date (a requested_datetime range, at most 90 days, by default the last 90),
    /// status (open, closed, comma-separated). Newest first, at most 1000.
    /// </summary>
    static async Task<Results<JsonHttpResult<ServiceRequest[]>, JsonHttpResult<Open311Error[]>>> GetRequests(
        NpgsqlDataSource db, CaseCatalogue catalogue, TimeProvider time,
        [FromQuery(Name = "service_request_id")] string? requestIds, [FromQuery(Name = "service_code")] string? serviceCodes,
        [FromQuery(Name = "start_date")] string? startDate, [FromQuery(Name = "end_date")] string? endDate, string? status, CancellationToken ct)
    {
        if (requestIds is not null)
        {
            var ids = new List<long>();
            foreach (var part in requestIds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) ids.Add(n);
                else return Error(400, $"service_request_id '{part}' is not a request id.");
            return TypedResults.Json(await Query(db, catalogue, $"{RequestColumns} WHERE c.id = ANY ($1) ORDER BY c.id", [ids.ToArray()], ct), Json);
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
            WHERE c.reported_at >= $1 AND c.reported_at <= $2 AND ($3::text[] IS NULL OR c.category_code = ANY ($3))
              AND ($4::boolean IS NULL OR (c.status IN ('closed', 'voided')) = $4)
            ORDER BY c.reported_at DESC, c.id DESC LIMIT 1000
            """, [start.Value.ToUniversalTime(), end.Value.ToUniversalTime(), codes, closed], ct), Json);
    }

    static bool Date(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return false;
        value = t;
        return true;
    }

    static async Task<ServiceRequest[]> Query(NpgsqlDataSource db, CaseCatalogue catalogue, string sql, object?[] parameters, CancellationToken ct)
    {
        var found = new List<ServiceRequest>();
        await using var cmd = db.Command(sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            CaseCodes.TryParse(r.GetString(1), out CaseStatus status);
            var category = catalogue.FindCategory(r.GetString(2));
            found.Add(new ServiceRequest(
                r.GetInt64(0).ToString(CultureInfo.InvariantCulture),
                CaseWorkflow.IsTerminal(status) ? "closed" : "open",
                $"{StatusNames.Zh(status)} {status.Code()}",
                category?.NameZh ?? r.GetString(2), r.GetString(2), r.GetString(3),
                AgencyResponsible: null, ServiceNotice: null,
                Iso(r.GetFieldValue<DateTimeOffset>(4)), Iso(r.GetFieldValue<DateTimeOffset>(5)),
                r.IsDBNull(6) ? null : Iso(r.GetFieldValue<DateTimeOffset>(6)),
                r.GetString(9) is { Length: > 0 } address ? address : null, AddressId: null, Zipcode: null,
                r.GetDouble(7), r.GetDouble(8), MediaUrl: null));
        }
        return [.. found];
    }

    /// <summary>ISO 8601 with the offset, as the spec requires, in China Standard Time.</summary>
    static string Iso(DateTimeOffset t) =>
        t.ToOffset(WorkingClock.ChinaStandardTime).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
