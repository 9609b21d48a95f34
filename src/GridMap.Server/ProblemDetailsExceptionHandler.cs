using GridMap.Server.Cases;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GridMap.Server;

/// <summary>
/// The one place where exceptions become RFC 7807 answers: malformed requests → 400 (or the
/// status Kestrel or the body limit chose, e.g. 413), domain rule violations → their status with
/// what a client needs to recover (a forbidden move names the current status and the allowed
/// actions, a stale version the current one); the database out of reach → 503 with
/// <c>Retry-After</c> (<see cref="DatabaseOutage"/>); anything else → 500 without internals.
/// </summary>
sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => Malformed(json),
            BadHttpRequestException { StatusCode: 415 } e => Problem(415, "Unsupported media type", e.Message, ("errors", Errors("Content-Type", e.Message))),
            BadHttpRequestException e => Problem(e.StatusCode, e.StatusCode == 413 ? "Request body too large" : "Bad request", e.Message),
            JsonException e => Malformed(e),
            // A form that does not decode (U+0000 in it, for one).
            InvalidDataException e => Problem(400, "Malformed form", e.Message, ("errors", Errors("body", e.Message))),
            GeoJsonException e => Problem(400, "Malformed GeoJSON", e.Message),
            CaseNotFoundException e => Problem(404, "No such case", e.Message),
            InvalidTransitionException e => Problem(409, "Move not allowed", e.Message,
                ("currentStatus", e.Current.Code()), ("action", e.Action.Code()), ("actorRole", e.Actor.Code()),
                ("allowedActions", e.AllowedActions.Select(a => a.Code()).ToArray()),
                ("rolesThatMay", e.RolesThatMay.Select(r => r.Code()).ToArray())),
            StaleCaseVersionException e => Problem(409, "Stale version", e.Message,
                ("caseId", e.CaseId), ("yourVersion", e.YourVersion), ("currentVersion", e.CurrentVersion)),
            // A backstop, not the validation: a write that breaks a constraint was still refused
            // as a whole (each write is one transaction), so the caller sent something invalid.
            // None of PostgreSQL's own text: it names tables and quotes rows, personal data and all.
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => Problem(409, "Conflict", "A row with the same key exists already; nothing was written."),
            PostgresException { SqlState: ['2', '2' or '3', ..] } => Problem(400, "Invalid data",
                "The database refused a value of the request; nothing was written.", ("errors", Errors("body", "a value could not be stored"))),
            _ when DatabaseOutage.Is(exception) => Problem(503, DatabaseOutage.Title, DatabaseOutage.Detail),
            _ => Problem(500, "Internal error", "The server could not complete the request; the log has the details."),
        };
        if (problem.Status == 503) DatabaseOutage.PrepareAnswer(http, exception, log);
        else if (problem.Status >= 500) log.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = problem.Status!.Value;
        if (Open311Api.IsOpen311(http))
        {
            // Open311 clients read errors in the spec's shape: the field at fault goes first, as the endpoints write it.
            var field = problem.Extensions.TryGetValue("errors", out var errors) && errors is Dictionary<string, string[]> { Count: 1 } named ? named.Keys.Single() + ": " : "";
            await Open311Api.WriteErrorAsync(http, problem.Status.Value, field + problem.Detail);
            return true;
        }
        return await problems.TryWriteAsync(new() { HttpContext = http, Exception = exception, ProblemDetails = problem });
    }

    /// <summary>400 naming where the JSON broke: the first property on its path, or the body as a whole.</summary>
    static ProblemDetails Malformed(JsonException e)
    {
        var field = e.Path is ['$', '.', .. var rest] ? rest.Split('.', '[')[0] : "";
        return Problem(400, "Malformed JSON", e.Message, ("errors", Errors(field.Length > 0 ? field : "body", e.Message)));
    }

    static Dictionary<string, string[]> Errors(string field, string reason) => new() { [field] = [reason] };

    /// <summary>
    /// An answer that carries no detail of its own (a route that matched nothing, a method or a
    /// content type it does not take) names what in the request is at fault.
    /// </summary>
    public static void NameTheRequest(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null) return;
        var request = context.HttpContext.Request;
        switch (problem.Status)
        {
            case StatusCodes.Status404NotFound:
                problem.Detail = $"Nothing answers {request.Method} {request.Path.Value}.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                problem.Detail = $"{request.Path.Value} does not take {request.Method}.";
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                problem.Detail = $"{request.Method} {request.Path.Value} takes JSON, not {request.ContentType ?? "a body without a Content-Type"}.";
                problem.Extensions["errors"] = Errors("Content-Type", problem.Detail);
                break;
        }
    }

    static ProblemDetails Problem(int status, string title, string detail, params (string Key, object Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }
}
