namespace GridMap.Tests.Faults;

/// <summary>
/// A PostgreSQL 15 + PostGIS cluster of the test's own, in a temp folder on a free port, which the
/// test may stop and start as it likes: the shared cluster of <c>./gridmap</c> must never be. The
/// settings are the durable ones (fsync, synchronous_commit and full_page_writes on). initdb
/// refuses to run as root, so when the tests do, every PostgreSQL program runs as the
/// <c>postgres</c> OS user, in a folder that user owns.
/// </summary>
public sealed class ThrowawayCluster : IAsyncLifetime
{
    const string Bin = "/usr/lib/postgresql/15/bin";
    const string Superuser = "postgres";
    static readonly TimeSpan Safety = TimeSpan.FromMinutes(2);

    string folder = "";
    readonly string password = Guid.NewGuid().ToString("N");

    public int Port { get; private set; }

    string DataFolder => Path.Combine(folder, "data");

    public async Task InitializeAsync()
    {
        folder = (await RunAsync("mktemp", "-d", "/tmp/gridmap-fault-XXXXXX")).Trim();
        var passwordFile = Path.Combine(folder, "password");
        await File.WriteAllTextAsync(passwordFile, password);
        if (AsPostgres) await RunAsync("chown", [Superuser, passwordFile], asPostgres: false);
        // --no-sync, as PostgreSQL's own test clusters are made: initdb does not wait for its files
        // to reach the disk (seconds saved). The cluster itself runs with the durable settings.
        await RunAsync($"{Bin}/initdb", "-D", DataFolder, "-U", Superuser, "--encoding=UTF8", "--locale=C.UTF-8",
            "--auth-local=peer", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}", "--no-sync");
        File.Delete(passwordFile);
        // A free port can be taken between asking and binding it: try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = LocalPorts.Free();
            try
            {
                await StartAsync();
                break;
            }
            catch (InvalidOperationException) when (attempt < 3) { }
        }
    }

    /// <summary>An empty PostGIS database of this cluster; returns the superuser's connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "gm_fault_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using var conn = new NpgsqlConnection(ConnectionString(name));
        await conn.OpenAsync();
        await using var ext = new NpgsqlCommand("CREATE EXTENSION postgis", conn);
        await ext.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = Superuser, Password = password, Database = database,
    }.ConnectionString;

    public Task StartAsync() => RunAsync($"{Bin}/pg_ctl", "-D", DataFolder, "-l", Path.Combine(folder, "postgres.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on", "start");

    /// <summary>
    /// Stops the cluster: <c>fast</c> ends every session (57P01) and checkpoints, as a service
    /// restart does; <c>immediate</c> ends the processes as a crash would, and the next start
    /// recovers from the write-ahead log.
    /// </summary>
    public Task StopAsync(string mode) => RunAsync($"{Bin}/pg_ctl", "-D", DataFolder, "-m", mode, "-w", "-t", "60", "stop");

    /// <summary>Starts the cluster unless it runs: a test that failed during an outage leaves it running for the next.</summary>
    public async Task EnsureRunningAsync()
    {
        try
        {
            await RunAsync($"{Bin}/pg_ctl", "-D", DataFolder, "status");
        }
        catch (InvalidOperationException)
        {
            await StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (folder.Length == 0) return;
        try
        {
            await StopAsync("immediate");
        }
        catch (InvalidOperationException) { } // already stopped
        Directory.Delete(folder, recursive: true);
    }

    static bool AsPostgres => Environment.IsPrivilegedProcess;

    Task<string> RunAsync(string file, params string[] args) => RunAsync(file, args, AsPostgres);

    async Task<string> RunAsync(string file, string[] args, bool asPostgres)
    {
        var psi = asPostgres ? new ProcessStartInfo("runuser", ["-u", Superuser, "--", file, .. args]) : new ProcessStartInfo(file, args);
        // postgres may not enter the test's own folder.
        psi.WorkingDirectory = "/tmp";
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Safety);
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(folder, "postgres.log");
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await errors}"
                + (File.Exists(log) ? "\n" + string.Join('\n', File.ReadLines(log).TakeLast(20)) : ""));
        }
        return await output;
    }
}
