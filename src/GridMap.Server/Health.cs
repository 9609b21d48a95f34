using Npgsql;

namespace GridMap.Server;

static class Health
{
    /// <summary><c>GET /health</c>: 200 when the database answers, 503 with the reason when not.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async Task<IResult> (NpgsqlDataSource db, CancellationToken ct) =>
        {
            try
            {
                await using var cmd = db.CreateCommand("SELECT postgis_lib_version()");
                var postgis = (string?)await cmd.ExecuteScalarAsync(ct);
                return TypedResults.Ok(new { status = "ok", postgis });
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return TypedResults.Problem(title: "Database unreachable", detail: e.Message, statusCode: 503);
            }
        }).WithTags("health").AllowAnonymous();
}
