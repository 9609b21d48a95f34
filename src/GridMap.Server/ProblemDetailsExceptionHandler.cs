using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace GridMap.Server;

/// <summary>
/// The one place where exceptions become RFC 7807 answers: malformed requests → 400 (or the
/// status Kestrel chose, e.g. 413), domain rule violations → their status; anything else → 500
/// without internals.
/// </summary>
sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => (400, "Malformed JSON", json.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            JsonException e => (400, "Malformed JSON", e.Message),
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
