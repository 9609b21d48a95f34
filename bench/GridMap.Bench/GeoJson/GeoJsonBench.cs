using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

namespace GridMap.Bench.GeoJson;

/// <summary>
/// Benchmark (b): <c>GET /api/areas?level=grid</c> of the demo district through the real server
/// (HTTP on loopback) against the bare query that has PostGIS build the same collection in one
/// value, <c>json_agg(ST_AsGeoJSON(…))</c>, read by a client. Both read every byte; the runs
/// alternate so that machine load hits both alike.
/// </summary>
public static class GeoJsonBench
{
    const string BareQuery = """
        SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(ST_AsGeoJSON(a.*, 'boundary', 7)::json))::text
        FROM (SELECT id, level, layer, code, name, parent_id AS "parentId", population, boundary
              FROM areas WHERE level = 'grid' ORDER BY id) a
        """;

    public static async Task<int> RunAsync(Options options)
    {
        int runs = options.Int("runs", 50);
        await using var database = await ThrowawayDatabase.CreateAsync();
        var server = ServerDll();
        const string password = "bench-password-not-secret";
        Run(server, database.ConnectionString, password, "demo", "load", Path.Combine(Repository.Root, "data", "demo"));

        int port = FreePort();
        using var process = Start(server, database.ConnectionString, password, $"http://127.0.0.1:{port}", "serve");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await WaitUntilHealthyAsync(http);
            await SignInAsync(http, password);

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            long endpointBytes = 0, bareBytes = 0;
            async Task Endpoint()
            {
                using var response = await http.GetAsync("/api/areas?level=grid", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                endpointBytes = (await response.Content.ReadAsByteArrayAsync()).Length;
            }
            async Task Bare()
            {
                await using var cmd = new NpgsqlCommand(BareQuery, connection);
                bareBytes = System.Text.Encoding.UTF8.GetByteCount((string)(await cmd.ExecuteScalarAsync())!);
            }

            await Endpoint();
            await Bare();
            var endpointTimes = new List<TimeSpan>();
            var bareTimes = new List<TimeSpan>();
            for (int run = 0; run < runs; run++)
            {
                endpointTimes.Add(await Measure.OnceAsync(Endpoint));
                bareTimes.Add(await Measure.OnceAsync(Bare));
            }
            var endpoint = Measure.Median(endpointTimes);
            var bare = Measure.Median(bareTimes);
            var features = JsonDocument.Parse(await http.GetStringAsync("/api/areas?level=grid")).RootElement.GetProperty("features").GetArrayLength();

            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {runs} alternating runs each; {features} grids");
            Console.WriteLine();
            Console.WriteLine("| what | median | bytes |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine($"| `GET /api/areas?level=grid` (server, HTTP) | {Ms(endpoint)} | {endpointBytes:N0} |");
            Console.WriteLine($"| bare `json_agg(ST_AsGeoJSON(...))` (Npgsql) | {Ms(bare)} | {bareBytes:N0} |");
            Console.WriteLine();
            Console.WriteLine($"speed of the endpoint relative to the bare query: {bare / endpoint:F2}× (goal ≥ 0.9×)");
            return 0;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";

    static string ServerDll()
    {
        var dll = Path.Combine(Repository.Root, "src", "GridMap.Server", "bin", "Release", "net10.0", "GridMap.Server.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the server (./gridmap bench builds it)");
        return dll;
    }

    static ProcessStartInfo Server(string dll, string db, string password, string? url, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["GRIDMAP_DB"] = db;
        psi.Environment["GRIDMAP_DEMO_PASSWORD"] = password;
        psi.Environment["GRIDMAP_OVERDUE_SCAN_SECONDS"] = "0";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        if (url is not null) psi.Environment["ASPNETCORE_URLS"] = url;
        return psi;
    }

    static void Run(string dll, string db, string password, params string[] args)
    {
        using var p = Process.Start(Server(dll, db, password, null, args))!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"server {string.Join(' ', args)} failed: {stderr.Result}");
    }

    static Process Start(string dll, string db, string password, string url, params string[] args)
    {
        var p = Process.Start(Server(dll, db, password, url, args))!;
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

    /// <summary>Signs in as the demo admin where sign-in exists, so the read is the one a user makes.</summary>
    static async Task SignInAsync(HttpClient http, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password });
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
