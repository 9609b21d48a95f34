using System.Diagnostics;
using Npgsql;

namespace GridMap.Bench;

/// <summary>A PostGIS database created for one benchmark run and dropped afterwards.</summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly string _admin;
    public string Name { get; }
    public string ConnectionString { get; }

    private ThrowawayDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, CommandTimeout = 0 }.ConnectionString;
    }

    public static async Task<ThrowawayDatabase> CreateAsync()
    {
        string admin = AdminConnectionString();
        var database = new ThrowawayDatabase(admin, $"bench_{Guid.NewGuid():N}"[..20]);
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database.Name}", connection).ExecuteNonQueryAsync();
        }
        await database.ExecuteAsync("CREATE EXTENSION postgis");
        return database;
    }

    /// <summary>A database an earlier run created and kept (its name as that run printed it); dropped on dispose as well.</summary>
    public static ThrowawayDatabase Existing(string name) =>
        name.StartsWith("bench_") && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? new(AdminConnectionString(), name)
            : throw new ArgumentException($"'{name}' is not the name of a bench database (bench_…)");

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }

    /// <summary>
    /// After a bulk load, what the database would do anyway within its first minutes, done before
    /// anything is timed: autovacuum's first pass over every loaded table (visibility map, hint
    /// bits; for the city district 17 s, throttled, a minute after the load) and the checkpoint
    /// that writes the load's pages. Left to their schedules they land in whichever timed passes
    /// are under way; a district in service has them behind it.
    /// </summary>
    public async Task SettleAsync()
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync("VACUUM (ANALYZE)");
        await ExecuteAsync("CHECKPOINT");
        Console.Error.WriteLine($"  vacuumed and checkpointed after the load in {Measure.Format(clock.Elapsed)}");
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
    }

    /// <summary>GRIDMAP_TEST_ADMIN_DB, else what <c>./gridmap db-url --admin</c> prints (it starts the cluster if needed).</summary>
    private static string AdminConnectionString()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GRIDMAP_TEST_ADMIN_DB");
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        var script = Path.Combine(Repository.Root, "gridmap");
        var start = new ProcessStartInfo(script, ["db-url", "--admin"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0 || output.Length == 0) throw new InvalidOperationException($"{script} db-url --admin failed");
        return output;
    }
}
