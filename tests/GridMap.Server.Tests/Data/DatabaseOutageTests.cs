using Microsoft.EntityFrameworkCore;

namespace GridMap.Tests.Data;

/// <summary>Which failures count as the database being out of reach (503, try again), and which as a request it refused.</summary>
public class DatabaseOutageTests
{
    static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown)]        // 57P01: fast shutdown, pg_terminate_backend
    [InlineData(PostgresErrorCodes.CrashShutdown)]        // 57P02
    [InlineData(PostgresErrorCodes.CannotConnectNow)]     // 57P03: starting up, shutting down, recovering
    [InlineData(PostgresErrorCodes.ConnectionFailure)]    // 08006
    [InlineData(PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection)] // 08001
    [InlineData(PostgresErrorCodes.TooManyConnections)]   // 53300
    [InlineData(PostgresErrorCodes.DiskFull)]             // 53100
    [InlineData(PostgresErrorCodes.OutOfMemory)]          // 53200
    public void PostgreSQL_going_away_or_out_of_resources_is_an_outage(string sqlState)
    {
        Assert.True(DatabaseOutage.Is(Postgres(sqlState)));
        Assert.True(DatabaseOutage.Is(new InvalidOperationException("EF Core: likely a transient failure", Postgres(sqlState))));
    }

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation)]      // 23505
    [InlineData(PostgresErrorCodes.InvalidTextRepresentation)] // 22P02
    [InlineData(PostgresErrorCodes.SerializationFailure)] // 40001
    [InlineData(PostgresErrorCodes.UndefinedTable)]       // 42P01
    [InlineData(PostgresErrorCodes.QueryCanceled)]        // 57014: class 57, but a statement timeout, not a shutdown
    public void A_statement_PostgreSQL_refused_is_not_an_outage(string sqlState)
    {
        Assert.False(DatabaseOutage.Is(Postgres(sqlState)));
        Assert.False(DatabaseOutage.Is(new DbUpdateException("EF Core: saving failed", Postgres(sqlState))));
    }

    [Fact]
    public void A_broken_or_refused_connection_and_a_pool_that_timed_out_are_outages()
    {
        Assert.True(DatabaseOutage.Is(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.True(DatabaseOutage.Is(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))));
        Assert.True(DatabaseOutage.Is(new NpgsqlException("The connection pool has been exhausted", new TimeoutException())));
        Assert.True(DatabaseOutage.Is(new InvalidOperationException("EF Core", new NpgsqlException("Exception while writing to stream", new IOException()))));
        Assert.True(DatabaseOutage.Is(new TimeoutException()));
    }

    [Fact]
    public void Failures_outside_the_database_are_not_outages()
    {
        Assert.False(DatabaseOutage.Is(new IOException("the client went away")));
        Assert.False(DatabaseOutage.Is(new InvalidOperationException("a bug")));
        Assert.False(DatabaseOutage.Is(new NpgsqlException("Received unexpected backend message")));
    }
}
