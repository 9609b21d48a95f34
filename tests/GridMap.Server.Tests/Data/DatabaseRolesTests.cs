namespace GridMap.Tests.Data;

/// <summary>The server connects as a service role that can use the data but not change the schema or erase audit trails.</summary>
public class DatabaseRolesTests(GridMapApp app) : IClassFixture<GridMapApp>
{
    async Task<PostgresException> RefusedAsync(string sql)
    {
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = db.CreateCommand(sql);
        return await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task The_server_connects_as_the_service_role_which_is_no_superuser_and_owns_nothing()
    {
        await using var cmd = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            SELECT current_user, r.rolsuper, r.rolcreaterole, r.rolcreatedb,
                   (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)
            FROM pg_roles r WHERE r.rolname = current_user
            """);
        await using var row = await cmd.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal(app.Database.Name + "_service", row.GetString(0));
        Assert.False(row.GetBoolean(1), "superuser");
        Assert.False(row.GetBoolean(2), "may create roles");
        Assert.False(row.GetBoolean(3), "may create databases");
        Assert.Equal(0L, row.GetInt64(4));
    }

    [Fact]
    public async Task The_schema_belongs_to_the_owner_role_not_to_the_superuser()
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v', 'm')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
            """, conn);
        await using var row = await cmd.ExecuteReaderAsync();
        var owners = new List<string>();
        while (await row.ReadAsync()) owners.Add(row.GetString(0));
        Assert.Equal([app.Database.Name + "_owner"], owners);
    }

    [Theory]
    [InlineData("TRUNCATE case_events")]
    [InlineData("TRUNCATE personal_data_reads")]
    [InlineData("TRUNCATE cases CASCADE")]
    [InlineData("UPDATE case_events SET note = 'rewritten'")]
    [InlineData("UPDATE case_events SET snapshot = NULL, actor = 'nobody'")]
    [InlineData("DELETE FROM personal_data_reads")]
    [InlineData("UPDATE data_changes SET actor = 'nobody'")]
    [InlineData("DELETE FROM data_changes")]
    [InlineData("UPDATE users SET role = 'admin'")]
    [InlineData("INSERT INTO users (username, password_hash, role) VALUES ('mallory', 'x', 'admin')")]
    [InlineData("DROP TABLE households")]
    [InlineData("ALTER TABLE case_events DISABLE TRIGGER case_events_append_only")]
    [InlineData("CREATE TABLE loot (x text)")]
    [InlineData("COPY (SELECT 1) TO PROGRAM 'id'")]
    [InlineData("SELECT pg_read_file('/etc/passwd')")]
    [InlineData("DELETE FROM schema_migrations")]
    [InlineData("SELECT gin_clean_pending_list('personal_data_reads_households_gin')")]
    public async Task The_service_role_is_refused(string sql) =>
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(sql)).SqlState);

    [Fact]
    public async Task The_service_role_can_do_its_work_on_every_table()
    {
        await using var cmd = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT has_table_privilege(c.oid, 'SELECT')
            """);
        await using var row = await cmd.ExecuteReaderAsync();
        var unreadable = new List<string>();
        while (await row.ReadAsync()) unreadable.Add(row.GetString(0));
        Assert.Empty(unreadable);
    }

    [Fact]
    public async Task A_server_without_the_owner_refuses_to_start_on_a_schema_that_is_behind()
    {
        var fresh = new TestDatabase();
        await fresh.InitializeAsync();
        try
        {
            await using var server = new ServiceOnly(fresh.ServiceConnectionString);
            var failure = Assert.ThrowsAny<Exception>(() => server.CreateClient());
            while (failure.InnerException is not null && failure is not InvalidOperationException) failure = failure.InnerException;
            Assert.Contains("./gridmap migrate", failure.Message);
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    sealed class ServiceOnly(string connectionString) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
            builder.UseSetting("GRIDMAP_DB", connectionString);
    }
}
