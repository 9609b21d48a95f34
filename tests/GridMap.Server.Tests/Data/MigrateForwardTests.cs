using Microsoft.Extensions.Logging.Abstractions;

namespace GridMap.Tests.Data;

/// <summary>
/// An old database migrated forward ends with the schema a fresh one gets (DEVELOPERS.md, "SQL:
/// migrations, re-applied definitions, parameters"). The old database is the schema of
/// <c>d48f67f</c>, the last build before functions moved to <c>Data/Sql/</c> (three of its
/// migrations since edited in place, four deleted), recorded by pg_dump in
/// <c>Data/schema-d48f67f.dump</c> from a database its own server had migrated.
/// </summary>
public class MigrateForwardTests : IAsyncLifetime
{
    readonly TestDatabase old = new(), fresh = new();

    public async Task InitializeAsync()
    {
        await old.InitializeAsync();
        await fresh.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await old.DisposeAsync();
        await fresh.DisposeAsync();
    }

    [Fact]
    public async Task An_old_database_migrated_forward_has_the_functions_views_triggers_columns_indexes_constraints_and_grants_of_a_fresh_one()
    {
        await ApplyOldSchemaAsync(old);
        var before = await DescribeAsync(old);
        await MigrateAsync(fresh);
        var expected = await DescribeAsync(fresh);
        // The recorded old schema is old: what a fresh database has differs from it.
        Assert.Contains(before, d => d.StartsWith("function case_snapshot(cases)"));
        Assert.DoesNotContain(expected, d => d.StartsWith("function case_snapshot(cases)"));

        await MigrateAsync(old);
        var migrated = await DescribeAsync(old);

        var missing = expected.Except(migrated).ToList();
        var extra = migrated.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Migrated forward, the old database lacks:\n{string.Join("\n", missing)}\nand has besides:\n{string.Join("\n", extra)}");
        Assert.Equal(expected.Count, migrated.Count);
    }

    /// <summary>The recorded old schema (with its rows: the migrations it recorded, the counters), as the owner, with this database's roles.</summary>
    static async Task ApplyOldSchemaAsync(TestDatabase db)
    {
        var dump = await File.ReadAllTextAsync(Path.Combine(TestDatabase.RepoRoot, "tests", "GridMap.Server.Tests", "Data", "schema-d48f67f.dump"));
        await using var conn = new NpgsqlConnection(db.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(dump.Replace("gmold_owner", db.Name + "_owner").Replace("gmold_service", db.Name + "_service"), conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>What the server does at start-up: this build's migrations, definitions and grants, as the owner.</summary>
    static async Task MigrateAsync(TestDatabase db)
    {
        await using var service = NpgsqlDataSource.Create(db.ServiceConnectionString);
        var owner = SchemaOwner.Create(db.OwnerConnectionString, db.ServiceConnectionString, service);
        try
        {
            await new Migrator(owner, service, NullLogger<Migrator>.Instance).MigrateAsync();
        }
        finally
        {
            await owner.Db.DisposeAsync();
        }
    }

    /// <summary>
    /// One line per object of the schema that is GridMap's (not an extension's), with its
    /// definition and its grants, the database's own role names replaced by what they are.
    /// Columns by table and name, not position: a column added later sits last in an old table.
    /// </summary>
    static async Task<List<string>> DescribeAsync(TestDatabase db)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            WITH ext AS (SELECT objid FROM pg_depend WHERE deptype = 'e'),
            rel AS (SELECT c.* FROM pg_class c
                    WHERE c.relnamespace = 'public'::regnamespace AND c.oid NOT IN (SELECT objid FROM ext))
            SELECT 'function ' || p.oid::regprocedure::text || ' ' || pg_get_functiondef(p.oid) || ' acl ' || coalesce(p.proacl::text, '-')
            FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'view ' || c.relname || ' ' || pg_get_viewdef(c.oid) || ' acl ' || coalesce(c.relacl::text, '-') FROM rel c WHERE c.relkind IN ('v', 'm')
            UNION ALL
            SELECT 'relation ' || c.relname || ' kind ' || c.relkind::text || ' acl ' || coalesce(c.relacl::text, '-') FROM rel c WHERE c.relkind IN ('r', 'p', 'S')
            UNION ALL
            SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                   || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || ' identity ' || a.attidentity::text || ' generated ' || a.attgenerated::text
                   || ' acl ' || coalesce(a.attacl::text, '-')
            FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN rel c ON c.oid = i.indrelid
            UNION ALL
            SELECT 'constraint ' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN rel c ON c.oid = k.conrelid
            UNION ALL
            SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN rel c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal
            UNION ALL
            SELECT 'type ' || t.typname || ' ' || t.typtype::text FROM pg_type t
            WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd') AND t.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'schema public acl ' || coalesce(nspacl::text, '-') FROM pg_namespace WHERE nspname = 'public'
            UNION ALL
            SELECT 'default acl ' || defaclrole::regrole::text || ' ' || defaclobjtype::text || ' ' || defaclacl::text FROM pg_default_acl
            """, conn);
        var lines = new List<string>();
        await using var row = await cmd.ExecuteReaderAsync();
        while (await row.ReadAsync())
            lines.Add(row.GetString(0).Replace(db.Name + "_service", "service").Replace(db.Name + "_owner", "owner"));
        return [.. lines.Order(StringComparer.Ordinal)];
    }
}
