using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridMap.Tests.Support;

/// <summary>The real server on a throwaway PostGIS database (schema applied at start-up).</summary>
public class GridMapApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    /// <summary>This server's data folder (<c>GRIDMAP_STATE</c>: its key-ring certificate), removed at the end.</summary>
    public string StateFolder { get; } = Directory.CreateTempSubdirectory("gridmap-data-").FullName;

    /// <summary>Every test user's password.</summary>
    public const string Password = TestUsers.Password;

    readonly ConcurrentDictionary<string, Task<string>> tokens = new();

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        CreateClient().Dispose(); // start the host: runs the migrations
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("GRIDMAP_DB", Database.ServiceConnectionString);
        builder.UseSetting("GRIDMAP_DB_OWNER", Database.OwnerConnectionString);
        builder.UseSetting("GRIDMAP_STATE", StateFolder);
        // Tests sign in far more often than people do; the limit itself has its own test.
        builder.UseSetting("GRIDMAP_LOGIN_PER_MINUTE", "100000");
        foreach (var (name, value) in Settings) builder.UseSetting(name, value);
    }

    /// <summary>What a server for some tests sets otherwise (a fixture that differs only in its settings names them here).</summary>
    protected virtual IEnumerable<(string Name, string Value)> Settings => [];

    /// <summary>Statements on this server's database as the superuser, for set-ups and independent answers (<see cref="Sql"/>).</summary>
    public Task ExecuteAsync(string sql, params object?[] values) => Sql.ExecuteAsync(Database.ConnectionString, sql, values);

    public Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> row, params object?[] values) =>
        Sql.QueryAsync(Database.ConnectionString, sql, row, values);

    public Task<T> ScalarAsync<T>(string sql, params object?[] values) => Database.ScalarAsync<T>(sql, values);

    /// <summary>A user with the test password (unless one of that name exists already); returns the user's id.</summary>
    public Task<long> AddUserAsync(string username, Role role, long? areaId = null, long? staffId = null, string? departmentCode = null) =>
        TestUsers.AddAsync(Database.ConnectionString, username, role, areaId, staffId, departmentCode);

    /// <summary>A client that signs in as <paramref name="username"/> (test password) and sends the bearer token.</summary>
    public HttpClient ClientFor(string username) => CreateDefaultClient(new SignedIn(this, username));

    /// <summary>
    /// A GET as <paramref name="username"/> with headers of its own (a conditional or compressed
    /// request); the body is read before the answer returns.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(string username, string url, Action<HttpRequestHeaders>? headers = null)
    {
        using var http = ClientFor(username);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        headers?.Invoke(request.Headers);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>A client signed in as <c>admin</c>, who may use every endpoint everywhere (added first when missing).</summary>
    public HttpClient AdminClient() => CreateDefaultClient(new SignedIn(this, "admin", () => admin.Value));

    readonly Lazy<Task<long>> admin;

    public GridMapApp() => admin = new(() => AddUserAsync("admin", Role.Admin));

    /// <summary>The bearer token of a user, signing in through the API once per user.</summary>
    public Task<string> TokenFor(string username) => tokens.GetOrAdd(username, async name =>
    {
        using var http = CreateClient();
        return await TestUsers.SignInAsync(http, name);
    });

    sealed class SignedIn(GridMapApp app, string username, Func<Task>? before = null) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (before is not null) await before();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(username));
            return await base.SendAsync(request, ct);
        }
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(StateFolder, recursive: true);
    }
}
