using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridMap.Server.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace GridMap.Tests.Support;

/// <summary>The real server on a throwaway PostGIS database (schema applied at start-up).</summary>
public class GridMapApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    /// <summary>Every test user's password.</summary>
    public const string Password = "test-password-1";

    /// <summary>Hashed once: the hash is deliberately slow.</summary>
    static readonly Lazy<string> PasswordHash = new(() => Passwords.Hash(Password));

    readonly ConcurrentDictionary<string, Task<string>> tokens = new();

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        CreateClient().Dispose(); // start the host: runs the migrations
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("GRIDMAP_DB", Database.ConnectionString);
        // Tests sign in far more often than people do; the limit itself has its own test.
        builder.UseSetting("GRIDMAP_LOGIN_PER_MINUTE", "100000");
    }

    /// <summary>A user with the test password (unless one of that name exists already); returns the user's id.</summary>
    public async Task<long> AddUserAsync(string username, Role role, long? areaId = null, long? staffId = null)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            WITH added AS (
                INSERT INTO users (username, password_hash, role, area_id, staff_id) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (username) DO NOTHING RETURNING id)
            SELECT id FROM added UNION ALL SELECT id FROM users WHERE username = $1
            """, conn);
        cmd.Parameters.Add(new() { Value = username });
        cmd.Parameters.Add(new() { Value = PasswordHash.Value });
        cmd.Parameters.Add(new() { Value = role.Code() });
        cmd.Parameters.Add(new() { Value = (object?)areaId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = (object?)staffId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>A client that signs in as <paramref name="username"/> (test password) and sends the bearer token.</summary>
    public HttpClient ClientFor(string username) => CreateDefaultClient(new SignedIn(this, username));

    /// <summary>The bearer token of a user, signing in through the API once per user.</summary>
    public Task<string> TokenFor(string username) => tokens.GetOrAdd(username, async name =>
    {
        using var http = CreateClient();
        var response = await http.PostAsJsonAsync("/api/auth/login", new { username = name, password = Password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"sign-in as {name} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    });

    sealed class SignedIn(GridMapApp app, string username) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(username));
            return await base.SendAsync(request, ct);
        }
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
