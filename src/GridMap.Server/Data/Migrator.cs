using System.Reflection;
using System.Security.Cryptography;

namespace GridMap.Server.Data;

/// <summary>
/// Brings the schema up to date as the schema owner (<see cref="SchemaOwner"/>), in three steps:
/// <list type="number">
/// <item>the versioned migrations, <c>Data/Migrations/NNN_name.sql</c> (tables and data), in
/// order, each once, recorded in <c>schema_migrations</c>;</item>
/// <item>the re-applied files, <c>Data/Sql/name.sql</c> (functions and views: the live definition
/// of each, in one place), in name order, each whenever its content differs from the checksum
/// recorded in <c>schema_definitions</c>, and all of them after a versioned migration ran, which
/// may have had to drop one of them to change a table it reads;</item>
/// <item>the service role's rights (<c>Data/Grants.sql</c>).</item>
/// </list>
/// Each file runs in its own transaction. An advisory lock lets several instances start against
/// one database at the same time. A service started without the owner's connection only checks
/// that nothing is pending.
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
                var pending = Scripts("migrations/").ExceptBy(await AppliedAsync(conn, ct), s => s.Name).ToList();
                var definitions = Scripts("sql/").ToList();
                var recorded = await RecordedDefinitionsAsync(conn, ct);
                var changed = pending.Count > 0 ? definitions : [.. definitions.Where(d => recorded.GetValueOrDefault(d.Name) != Checksum(d.Sql))];
                if (pending.Count + changed.Count > 0 && !await OwnsSchemaAsync(conn, ct))
                    throw new InvalidOperationException(
                        $"The database schema is behind ({pending.Count} migration(s) and {changed.Count} definition(s) to apply, the first " +
                        $"{pending.Concat(changed).First().Name}) and the role '{conn.UserName}' may not change it: run ./gridmap migrate, " +
                        "or give the owner's connection string in GRIDMAP_DB_OWNER.");
                if (pending.Count + changed.Count > 0)
                    await Execute(conn, """
                        CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                        CREATE TABLE IF NOT EXISTS schema_definitions (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL);
                        """, ct);
                foreach (var (version, sql) in pending)
                {
                    await ApplyAsync(conn, sql, "INSERT INTO schema_migrations (version) VALUES (@version)", [("version", version)], ct);
                    log.LogInformation("Applied migration {Version}", version);
                }
                foreach (var (name, sql) in changed)
                {
                    await ApplyAsync(conn, sql, """
                        INSERT INTO schema_definitions (name, checksum, applied_at) VALUES (@name, @checksum, now())
                        ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = excluded.applied_at
                        """, [("name", name), ("checksum", Checksum(sql))], ct);
                    log.LogInformation("Applied definitions {Name}", name);
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

    /// <summary>Runs a file and records it, in one transaction.</summary>
    static async Task ApplyAsync(NpgsqlConnection conn, string sql, string record, (string, object?)[] parameters, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Execute(conn, sql, ct);
        await using (var cmd = conn.Command(record, parameters))
            await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
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

    static async Task<Dictionary<string, string>> RecordedDefinitionsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var recorded = new Dictionary<string, string>();
        await using var exists = conn.Command("SELECT to_regclass('schema_definitions') IS NOT NULL");
        if (await exists.ExecuteScalarAsync(ct) is not true) return recorded;
        await using var cmd = conn.Command("SELECT name, checksum FROM schema_definitions");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) recorded[reader.GetString(0)] = reader.GetString(1);
        return recorded;
    }

    /// <summary>SHA-256 of the text with Unix line ends, so that a checkout with Windows line ends changes nothing.</summary>
    public static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    /// <summary>Whether this connection's role may create in the schema (the owner, or one role for everything).</summary>
    static async Task<bool> OwnsSchemaAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = conn.Command("SELECT has_schema_privilege('public', 'CREATE')");
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    static async Task GrantAsync(NpgsqlConnection conn, string role, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var set = conn.Command("SELECT set_config('gridmap.service_role', @role, true)", ("role", role)))
            await set.ExecuteNonQueryAsync(ct);
        await Execute(conn, Resource("grants.sql"), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The embedded files under a folder (<c>migrations/</c>, <c>sql/</c>), by name without the extension, in name order.</summary>
    public static IEnumerable<(string Name, string Sql)> Scripts(string folder)
    {
        var asm = Assembly.GetExecutingAssembly();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith(folder)).Order(StringComparer.Ordinal))
            yield return (Path.GetFileNameWithoutExtension(name[folder.Length..]), Resource(name));
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
