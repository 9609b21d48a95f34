using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridMap.Load;

/// <summary>A case written by the load: when its POST was sent and its 201 came back (Stopwatch ticks).</summary>
sealed record Written(long CaseId, Grid Grid, long StartedAt, long ReturnedAt);

/// <summary>Writers reporting cases through <c>POST /api/cases</c> at a target rate, as a 12345 system would.</summary>
sealed class CaseWriter(string url, string token) : IDisposable
{
    readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
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
    /// picked at random, case i due at start + i / rate, at most <paramref name="writers"/> in
    /// flight. Late writers do not wait.
    /// </summary>
    public async Task<List<Written>> RunAsync(District district, int rate, int seconds, int writers, int seed)
    {
        var total = rate * seconds;
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        var perWriter = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed * 7919 + w);
            var written = new List<Written>();
            for (int i; (i = Interlocked.Increment(ref next)) < total;)
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                var grid = district.Grids[random.Next(district.Grids.Length)];
                var startedAt = Stopwatch.GetTimestamp();
                var (lon, lat) = grid.Points[random.Next(grid.Points.Length)];
                var id = await ReportAsync(lon, lat, $"load case {i}");
                written.Add(new(id, grid, startedAt, Stopwatch.GetTimestamp()));
            }
            return written;
        })));
        return [.. perWriter.SelectMany(w => w)];
    }

    public void Dispose() => http.Dispose();
}
