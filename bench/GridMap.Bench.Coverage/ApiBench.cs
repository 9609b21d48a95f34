using System.Net.Http.Json;
using System.Text.Json;

namespace GridMap.Bench.Coverage;

/// <summary>
/// The planner's requests against a running server, as the page makes them: each radius a new
/// one, as when the slider moves. Wall-clock time of the whole HTTP round trip on loopback.
/// </summary>
static class ApiBench
{
    public static void Run(Options o, Table table)
    {
        using var http = new HttpClient { BaseAddress = new Uri(o.Url) };
        var first = http.GetFromJsonAsync<JsonElement>("/api/coverage").GetAwaiter().GetResult();
        var households = first.GetProperty("households").GetProperty("total").GetInt64();
        var area = first.GetProperty("area").GetProperty("name").GetString();
        int runs = Math.Max(o.Runs, 50), next = 0;
        // Slider positions 300, 310, … 1290 m: no two requests of a series alike.
        string Radius() => $"radiusM={300 + next++ % 100 * 10}";
        void Get(string path) => http.GetAsync(path).GetAwaiter().GetResult().EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();

        string size = $"{area}: {households:N0} households, {first.GetProperty("rows").GetArrayLength()} rows";
        table.Add("GET /api/coverage (own radius)", size, Workload.Time(runs, () => Get("/api/coverage")), 100);
        table.Add("GET /api/coverage?radiusM=… (slider)", size, Workload.Time(runs, () => Get($"/api/coverage?{Radius()}")), 100);
        table.Add("GET /api/coverage?mode=walking&radiusM=… (slider)", size, Workload.Time(runs, () => Get($"/api/coverage?mode=walking&{Radius()}")));
        table.Add("GET /api/coverage/uncovered?radiusM=…", size, Workload.Time(runs, () => Get($"/api/coverage/uncovered?{Radius()}")));
        table.Add("GET /api/coverage/shape?radiusM=… (dissolve, uncached)", size, Workload.Time(runs, () => Get($"/api/coverage/shape?{Radius()}")));
        table.Add("POST /api/coverage/suggest k = 3, r = 500 m", size, Workload.Time(Math.Max(7, o.Runs / 5), () =>
            http.PostAsJsonAsync("/api/coverage/suggest", new { k = 3, radiusM = 500 }).GetAwaiter().GetResult().EnsureSuccessStatusCode()));
        table.Note($"server {o.Url}; CPU times are the benchmark client's, not the server's");
    }
}
