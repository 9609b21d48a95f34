using Microsoft.AspNetCore.Mvc.Testing;

namespace GridMap.Tests.Live;

/// <summary>
/// The real server on a given database and data folder (the certificate that encrypts its
/// token keys), with extra settings (e.g. <c>Live:ReplayLimit</c>). Servers that share the
/// data folder accept each other's tokens, as instances deployed together do.
/// </summary>
public sealed class LiveServer(string connectionString, string stateFolder, params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("GRIDMAP_DB", connectionString);
        builder.UseSetting("GRIDMAP_STATE", stateFolder);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string>> tokens = new();

    /// <summary>Starts the host: migrations run, the NOTIFY listener starts listening.</summary>
    public LiveServer Started()
    {
        CreateClient().Dispose();
        return this;
    }

    /// <summary>A hub client signed in as <paramref name="username"/> (the admin, who may watch any area, by default).</summary>
    public async Task<LiveClient> ConnectAsync(string username = SmallDistrict.Admin) =>
        await LiveClient.ConnectAsync(this, await TokenFor(username));

    public Task<string> TokenFor(string username) => tokens.GetOrAdd(username, async name =>
    {
        using var http = CreateClient();
        return await TestUsers.SignInAsync(http, name);
    });

    /// <summary>An API client that sends <paramref name="username"/>'s bearer token.</summary>
    public async Task<HttpClient> ClientForAsync(string username)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenFor(username));
        return http;
    }
}

/// <summary>
/// <see cref="SmallDistrict"/> (and its users) on a throwaway database with one server on it, and a way to report
/// cases without the case API: insert the row, then append its event in the same transaction,
/// as every case write does.
/// <code>
///   district 1: street 2 (community 4: grids 6, 7)  street 3 (community 5: grids 8, 9)
/// </code>
/// </summary>
public class LiveDistrict : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();
    /// <summary>The data folder every server of the district shares.</summary>
    public string StateFolder { get; } = Directory.CreateTempSubdirectory("gridmap-data-").FullName;
    public LiveServer Server { get; private set; } = null!;
    public NpgsqlDataSource Db { get; private set; } = null!;

    /// <summary>Settings of the first server.</summary>
    protected virtual (string Key, string Value)[] Settings => [];

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Server = StartServer(Settings);
        await SmallDistrict.SeedAsync(Database.ConnectionString);
        await SmallDistrict.SeedUsersAsync(Database.ConnectionString);
        Db = NpgsqlDataSource.Create(Database.ConnectionString);
    }

    /// <summary>Another server instance on the same database.</summary>
    public LiveServer StartServer(params (string Key, string Value)[] settings) =>
        new LiveServer(Database.ServiceConnectionString, StateFolder, [("GRIDMAP_DB_OWNER", Database.OwnerConnectionString), .. settings]).Started();

    /// <summary>Reports a case in <paramref name="gridId"/>; returns the seq of its event once committed.</summary>
    public async Task<long> ReportAsync(long gridId, string description = "路灯不亮")
    {
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO cases (category_code, description, location, grid_id, community_id, street_id, district_id)
            SELECT 'street_light', $2, ST_PointOnSurface(g.boundary), g.id, c.id, s.id, s.parent_id
            FROM areas g JOIN areas c ON c.id = g.parent_id JOIN areas s ON s.id = c.parent_id
            WHERE g.id = $1
            RETURNING id
            """, conn, tx);
        insert.Parameters.Add(new() { Value = gridId });
        insert.Parameters.Add(new() { Value = description });
        var caseId = (long)(await insert.ExecuteScalarAsync())!;
        await using var append = new NpgsqlCommand("SELECT append_case_event(@id, 'test', 'reporter', 'report', NULL)", conn, tx);
        append.Parameters.Add(new("id", caseId));
        await append.ExecuteNonQueryAsync();
        // The live stream's lock is ours until commit: the last seq handed out is this event's.
        await using var last = new NpgsqlCommand("SELECT last FROM live_seq WHERE id = 1", conn, tx);
        var seq = (long)(await last.ExecuteScalarAsync())!;
        await tx.CommitAsync();
        return seq;
    }

    /// <summary>The last seq committed so far.</summary>
    public async Task<long> CurrentSeqAsync()
    {
        await using var cmd = Db.CreateCommand("SELECT last FROM live_seq");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Db.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(StateFolder, recursive: true);
    }
}
