using System.Diagnostics;

namespace GridMap.Tests.Support;

/// <summary>
/// A throwaway PostGIS database for one test class, cloned from the template that
/// <c>./gridmap test</c> prepares (or created with the extension when there is none), and
/// dropped at the end, with its own schema owner and service roles as <c>./gridmap</c> makes
/// them (neither a superuser). The server is the private cluster of <c>./gridmap</c> unless
/// <c>GRIDMAP_TEST_ADMIN_DB</c> names another.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public string Name { get; } = "gm_" + Guid.NewGuid().ToString("N")[..12];
    readonly string password = Guid.NewGuid().ToString("N");

    /// <summary>The superuser on this database: fixtures and checks, never the server.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name }.ConnectionString;
    /// <summary>The schema owner (<c>GRIDMAP_DB_OWNER</c>): migrations and admin verbs.</summary>
    public string OwnerConnectionString => As(Name + "_owner");
    /// <summary>The service role (<c>GRIDMAP_DB</c>): what the server connects as.</summary>
    public string ServiceConnectionString => As(Name + "_service");

    /// <summary>The first value <paramref name="sql"/> answers, read as the superuser; <c>$1</c>, <c>$2</c> … are <paramref name="values"/> (null as NULL).</summary>
    public Task<T> ScalarAsync<T>(string sql, params object?[] values) => Sql.ScalarAsync<T>(ConnectionString, sql, values);

    string As(string role) => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name, Username = role, Password = password }.ConnectionString;

    public async Task InitializeAsync()
    {
        var template = Environment.GetEnvironmentVariable("GRIDMAP_TEST_TEMPLATE");
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using (var roles = new NpgsqlCommand($"""
            CREATE ROLE {Name}_owner LOGIN PASSWORD '{password}';
            CREATE ROLE {Name}_service LOGIN PASSWORD '{password}';
            """, admin))
            await roles.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {Name} OWNER {Name}_owner" + (template is { Length: > 0 } ? $" TEMPLATE {template}" : ""), admin))
            await create.ExecuteNonQueryAsync();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        // Only a superuser may create them; the schema owner's migrations find them in place.
        await using var ext = new NpgsqlCommand("""
            CREATE EXTENSION IF NOT EXISTS postgis;
            DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') THEN CREATE EXTENSION IF NOT EXISTS pgrouting; END IF;
            END $$;
            """, conn);
        await ext.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"""
            DROP DATABASE IF EXISTS {Name} WITH (FORCE);
            DROP ROLE IF EXISTS {Name}_service;
            DROP ROLE IF EXISTS {Name}_owner;
            """, admin);
        await drop.ExecuteNonQueryAsync();
    }

    static readonly Lazy<string> admin = new(() =>
        Environment.GetEnvironmentVariable("GRIDMAP_TEST_ADMIN_DB") is { Length: > 0 } cs ? cs : AskGridmap());

    public static string AdminConnectionString => admin.Value;

    /// <summary>Outside ./gridmap test (an IDE, plain dotnet test): let the script start the cluster.</summary>
    static string AskGridmap()
    {
        var script = Path.Combine(RepoRoot, "gridmap");
        var psi = new ProcessStartInfo(script, "db-url --admin") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"./gridmap db-url failed: {p.StandardError.ReadToEnd()}");
        return output;
    }

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "GridMap.sln"))) return dir.FullName;
            throw new InvalidOperationException("GridMap.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
