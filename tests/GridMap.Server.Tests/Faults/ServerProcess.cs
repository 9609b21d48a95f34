using System.Reflection;

namespace GridMap.Tests.Faults;

/// <summary>
/// The built server as a process of its own (<c>dotnet GridMap.Server.dll serve</c>), as it runs in
/// production, so that it can be killed for real. The one place that knows how to start it: the
/// settings it is given, and how to tell that it is up.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    static readonly TimeSpan Safety = TimeSpan.FromMinutes(2);

    /// <summary>
    /// One key certificate for every server this test run starts, so that a restarted server
    /// accepts the tokens its live clients signed in with; removed when the run ends.
    /// </summary>
    static readonly string StateFolder = SharedStateFolder();

    static string SharedStateFolder()
    {
        var folder = Directory.CreateTempSubdirectory("gridmap-fault-state-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }

    readonly Process process;
    readonly List<string> output = [];

    public Uri Address { get; }

    ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    /// <summary>
    /// Starts the server on <paramref name="connectionString"/> at <c>http://127.0.0.1:port</c> and
    /// returns once <c>/health</c> answers 200 (the schema is migrated before that).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, int port, params (string Key, string Value)[] settings)
    {
        var address = new Uri($"http://127.0.0.1:{port}");
        var psi = new ProcessStartInfo("dotnet", [ServerAssembly, "serve"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestDatabase.RepoRoot,
        };
        psi.Environment["GRIDMAP_DB"] = connectionString;
        psi.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        psi.Environment["GRIDMAP_WEB"] = Path.Combine(TestDatabase.RepoRoot, "web");
        psi.Environment["GRIDMAP_STATE"] = StateFolder;
        foreach (var (key, value) in settings) psi.Environment[key] = value;

        var server = new ServerProcess(new Process { StartInfo = psi }, address);
        server.process.OutputDataReceived += (_, e) => server.Add(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Add(e.Data);
        server.process.Start();
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The server built in the same configuration as these tests (<c>./gridmap test</c> builds the whole solution).</summary>
    static string ServerAssembly
    {
        get
        {
            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var dll = Path.Combine(TestDatabase.RepoRoot, "src", "GridMap.Server", "bin", configuration, "net10.0", "GridMap.Server.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the server first: {dll} is missing.");
        }
    }

    async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = Safety };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited ({process.ExitCode}):\n{Output}");
            try
            {
                using var health = await http.GetAsync("/health");
                if (health.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { } // not listening yet
            catch (TaskCanceledException) { } // listening, and very busy
            if (deadline.Elapsed > Safety) throw new TimeoutException($"The server did not answer /health:\n{Output}");
            await Task.Delay(100);
        }
    }

    void Add(string? line)
    {
        if (line is null) return;
        lock (output) output.Add(line);
    }

    /// <summary>What the server wrote so far (its log).</summary>
    public string Output
    {
        get { lock (output) return string.Join('\n', output); }
    }

    /// <summary>Whether the server has written a line containing <paramref name="text"/>.</summary>
    public bool HasWritten(string text)
    {
        lock (output) return output.Any(line => line.Contains(text, StringComparison.Ordinal));
    }

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL: the server gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(Safety);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }

    bool disposed;
}
