using System.Diagnostics;
using Npgsql;

namespace GridMap.Bench.Tiles;

/// <summary>
/// Screens that open the same views at once, as a command centre's wall does: each of
/// <c>--screens</c> replays the whole viewport trace (<see cref="ViewportTrace"/>) with
/// <c>--clients</c> connections of its own, all at the same time, on tiles nobody asked for before
/// (every pass first moves the data's write counters, as a write would, so that no kept tile is
/// found). A server that builds each tile once for all the screens serves them with one
/// statement per tile; one that does not runs it once per screen.
/// </summary>
public static class ScreensBench
{
    public static async Task<int> RunAsync(Options options, string? data)
    {
        int screens = options.Int("screens", 4), clients = options.Int("clients", TilesBench.BrowserConnections), passes = options.Int("passes", 5), warmup = options.Int("warmup", 3);
        var baseline = options.Text("baseline", "") is { Length: > 0 } dll ? Path.GetFullPath(dll) : null;
        int rounds = baseline is null ? 1 : options.Int("rounds", 2);
        var kept = options.Text("database", "");
        var database = kept.Length > 0 ? ThrowawayDatabase.Existing(kept) : await DemoServer.LoadAsync(data);
        var rows = new List<string>();
        try
        {
            for (int round = 0; round < rounds; round++)
                foreach (var (build, path) in TilesBench.Builds(baseline))
                {
                    var load = Measure.LoadAverage();
                    var started = DateTime.UtcNow;
                    await using var server = await DemoServer.ServeAsync(database, path, keepDatabase: true);
                    var (requests, cpu, p99, trace) = await MeasureAsync(server, screens, clients, passes, warmup);
                    var loadAfter = Measure.LoadAverage();
                    double Us(TimeSpan t) => t.TotalMicroseconds / (trace * screens * passes);
                    rows.Add($"| {started:HH:mm} UTC, load {load} → {loadAfter} | {build} | {requests:F0} | {p99:F1} ms | " +
                             $"{Us(cpu.Bench):N0} / {Us(cpu.Server):N0} / {Us(cpu.Postgres):N0} = {Us(cpu.Total):N0} µs |");
                    Console.Error.WriteLine($"  {build}: {requests:F0} tile requests/s");
                }
        }
        finally
        {
            if (kept.Length == 0) await database.DisposeAsync();
        }
        Console.WriteLine($"{screens} screens at once, each replaying the trace with {clients} connections; {warmup} untimed and {passes} timed passes, each on tiles nobody asked for before (median pass)");
        Console.WriteLine();
        Console.WriteLine("| run | build | tile requests/s | p99 all zooms | CPU per request: bench / server / PostgreSQL = total |");
        Console.WriteLine("|---|---|---:|---:|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    static async Task<(double Requests, CpuTimes Cpu, double P99, int Trace)> MeasureAsync(DemoServer server, int screens, int clients, int passes, int warmup)
    {
        await using var db = NpgsqlDataSource.Create(server.Database.ConnectionString);
        var (bounds, _, _) = await TilesBench.DistrictAsync(db);
        var trace = ViewportTrace.Over(bounds, ["areas-grid-party", "households"]);

        var measured = new List<(double Requests, CpuTimes Cpu, List<TilesBench.Sample> Samples)>();
        for (int pass = 0; pass < warmup + passes; pass++)
        {
            // As a write to the areas and the households would: every tag changes, no kept tile is found.
            await using (var bump = db.CreateCommand("UPDATE data_versions SET version = version + 1 WHERE name IN ('areas', 'households')"))
                await bump.ExecuteNonQueryAsync();
            await Task.Delay(TileCountersMaxAge);
            var before = await CpuTimes.TakeAsync(db, server.Process);
            var clock = Stopwatch.StartNew();
            var replays = await Task.WhenAll(Enumerable.Range(0, screens).Select(_ => TilesBench.ReplayAsync(trace, clients, t => TilesBench.FetchAsync(server.Http, t))));
            var elapsed = clock.Elapsed;
            var cpu = (await CpuTimes.TakeAsync(db, server.Process)).Since(before);
            if (pass >= warmup) measured.Add((screens * trace.Tiles.Count / elapsed.TotalSeconds, cpu, replays.SelectMany(r => r).ToList()));
        }
        var all = measured.Aggregate(CpuTimes.Zero, (sum, m) => sum + m.Cpu);
        return (TilesBench.Median(measured.Select(m => m.Requests)), all, TilesBench.Percentile(measured.SelectMany(m => m.Samples), 0.99), trace.Tiles.Count);
    }

    /// <summary>Longer than the server remembers counters it read (<c>TileCounters.MaxAge</c>), so that each pass starts under the moved ones.</summary>
    static readonly TimeSpan TileCountersMaxAge = GridMap.Server.Tiles.TileCounters.MaxAge + TimeSpan.FromMilliseconds(100);
}
