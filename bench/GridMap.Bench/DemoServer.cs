using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace GridMap.Bench;

/// <summary>
/// The real server (Release build) on a throwaway database holding the committed demo district
/// (or another folder that <c>demo generate</c> wrote), on a free loopback port, with a client
/// signed in as the demo admin.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    const string Password = "bench-password-not-secret";

    public required ThrowawayDatabase Database { get; init; }
    public required Process Process { get; init; }
    public required HttpClient Http { get; init; }

    /// <summary>Whether disposing leaves the database for another run (<c>bench tiles --keep</c>).</summary>
    public bool KeepsDatabase { get; init; }

    public static async Task<DemoServer> StartAsync(string? data = null) => await ServeAsync(await LoadAsync(data));

    /// <summary>
    /// A throwaway database with the district of <paramref name="data"/> (default: the committed
    /// demo district) loaded by this build's <c>demo load</c>, and settled (<see cref="ThrowawayDatabase.SettleAsync"/>).
    /// </summary>
    public static async Task<ThrowawayDatabase> LoadAsync(string? data = null)
    {
        var database = await ThrowawayDatabase.CreateAsync();
        Run(ServerDll(), database.ConnectionString, "demo", "load", data ?? Path.Combine(Repository.Root, "data", "demo"));
        await database.SettleAsync();
        return database;
    }

    /// <summary>
    /// The server (this build's, or the one of <paramref name="dll"/>) on a database already loaded
    /// (its demo users sign in with the bench password), with <paramref name="settings"/> in its
    /// environment beside the bench's own; the database is dropped on dispose unless kept.
    /// </summary>
    public static async Task<DemoServer> ServeAsync(ThrowawayDatabase database, string? dll = null, bool keepDatabase = false,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        int port = FreePort();
        var process = Start(dll ?? ServerDll(), database.ConnectionString, $"http://127.0.0.1:{port}", settings, "serve");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        var server = new DemoServer { Database = database, Process = process, Http = http, KeepsDatabase = keepDatabase };
        try
        {
            await WaitUntilHealthyAsync(http);
            await SignInAsync(http, "admin");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        Process.Dispose();
        Http.Dispose();
        if (!KeepsDatabase) await Database.DisposeAsync();
    }

    public static string ServerDll()
    {
        var dll = Path.Combine(Repository.Root, "src", "GridMap.Server", "bin", "Release", "net10.0", "GridMap.Server.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the server (./gridmap bench builds it)");
        return dll;
    }

    public static ProcessStartInfo Server(string dll, string db, string? url, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["GRIDMAP_DB"] = db;
        psi.Environment["GRIDMAP_DEMO_PASSWORD"] = Password;
        // No background work beside what is measured: a cold answer is measured cold.
        psi.Environment["GRIDMAP_OVERDUE_SCAN_SECONDS"] = "0";
        psi.Environment["GRIDMAP_COVERAGE_WARM_SECONDS"] = "0";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        if (url is not null) psi.Environment["ASPNETCORE_URLS"] = url;
        return psi;
    }

    static void Run(string dll, string db, params string[] args)
    {
        using var p = Process.Start(Server(dll, db, null, args))!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"server {string.Join(' ', args)} failed: {stderr.Result}");
    }

    static Process Start(string dll, string db, string url, IReadOnlyDictionary<string, string>? settings, params string[] args)
    {
        var psi = Server(dll, db, url, args);
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  server: {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    static async Task WaitUntilHealthyAsync(HttpClient http)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(200))
        {
            try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
        }
        throw new TimeoutException("the server did not become healthy within 60 s");
    }

    /// <summary>A client of its own, signed in as the demo user <paramref name="username"/>.</summary>
    public async Task<HttpClient> ClientForAsync(string username)
    {
        var http = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Http.Timeout };
        await SignInAsync(http, username);
        return http;
    }

    /// <summary>Signs in as a demo user where sign-in exists, so requests are the ones a user makes.</summary>
    static async Task SignInAsync(HttpClient http, string username)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        if (response.StatusCode == HttpStatusCode.NotFound) return;
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
