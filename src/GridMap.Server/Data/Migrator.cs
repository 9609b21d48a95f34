using System.Reflection;
using Npgsql;

namespace GridMap.Server.Data;

/// <summary>
/// Applies the embedded <c>Data/Migrations/NNN_name.sql</c> files in order, each once, each in
/// its own transaction, and records them in <c>schema_migrations</c>; then grants the service role
/// its rights (<c>Data/Grants.sql</c>). An advisory lock lets several instances start against one
/// database at the same time. Runs as the schema owner (<see cref="SchemaOwner"/>); a service
/// started without the owner's connection only checks that nothing is pending.
/// </summary>
public sealed class Migrator(SchemaOwner owner, NpgsqlDataSource service, ILogger<Migrator> log) : IHostedService
{
    const long LockKey = 0x6772_6964_6d61_70; // "gridmap"

    public Task StartAsync(CancellationToken ct) => MigrateAsync(ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using (var conn = await owner.Db.OpenConnectionAsync(ct))
        {
            await Execute(conn, $"SELECT pg_advisory_lock({LockKey})", ct);
            try
            {
                var pending = Scripts().ExceptBy(await AppliedAsync(conn, ct), s => s.Version).ToList();
                if (pending.Count > 0 && !await OwnsSchemaAsync(conn, ct))
                    throw new InvalidOperationException(
                        $"The database schema is behind ({pending.Count} migration(s) pending, the first {pending[0].Version}) and the role " +
                        $"'{conn.UserName}' may not change it: run ./gridmap migrate, or give the owner's connection string in GRIDMAP_DB_OWNER.");
                if (pending.Count > 0)
                    await Execute(conn, "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", ct);
                foreach (var (version, sql) in pending)
                {
                    await using var tx = await conn.BeginTransactionAsync(ct);
                    await Execute(conn, sql, ct);
                    await using (var record = conn.Command("INSERT INTO schema_migrations (version) VALUES ($1)", version))
                        await record.ExecuteNonQueryAsync(ct);
                    await tx.CommitAsync(ct);
                    log.LogInformation("Applied migration {Version}", version);
                }
                if (owner.ServiceRole is { } role) await GrantAsync(conn, role, ct);
            }
            finally
            {
                await Execute(conn, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        // Types created by a migration (e.g. postgis on a fresh database) must be known to Npgsql.
        await using var serviceConn = await service.OpenConnectionAsync(ct);
        await serviceConn.ReloadTypesAsync(ct);
    }

    static async Task<HashSet<string>> AppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var applied = new HashSet<string>();
        await using var exists = conn.Command("SELECT to_regclass('schema_migrations') IS NOT NULL");
        if (await exists.ExecuteScalarAsync(ct) is not true) return applied;
        await using var cmd = conn.Command("SELECT version FROM schema_migrations");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
        return applied;
    }

    /// <summary>Whether this connection's role may create in the schema (the owner, or one role for everything).</summary>
    static async Task<bool> OwnsSchemaAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = conn.Command("SELECT has_schema_privilege('public', 'CREATE')");
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    static async Task GrantAsync(NpgsqlConnection conn, string role, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var set = conn.Command("SELECT set_config('gridmap.service_role', $1, true)", role))
            await set.ExecuteNonQueryAsync(ct);
        await Execute(conn, Resource("grants.sql"), ct);
        await tx.CommitAsync(ct);
    }

    static IEnumerable<(string Version, string Sql)> Scripts()
    {
        var asm = Assembly.GetExecutingAssembly();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("migrations/")).Order(StringComparer.Ordinal))
            yield return (Path.GetFileNameWithoutExtension(name["migrations/".Length..]), Resource(name));
    }

    static string Resource(string name)
    {
        using var reader = new StreamReader(Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"no embedded resource {name}"));
        return reader.ReadToEnd();
    }

    static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
