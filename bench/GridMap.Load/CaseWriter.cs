using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridMap.Load;

/// <summary>A case written by the load: when its POST was due and when its 201 came back (Stopwatch ticks).</summary>
sealed record Written(long CaseId, Grid Grid, long StartedAt, long ReturnedAt);

/// <summary>Reports through <c>POST /api/cases</c> at a target rate, as a 12345 hotline system would send them.</summary>
sealed class CaseWriter(string url, string token, int connections) : IDisposable
{
    readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = connections })
    {
        BaseAddress = new Uri(url),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    /// <summary>Reports one case at a point and returns its id.</summary>
    public async Task<long> ReportAsync(double lon, double lat, string description)
    {
        using var response = await http.PostAsJsonAsync("/api/cases", new { lon, lat, categoryCode = "municipal_facilities", description });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/cases: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>
    /// Reports <paramref name="rate"/> cases a second for <paramref name="seconds"/>, in grids
    /// picked at random, case i due at start + i / rate whether or not earlier ones have returned
    /// (an open loop, as reports from the public arrive). Latency counts from the due time, so a
    /// server that falls behind shows it instead of slowing the load down. At most
    /// <paramref name="inFlight"/> POSTs are outstanding; a report waiting for a slot is late.
    /// </summary>
    public async Task<List<Written>> RunAsync(District district, int rate, int seconds, int inFlight, int seed)
    {
        var random = new Random(seed);
        var slots = new SemaphoreSlim(inFlight);
        var start = Stopwatch.GetTimestamp();
        var reports = new List<Task<Written>>(rate * seconds);
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            await slots.WaitAsync();
            var grid = district.Grids[random.Next(district.Grids.Length)];
            var (lon, lat) = grid.Points[random.Next(grid.Points.Length)];
            reports.Add(ReportAsync(grid, lon, lat, $"load case {i}", due, slots));
        }
        return [.. await Task.WhenAll(reports)];
    }

    async Task<Written> ReportAsync(Grid grid, double lon, double lat, string description, long due, SemaphoreSlim slots)
    {
        try
        {
            var id = await ReportAsync(lon, lat, description);
            return new(id, grid, due, Stopwatch.GetTimestamp());
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose() => http.Dispose();
}
