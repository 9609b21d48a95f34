namespace GridMap.Server.Data;

/// <summary>
/// The database cannot be reached or is going away (a restart, a crash, a full connection table,
/// a pool with no connection to give): the request was not refused, it could not be tried, and
/// may well succeed when sent again. Every way out of the server (HTTP, Open311, the hub) answers
/// such a failure as 503 with <c>Retry-After</c>, in these words and never in PostgreSQL's.
/// </summary>
public static class DatabaseOutage
{
    public const int RetryAfterSeconds = 5;
    public const string Title = "Database unavailable";
    public static readonly string Detail =
        $"The database cannot be reached at the moment, so the request could not be completed; try again in {RetryAfterSeconds} s.";

    /// <summary>
    /// Whether <paramref name="exception"/>, or what it wraps (EF Core wraps Npgsql's), is an
    /// outage. The first database exception in the chain decides, so a constraint violation that
    /// EF Core reports is never taken for one.
    /// </summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            switch (e)
            {
                case PostgresException p: return IsOutageState(p.SqlState);
                // Broken sockets, refused connections, the pool's wait running out.
                case NpgsqlException n: return n.IsTransient;
                case TimeoutException: return true;
            }
        return false;
    }

    /// <summary>
    /// SQLSTATE class 08 (connection exception), 57P01–57P03 (admin shutdown, crash shutdown,
    /// cannot connect now: a restart or a recovery) and class 53 (insufficient resources: too many
    /// connections, out of memory, disk full).
    /// </summary>
    static bool IsOutageState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;

    /// <summary>
    /// Before a 503 goes out: one line in the log (the cause lies outside the server, so no stack
    /// trace) and <c>Retry-After</c> on the answer.
    /// </summary>
    public static void PrepareAnswer(HttpContext http, Exception exception, ILogger log)
    {
        log.LogWarning("Database unavailable for {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
