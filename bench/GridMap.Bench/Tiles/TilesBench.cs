using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GridMap.Server.Auth;
using GridMap.Server.Tiles;
using Npgsql;

namespace GridMap.Bench.Tiles;

/// <summary>
/// Benchmark (d): vector tiles. A viewport trace (<see cref="ViewportTrace"/>: pan and zoom over
/// the district, as someone looking over it does) is replayed against
/// <c>GET /tiles/{layer}/{z}/{x}/{y}.mvt</c> of the real server (HTTP on loopback, signed in as
/// the demo admin, gzip accepted as a browser does) and against the bare query: the very
/// statement the endpoint runs for that tile (<see cref="TileQuery"/>), over Npgsql with no
/// HTTP, sign-in, ETag or compression. Both run with the same number of concurrent clients
/// (<see cref="BrowserConnections"/> unless told); the passes alternate so that the machine's
/// load hits both alike. The endpoint's throughput is wrk's (<see cref="WrkReplay"/>), its
/// latencies the bench's HttpClient's, in a pass of their own.
/// </summary>
public static class TilesBench
{
    /// <summary>
    /// Connections a replay keeps busy, as the map page does: Chromium opens at most six to a host
    /// over HTTP/1.1, and the map asks for up to 40 tiles at once while a view loads, so all six
    /// are busy while its tiles come in (measured: docs/benchmarks.md, "Tiles replayed over the map
    /// page's six connections").
    /// </summary>
    public const int BrowserConnections = 6;

    /// <remarks>
    /// <c>--keep</c> leaves the loaded database for a later run (<c>--database NAME</c>), as a load of
    /// the city district takes minutes. <c>--baseline DLL</c> (another build's GridMap.Server.dll)
    /// serves the same database with that build and with this one in turn, <c>--rounds</c> times,
    /// each on a fresh server, so that a change is measured back to back at the same load. Each
    /// build is measured with its tile cache off and on (<see cref="Caches"/>).
    /// </remarks>
    public static async Task<int> RunAsync(Options options, string? data)
    {
        int passes = options.Int("passes", 15), warmup = options.Int("warmup", 5), clients = options.Int("clients", BrowserConnections);
        var baseline = options.Text("baseline", "") is { Length: > 0 } dll ? Path.GetFullPath(dll) : null;
        int rounds = baseline is null ? 1 : options.Int("rounds", 2);
        var kept = options.Text("database", "");
        var keep = options.Flag("keep");
        var loading = Stopwatch.StartNew();
        var database = kept.Length > 0 ? ThrowawayDatabase.Existing(kept) : await DemoServer.LoadAsync(data);
        Console.Error.WriteLine(kept.Length > 0 ? $"  serving the kept database {kept}" : $"  loaded {data ?? "data/demo"} in {Measure.Format(loading.Elapsed)}");
        var runs = new List<(string Build, string Load, string Tiles, Comparison C)>();
        try
        {
            for (int round = 0; round < rounds; round++)
                foreach (var (build, path) in Builds(baseline))
                    foreach (var (tiles, settings) in Caches)
                    {
                        var load = Measure.LoadAverage();
                        var started = DateTime.UtcNow;
                        await using var server = await DemoServer.ServeAsync(database, path, keepDatabase: true, settings);
                        var c = await CompareAsync(server, passes, warmup, clients);
                        var loadAfter = Measure.LoadAverage();
                        runs.Add((build, $"{started:HH:mm} UTC, load {load} → {loadAfter}", tiles, c));
                        Print($"{build}, {tiles}", c, load, loadAfter, clients, warmup, passes);
                    }
        }
        finally
        {
            if (keep) Console.Error.WriteLine($"  kept the database {database.Name}: --database {database.Name} serves it again");
            else await database.DisposeAsync();
        }
        Console.WriteLine("| run | build | tiles | endpoint tiles/s | bare tiles/s | ratio | p99 z14 | CPU per tile, endpoint: bench / server / PostgreSQL = total | CPU per tile, bare: bench / server / PostgreSQL = total | serving CPU, bare ÷ endpoint |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---|---|---:|");
        foreach (var (build, load, tiles, c) in runs)
            Console.WriteLine($"| {load} | {build} | {tiles} | {c.EndpointRate:F0} | {c.BareRate:F0} | {c.Ratio:F2}× | {c.P99Z14:F1} ms | {CpuPerTile(c.EndpointPasses)} | {CpuPerTile(c.BarePasses)} | {c.ServingRatio:F2} |");
        return 0;
    }

    /// <summary>The builds a round serves: another build's GridMap.Server.dll first when given (null: this build's).</summary>
    internal static (string Build, string? Dll)[] Builds(string? baseline) =>
        baseline is null ? [("this build", null)] : [($"baseline {baseline}", baseline), ("this build", null)];

    /// <summary>
    /// The server's tile cache (<c>GRIDMAP_TILE_CACHE_MB</c>) off, so that every tile is built as
    /// when it is asked for the first time; then as served, where the untimed passes leave every
    /// tile of the trace kept and the timed ones find it, as when others looked at the district before.
    /// </summary>
    public static readonly (string Tiles, IReadOnlyDictionary<string, string> Settings)[] Caches =
    [
        ("asked the first time (cache off)", new Dictionary<string, string> { ["GRIDMAP_TILE_CACHE_MB"] = "0" }),
        ("asked again (the server's cache)", new Dictionary<string, string>()),
    ];

    static void Print(string build, Comparison c, string load, string loadAfter, int clients, int warmup, int passes)
    {
        Console.WriteLine($"{build}: load average {load} at the start, {loadAfter} at the end; district: {c.Counts}");
        Console.WriteLine($"trace: {c.Trace}; {clients} concurrent clients; {warmup} untimed and {passes} timed passes each, alternating");
        Console.WriteLine();
        Console.WriteLine("| what | tiles/s (median pass) | p50 z14 | p99 z14 | p99 all zooms | bytes per pass | empty (204) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| endpoint `GET /tiles/…mvt` (HTTP, gzip), wrk | {c.EndpointRate:F0} | | | | | |");
        Row("the same, the bench's HttpClient", c.HttpClientPasses);
        Row("bare tile statement (Npgsql)", c.BarePasses);
        Console.WriteLine();
        Console.WriteLine("CPU per tile over the timed passes (user + system, /proc; PostgreSQL: the backends of this database):");
        Console.WriteLine();
        Console.WriteLine("| what | bench process (and wrk) | server | PostgreSQL | total |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        CpuRow("endpoint, wrk", c.EndpointPasses);
        CpuRow("endpoint, the bench's HttpClient", c.HttpClientPasses);
        CpuRow("bare tile statement", c.BarePasses);
        Console.WriteLine();
        Console.WriteLine($"the serving side's CPU per tile, bare ÷ endpoint: {c.ServingRatio:F2} (endpoint: the server and PostgreSQL; bare: the bench's Npgsql and PostgreSQL; " +
                          "the endpoint's throughput ratio if its load generator, wrk, ran on another machine)");
        Console.WriteLine($"cores kept busy over the passes (bench, wrk, server and PostgreSQL), endpoint / bare: {CoresBusy(c.EndpointPasses):F2} / {CoresBusy(c.BarePasses):F2} of {Environment.ProcessorCount}");
        Console.WriteLine($"the background compilers in the timed endpoint passes: the server's {c.ServerJitShare:P1} of the server's CPU, " +
                          $"the bench's {c.BenchJitShare:P1} of the bench's (wrk's included)");
        Console.WriteLine($"passes (endpoint / bare tiles/s): {string.Join(", ", c.EndpointPasses.Zip(c.BarePasses, (e, b) => $"{e.TilesPerSecond:F0} / {b.TilesPerSecond:F0}"))}");
        Console.WriteLine($"throughput of the endpoint relative to the bare query (median of the passes' ratios): {c.Ratio:F2}× (target ≥ 0.9×: {(c.Ratio >= 0.9 ? "met" : "not met")}); " +
                          $"with the bench's HttpClient as the load generator {c.HttpClientRatio:F2}×");
        Console.WriteLine($"endpoint p99 at z14: {c.P99Z14:F1} ms (target ≤ 50 ms: {(c.P99Z14 <= 50 ? "met" : "not met")})");
        Console.WriteLine();
    }

    /// <summary>
    /// What the trace's replay found: <see cref="Ratio"/> is the median of each endpoint pass's
    /// throughput (wrk's) over the bare pass after it, <see cref="HttpClientRatio"/> the same with the
    /// bench's HttpClient as the load generator, whose passes give the latencies.
    /// </summary>
    public sealed record Comparison(double Ratio, double P99Z14, double EndpointRate, double BareRate, string Trace, string Counts,
        List<Pass> EndpointPasses, List<Pass> BarePasses, List<Pass> HttpClientPasses, double HttpClientRatio)
    {
        /// <summary>The server's background compiler's share of the server's CPU in the timed endpoint passes: above nothing, the server was not yet warm.</summary>
        public double ServerJitShare => Timed(p => p.ServerJit) / Timed(p => p.Cpu.Server);

        /// <summary>The bench's background compiler's share of the bench's CPU (wrk's included) in the timed endpoint passes.</summary>
        public double BenchJitShare => Timed(p => p.BenchJit) / Timed(p => p.Cpu.Bench);

        TimeSpan Timed(Func<Pass, TimeSpan> of) => EndpointPasses.Aggregate(TimeSpan.Zero, (sum, p) => sum + of(p));

        /// <summary>
        /// CPU per tile of what serves it, bare ÷ endpoint. On the bare side the bench's Npgsql does
        /// the server's part; on the endpoint side the bench (with wrk) is only the load generator,
        /// which on this machine takes its CPU from the server and the database, elsewhere from nothing.
        /// </summary>
        public double ServingRatio
        {
            get
            {
                var (endpoint, bare) = (Sum(EndpointPasses), Sum(BarePasses));
                return (bare.Total / BarePasses.Sum(p => p.Tiles)) / ((endpoint.Server + endpoint.Postgres) / EndpointPasses.Sum(p => p.Tiles));
            }
        }
    }

    /// <summary>Each endpoint pass's throughput over the bare pass after it, smallest first (not in the passes' order).</summary>
    public static double[] PassRatios(List<Pass> endpoint, List<Pass> bare) =>
        [.. endpoint.Zip(bare, (e, b) => e.TilesPerSecond / b.TilesPerSecond).Order()];

    static CpuTimes Sum(List<Pass> passes) => passes.Aggregate(CpuTimes.Zero, (sum, p) => sum + p.Cpu);

    /// <summary>
    /// How many cores the bench, the server and PostgreSQL kept busy over the passes, on average:
    /// below the machine's, the side waited on its own round trips (the rest of a throughput
    /// ratio beside the CPU per tile).
    /// </summary>
    public static double CoresBusy(List<Pass> passes) =>
        Sum(passes).Total.TotalSeconds / passes.Sum(p => p.Tiles / p.TilesPerSecond);

    /// <summary>The viewport trace replayed against the served district's endpoint and the bare statement, alternating.</summary>
    public static async Task<Comparison> CompareAsync(DemoServer server, int passes, int warmup, int clients)
    {
        await using var db = NpgsqlDataSource.Create(server.Database.ConnectionString);
        // The bare statement on connections made as the server's tile connections are, settings and all.
        await using var tiles = TileDatabase.Open(server.Database.ConnectionString, TileOptions.Default);
        var (bounds, counts, adminId) = await DistrictAsync(db);
        var trace = ViewportTrace.Over(bounds, ["areas-grid-party", "households"]);
        var admin = new Caller(adminId, "admin", Role.Admin, null, null);

        Task<Sample> Endpoint(TraceTile t) => FetchAsync(server.Http, t);
        using var wrk = new WrkReplay(server, trace, clients);
        async Task<Sample> Bare(TraceTile t)
        {
            var clock = Stopwatch.StartNew();
            var layer = TileLayers.Find(t.Layer)!;
            var built = await TileQuery.RunAsync(tiles, new(layer, new(t.Z, t.X, t.Y), admin), CancellationToken.None);
            return new(t, clock.Elapsed, built.Mvt.Length);
        }

        Task<CpuTimes.Snapshot> Cpu() => CpuTimes.TakeAsync(db, server.Process);
        // A household tile sent unmasked records the read of its households, whose index the
        // server merges every second (Auth/PersonalDataReadsMerge.cs). A pass ends with the merge
        // of what it recorded, so that each pays for its own reads: left to the server's clock, the
        // merges fell in whichever passes were under way, and a pass of kept tiles, which records
        // its reads too, had the bare pass after it pay for most of them (docs/benchmarks.md).
        async Task MergeReads()
        {
            await using var merge = db.CreateCommand("SELECT merge_personal_data_reads_index()");
            await merge.ExecuteScalarAsync();
        }
        // A pass: a replay of the trace, then the merge of the reads it recorded, with the CPU both took.
        async Task<Pass> PassAsync(Func<Task<(List<Sample> Samples, int Tiles, TimeSpan Elapsed)>> replay)
        {
            var before = await Cpu();
            var (samples, tiles, replayed) = await replay();
            var merging = Stopwatch.StartNew();
            await MergeReads();
            var elapsed = replayed + merging.Elapsed;
            var after = await Cpu();
            return new(samples, tiles, tiles / elapsed.TotalSeconds, after.Since(before), after.ServerJitSince(before), after.BenchJitSince(before));
        }
        // wrk's throughput, timed by wrk; the bench's own clients, timed here.
        Task<Pass> Throughput() => PassAsync(async () =>
        {
            var (tiles, elapsed) = await wrk.RunAsync();
            return ([], tiles, elapsed);
        });
        Task<Pass> Clients(Func<TraceTile, Task<Sample>> fetch) => PassAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            var samples = await ReplayAsync(trace, clients, fetch);
            return (samples, samples.Count, clock.Elapsed);
        });

        // Untimed passes of each: the JIT's tiers (the server's throughput still grows over the
        // first few passes), connection pools, PostgreSQL's caches. More of them until the
        // background compilers, the server's and the bench's own, are quiet (WarmJitShare,
        // QuietPasses): on a busy machine they are not done after a few passes, and their work
        // is no cost of a tile.
        int warmed = 0;
        for (int quiet = 0; warmed < warmup || (quiet < QuietPasses && warmed < MaxWarmup * warmup); warmed++)
        {
            var pass = await Throughput();
            quiet = pass.ServerJit <= WarmJitShare * pass.Cpu.Server && pass.BenchJit <= WarmJitShare * pass.Cpu.Bench ? quiet + 1 : 0;
            await Clients(Endpoint);
            await Clients(Bare);
        }
        Console.Error.WriteLine($"  {warmed} untimed passes of each");
        var endpointPasses = new List<Pass>();
        var httpClientPasses = new List<Pass>();
        var barePasses = new List<Pass>();
        for (int pass = 1; pass <= passes; pass++)
        {
            endpointPasses.Add(await Throughput());
            httpClientPasses.Add(await Clients(Endpoint));
            barePasses.Add(await Clients(Bare));
            Console.Error.WriteLine($"  pass {pass}/{passes}: endpoint {endpointPasses[^1].TilesPerSecond:F0} tiles/s (wrk), " +
                                    $"{httpClientPasses[^1].TilesPerSecond:F0} (HttpClient), bare {barePasses[^1].TilesPerSecond:F0} tiles/s");
        }
        var endpointRate = Median(endpointPasses.Select(p => p.TilesPerSecond));
        var bareRate = Median(barePasses.Select(p => p.TilesPerSecond));
        // Each endpoint pass against the bare pass after it, so that a change of the machine's
        // load between passes hits both sides of a ratio alike.
        double RatioOf(List<Pass> endpoint) => Median(PassRatios(endpoint, barePasses));
        var p99 = Percentile(httpClientPasses.SelectMany(p => p.Samples).Where(s => s.Tile.Z == 14), 0.99);
        var described = $"{trace.Views} views, {trace.Tiles.Count} distinct tiles ({string.Join(", ", trace.Tiles.GroupBy(t => t.Z).OrderBy(g => g.Key).Select(g => $"z{g.Key}: {g.Count()}"))}), " +
                        "layers areas-grid-party and households";
        return new(RatioOf(endpointPasses), p99, endpointRate, bareRate, described, counts, endpointPasses, barePasses, httpClientPasses, RatioOf(httpClientPasses));
    }

    static void Row(string what, List<Pass> passes)
    {
        var rate = Median(passes.Select(p => p.TilesPerSecond));
        var all = passes.SelectMany(p => p.Samples).ToList();
        var z14 = all.Where(s => s.Tile.Z == 14).ToList();
        Console.WriteLine($"| {what} | {rate:F0} | {Percentile(z14, 0.5):F1} ms | {Percentile(z14, 0.99):F1} ms | {Percentile(all, 0.99):F1} ms | " +
                          $"{passes[0].Samples.Sum(s => (long)s.Bytes):N0} | {passes[0].Samples.Count(s => s.Bytes == 0)} |");
    }

    static void CpuRow(string what, List<Pass> passes)
    {
        var cpu = Sum(passes);
        var tiles = passes.Sum(p => p.Tiles);
        string PerTile(TimeSpan t) => $"{t.TotalMicroseconds / tiles:F0} µs";
        Console.WriteLine($"| {what} | {PerTile(cpu.Bench)} | {PerTile(cpu.Server)} | {PerTile(cpu.Postgres)} | {PerTile(cpu.Total)} |");
    }

    static string CpuPerTile(List<Pass> passes)
    {
        var cpu = Sum(passes);
        var tiles = passes.Sum(p => p.Tiles);
        double Us(TimeSpan t) => t.TotalMicroseconds / tiles;
        return $"{Us(cpu.Bench):N0} / {Us(cpu.Server):N0} / {Us(cpu.Postgres):N0} = {Us(cpu.Total):N0} µs";
    }

    /// <summary>A tile from the endpoint, gzip accepted as a browser does; anything but a tile or an empty one (204) stops the run.</summary>
    internal static async Task<Sample> FetchAsync(HttpClient http, TraceTile t)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, PathOf(t));
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        // The body read once into one array, as the bare side's Npgsql reads the bytea (not buffered, then copied).
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
            throw new InvalidOperationException($"{t}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return new(t, clock.Elapsed, bytes.Length);
    }

    internal static string PathOf(TraceTile t) => $"/tiles/{t.Layer}/{t.Z}/{t.X}/{t.Y}.mvt";

    /// <summary>The trace's tiles in order, taken by <paramref name="clients"/> concurrent clients.</summary>
    internal static async Task<List<Sample>> ReplayAsync(ViewportTrace trace, int clients, Func<TraceTile, Task<Sample>> fetch)
    {
        var queue = new ConcurrentQueue<TraceTile>(trace.Tiles);
        var samples = new ConcurrentBag<Sample>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (queue.TryDequeue(out var tile)) samples.Add(await fetch(tile));
        }));
        return samples.ToList();
    }

    /// <summary>
    /// Warm when, in an endpoint pass, the server's background compiler took at most this share of
    /// the server's CPU and the bench's own at most this share of the bench's (wrk's included).
    /// </summary>
    const double WarmJitShare = 0.02;

    /// <summary>Warm after this many such passes running (a compiler thread that ended within a pass took its time with it).</summary>
    const int QuietPasses = 3;

    /// <summary>At most this many times the untimed passes asked for, however busy the compilers stay.</summary>
    const int MaxWarmup = 4;

    internal static async Task<(double[] Bounds, string Counts, long AdminId)> DistrictAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("""
            SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e),
                   (SELECT count(*) FROM areas WHERE level = 'grid'), (SELECT count(*) FROM households),
                   (SELECT id FROM users WHERE username = 'admin')
            FROM (SELECT ST_Extent(boundary) AS e FROM areas WHERE level = 'district') d
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return ([r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3)], $"{r.GetInt64(4):N0} grids, {r.GetInt64(5):N0} households", r.GetInt64(6));
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of the samples' times, in milliseconds.</summary>
    internal static double Percentile(IEnumerable<Sample> samples, double p)
    {
        var sorted = samples.Select(s => s.Time.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public sealed record Sample(TraceTile Tile, TimeSpan Time, int Bytes);
    /// <param name="Samples">Each tile's time and size; none from wrk, which gives only the count.</param>
    /// <param name="ServerJit">CPU of the server's background compiler during the pass (in <see cref="CpuTimes.Server"/> too).</param>
    /// <param name="BenchJit">CPU of the bench's background compiler during the pass (in <see cref="CpuTimes.Bench"/> too).</param>
    public sealed record Pass(List<Sample> Samples, int Tiles, double TilesPerSecond, CpuTimes Cpu, TimeSpan ServerJit, TimeSpan BenchJit);
}
