using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GridMap.Load;

/// <summary>
/// The server as a separate process on a throwaway database of the private PostGIS cluster,
/// seeded with the synthetic district; stopped and dropped afterwards.
/// </summary>
sealed class SelfHost : IAsyncDisposable
{
    readonly string admin;
    readonly string database = "gm_load_" + Guid.NewGuid().ToString("N")[..8];
    /// <summary>The server's data folder (its token-key certificate), removed afterwards.</summary>
    readonly string stateFolder = Directory.CreateTempSubdirectory("gridmap-load-").FullName;
    Process? server;

    public string Url { get; private set; } = "";

    /// <summary>The admin the tool signs in as, made for this run.</summary>
    public string User => "load";
    public string Password { get; } = Guid.NewGuid().ToString("N");

    /// <summary>CPU time the server process has used so far.</summary>
    public TimeSpan ServerCpu
    {
        get
        {
            server!.Refresh();
            return server.TotalProcessorTime;
        }
    }
    public string ConnectionString => new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;

    SelfHost(string admin) => this.admin = admin;

    public static async Task<SelfHost> StartAsync(TextWriter log)
    {
        var host = new SelfHost(Environment.GetEnvironmentVariable("GRIDMAP_TEST_ADMIN_DB") is { Length: > 0 } a ? a : Repo.Gridmap("db-url --admin"));
        try
        {
            await host.StartServerAsync(log);
        }
        catch
        {
            // Else the server and its database outlive the tool.
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    async Task StartServerAsync(TextWriter log)
    {
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", conn);
            await create.ExecuteNonQueryAsync();
            // Settings for this database alone, before the server's first connection (auto_explain,
            // log_lock_waits while looking for a stall): never the cluster's.
            foreach (var setting in (Environment.GetEnvironmentVariable("GRIDMAP_LOAD_DB_SETTINGS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await using var set = new NpgsqlCommand($"ALTER DATABASE {database} SET {setting}", conn);
                await set.ExecuteNonQueryAsync();
            }
        }
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await using var ext = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", conn);
            await ext.ExecuteNonQueryAsync();
        }

        Url = $"http://127.0.0.1:{FreePort()}";
        var dll = Path.Combine(Repo.Root, "src", "GridMap.Server", "bin", Repo.Configuration, "net10.0", "GridMap.Server.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "--urls", Url]) { WorkingDirectory = Repo.Root, RedirectStandardOutput = true };
        start.Environment["GRIDMAP_DB"] = ConnectionString;
        start.Environment["GRIDMAP_STATE"] = stateFolder;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        server = Process.Start(start)!;
        server.OutputDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine("server: " + line); };
        server.BeginOutputReadLine();

        using var http = new HttpClient();
        // Up to three minutes: on a loaded machine the migrations of a new database take more than one.
        for (var tries = 0; ; tries++)
        {
            try
            {
                if ((await http.GetAsync(Url + "/health")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) when (tries < 1800 && !server.HasExited) { }
            if (server.HasExited || tries >= 1800) throw new InvalidOperationException("the server did not start");
            await Task.Delay(100);
        }
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await using var seed = new NpgsqlCommand(District.SyntheticSql, conn);
            await seed.ExecuteNonQueryAsync();
        }
        var addUser = new ProcessStartInfo("dotnet", ["exec", dll, "user", "add", User, "--role", "admin", "--password", Password]) { WorkingDirectory = Repo.Root };
        addUser.Environment["GRIDMAP_DB"] = ConnectionString;
        addUser.Environment["GRIDMAP_STATE"] = stateFolder;
        using (var add = Process.Start(addUser)!)
        {
            await add.WaitForExitAsync();
            if (add.ExitCode != 0) throw new InvalidOperationException("self-host: could not add the load user");
        }
        log.WriteLine($"self-host: server pid {server.Id} at {Url} on database {database} (synthetic district)");
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
        Directory.Delete(stateFolder, recursive: true);
    }
}

/// <summary>The repository this tool runs from, and its <c>./gridmap</c> script.</summary>
static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the server is built alongside this tool in the same configuration.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridMap.sln"))) return dir.FullName;
        throw new InvalidOperationException("GridMap.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Gridmap(string arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Root, "gridmap"), arguments) { RedirectStandardOutput = true };
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"./gridmap {arguments} failed");
        return output;
    }
}
