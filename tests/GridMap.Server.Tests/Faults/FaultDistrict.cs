using System.Collections.Concurrent;

namespace GridMap.Tests.Faults;

/// <summary>
/// <see cref="SmallDistrict"/> and its users on a fresh database of a <see cref="ThrowawayCluster"/>,
/// served by a <see cref="ServerProcess"/> that can be killed and started again at the same address.
/// </summary>
public sealed class FaultDistrict : IAsyncDisposable
{
    readonly (string Key, string Value)[] settings;
    readonly ConcurrentDictionary<string, Task<string>> tokens = new();

    public string ConnectionString { get; }
    public int Port { get; } = LocalPorts.Free();
    public ServerProcess Server { get; private set; } = null!;
    public Uri Address => Server.Address;
    public NpgsqlDataSource Db { get; }

    FaultDistrict(string connectionString, (string Key, string Value)[] settings)
    {
        ConnectionString = connectionString;
        this.settings = settings;
        // No pool: the test's own queries must not meet connections that a restart has broken.
        Db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false });
    }

    /// <summary>A new database on <paramref name="cluster"/>, its server started (which migrates it), the district and users seeded.</summary>
    public static async Task<FaultDistrict> StartAsync(ThrowawayCluster cluster, params (string Key, string Value)[] settings)
    {
        var district = new FaultDistrict(await cluster.CreateDatabaseAsync(), settings);
        await district.StartServerAsync();
        await SmallDistrict.SeedAsync(district.ConnectionString);
        await SmallDistrict.SeedUsersAsync(district.ConnectionString);
        return district;
    }

    /// <summary>Starts the server (again) at the district's address.</summary>
    public async Task StartServerAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        Server = await ServerProcess.StartAsync(ConnectionString, Port, settings);
    }

    /// <summary>Another server on the same database, with its own settings and address.</summary>
    public Task<ServerProcess> StartAnotherServerAsync(string connectionString, params (string Key, string Value)[] settings) =>
        ServerProcess.StartAsync(connectionString, LocalPorts.Free(), settings);

    /// <summary>The bearer token of a user, signed in once through the API.</summary>
    public Task<string> TokenFor(string username) => tokens.GetOrAdd(username, async name =>
    {
        using var http = new HttpClient { BaseAddress = Address };
        return await TestUsers.SignInAsync(http, name);
    });

    /// <summary>A client of the district's server signed in as <paramref name="username"/>.</summary>
    public async Task<HttpClient> ClientFor(string username, Uri? server = null)
    {
        var http = new HttpClient { BaseAddress = server ?? Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(username));
        return http;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var cmd = Db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.Add(new() { Value = p });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] parameters)
    {
        await using var cmd = Db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.Add(new() { Value = p });
        await using var row = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await row.ReadAsync()) list.Add(read(row));
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        await Db.DisposeAsync();
    }
}
