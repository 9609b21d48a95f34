using System.Text.Json;
using GridMap.Core.Spatial;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace GridMap.Server;

/// <summary>
/// The one place where exceptions become RFC 7807 answers: malformed requests → 400 (or the
/// status Kestrel or the body limit chose, e.g. 413), domain rule violations → their status;
/// anything else → 500 without internals.
/// </summary>
sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => (400, "Malformed JSON", json.Message),
            BadHttpRequestException e => (e.StatusCode, e.StatusCode == 413 ? "Request body too large" : "Bad request", e.Message),
            JsonException e => (400, "Malformed JSON", e.Message),
            GeoJsonException e => (400, "Malformed GeoJSON", e.Message),
            // A backstop, not the validation: a write that breaks a constraint was still refused
            // as a whole (each write is one transaction), so the caller sent something invalid.
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e => (409, "Conflict", e.MessageText),
            PostgresException { SqlState: [ '2', '2' or '3', ..] } e => (400, "Invalid data", e.MessageText),
            _ => (500, "Internal error", "The server could not complete the request; the log has the details."),
        };
        if (status >= 500) log.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new()
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
