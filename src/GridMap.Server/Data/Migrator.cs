using System.Reflection;
using Npgsql;

namespace GridMap.Server.Data;

/// <summary>
/// Applies the embedded <c>Data/Migrations/NNN_name.sql</c> files in order, each once, each in
/// its own transaction, and records them in <c>schema_migrations</c>. An advisory lock lets
/// several instances start against one database at the same time.
/// </summary>
public sealed class Migrator(NpgsqlDataSource db, ILogger<Migrator> log) : IHostedService
{
    const long LockKey = 0x6772_6964_6d61_70; // "gridmap"

    public Task StartAsync(CancellationToken ct) => MigrateAsync(ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await Execute(conn, $"SELECT pg_advisory_lock({LockKey})", ct);
        try
        {
            await Execute(conn, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));

            foreach (var (version, sql) in Scripts().Where(s => !applied.Contains(s.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await Execute(conn, sql, ct);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version) VALUES ($1)", conn))
                {
                    record.Parameters.Add(new() { Value = version });
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                log.LogInformation("Applied migration {Version}", version);
            }
        }
        finally
        {
            await Execute(conn, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
        // Types created by a migration (e.g. postgis on a fresh database) must be known to Npgsql.
        await conn.ReloadTypesAsync(ct);
    }

    static IEnumerable<(string Version, string Sql)> Scripts()
    {
        var asm = Assembly.GetExecutingAssembly();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("migrations/")).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(asm.GetManifestResourceStream(name)!);
            yield return (Path.GetFileNameWithoutExtension(name["migrations/".Length..]), reader.ReadToEnd());
        }
    }

    static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
