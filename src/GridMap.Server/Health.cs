namespace GridMap.Server;

static class Health
{
    /// <summary>
    /// <c>GET /health</c>: 200 when the database answers, 503 when not. Anyone may ask, so the
    /// answer says only that: the exception (host, port, user, PostgreSQL's words) goes to the log.
    /// </summary>
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async Task<IResult> (NpgsqlDataSource db, ILoggerFactory logs, CancellationToken ct) =>
        {
            try
            {
                await using var cmd = db.CreateCommand("SELECT postgis_lib_version()");
                var postgis = (string?)await cmd.ExecuteScalarAsync(ct);
                return TypedResults.Ok(new { status = "ok", postgis });
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logs.CreateLogger(typeof(Health)).LogWarning(e, "Health check: the database does not answer");
                return TypedResults.Problem(title: "Database unreachable", detail: "The database does not answer.", statusCode: 503);
            }
        }).WithTags("health").AllowAnonymous();
}
