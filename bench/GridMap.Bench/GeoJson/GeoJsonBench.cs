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
        await using var server = await DemoServer.StartAsync();
        var http = server.Http;
        await using var connection = new NpgsqlConnection(server.Database.ConnectionString);
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

        Console.WriteLine($"load average: {Measure.LoadAverage()}; {runs} alternating runs each; {features} grids");
        Console.WriteLine();
        Console.WriteLine("| what | median | bytes |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| `GET /api/areas?level=grid` (server, HTTP) | {Ms(endpoint)} | {endpointBytes:N0} |");
        Console.WriteLine($"| bare `json_agg(ST_AsGeoJSON(...))` (Npgsql) | {Ms(bare)} | {bareBytes:N0} |");
        Console.WriteLine();
        Console.WriteLine($"speed of the endpoint relative to the bare query: {bare / endpoint:F2}× (goal ≥ 0.9×)");
        return 0;
    }

    static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";
}
