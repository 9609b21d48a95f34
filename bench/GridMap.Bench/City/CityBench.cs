using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GridMap.Bench.Tiles;
using GridMap.Demo;
using GridMap.Server.Auth;
using GridMap.Server.Cases;
using GridMap.Server.Data;
using GridMap.Server.Ogc;
using Npgsql;

namespace GridMap.Bench.City;

/// <summary>
/// <c>./gridmap bench city</c>: issue 13's city district. Generates it (<c>demo generate</c>),
/// loads it into a throwaway database (<c>demo load</c>, which says how long the territory took
/// with its topology checks), serves it with the real server, and times what the command centre
/// and the planner ask at district level, the summonses' inbox (a department's and the command
/// centre's), OGC API's collection list, and the vector tiles (the
/// viewport trace of <c>bench tiles</c>). Each figure is printed with its target and "met" or not,
/// and the table becomes docs/benchmarks.md's "City benchmark" section. A new measurement is one
/// more <see cref="CityReport.Add"/> in <see cref="MeasureServedAsync"/>.
/// </summary>
public static partial class CityBench
{
    public static async Task<int> RunAsync(Options options)
    {
        int grids = options.Int("grids", 5000), households = options.Int("households", 100_000), cases = options.Int("cases", 200_000);
        int runs = options.Int("runs", 5);
        var command = $"./gridmap bench city --grids {grids} --households {households} --cases {cases} --runs {runs}";
        var uptime = Uptime();
        Console.WriteLine($"{command}\nuptime: {uptime}");
        var report = new CityReport();
        var folder = Directory.CreateTempSubdirectory("gridmap-city-");
        try
        {
            var generate = RunServer(null, "demo", "generate", "--grids", $"{grids}", "--households", $"{households}", "--cases", $"{cases}", "--out", folder.FullName);
            report.Add(new("demo generate (files)", generate.Wall.TotalSeconds, "s",
                Note: $"{grids:N0} grids, {households:N0} households, {cases:N0} cases; {FolderMb(folder):0} MB"));

            await using var database = await ThrowawayDatabase.CreateAsync();
            await database.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pgrouting");
            var load = RunServer(database.ConnectionString, "demo", "load", folder.FullName);
            report.Add(new("territory with every topology check (in demo load)", Seconds(load.Log, "with every topology check"), "s", Target: 10,
                Note: "area import: read, check, write"));
            report.Add(new("demo load into an empty database", Seconds(load.Log, "loaded"), "s", Target: 60,
                Note: $"one transaction; process with migrations and users: {load.Wall.TotalSeconds:0.0} s; stages: {Stages(load.Log)}"));
            await database.SettleAsync();

            await using var server = await DemoServer.ServeAsync(database);
            await MeasureServedAsync(report, server, runs);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var markdown = report.Markdown(command, uptime, $"{Environment.ProcessorCount} cores", DateTimeOffset.UtcNow);
        var docs = Path.Combine(Repository.Root, "docs", "benchmarks.md");
        CityReport.WriteSection(docs, markdown);
        Console.WriteLine($"written to {docs}");
        return report.Rows.Any(r => r.Met == false) ? 1 : 0;
    }

    /// <summary>What the pages ask the served city, at district level.</summary>
    static async Task MeasureServedAsync(CityReport report, DemoServer server, int runs)
    {
        long district;
        await using (var conn = await server.Database.OpenAsync())
            district = (long)(await new NpgsqlCommand("SELECT id FROM areas WHERE level = 'district' ORDER BY id LIMIT 1", conn).ExecuteScalarAsync())!;
        var http = server.Http;
        var year = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-366).ToString("O", CultureInfo.InvariantCulture));

        // KPIs as the command centre asks them (by grid), over every case of the year, against the
        // bare query that hands the same rows over (the endpoint's floor).
        var bare = await MedianAsync(runs, async () =>
        {
            await using var conn = await server.Database.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT c.status, c.handling_due, c.feedback_at, c.rework_count > 0, c.extension_granted_hours > 0, c.grid_id::text,
                       (SELECT name FROM areas WHERE id = c.grid_id)
                FROM cases c
                WHERE c.district_id = @area AND c.reported_at >= now() - interval '366 days'
                """, conn);
            cmd.Parameters.AddWithValue("area", district);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) { }
        });
        var kpiYear = await GetMedianAsync(http, $"/api/kpis?areaId={district}&by=grid&from={year}", runs);
        report.Add(new("KPIs by grid, district, a year (200,000 cases)", kpiYear.Median, "ms", Target: 500, Baseline: bare, BaselineName: "bare SQL of the same rows",
            Note: $"GET /api/kpis?areaId=…&by=grid&from=…; {kpiYear.Bytes / 1024.0:0} KB"));
        var kpiDefault = await GetMedianAsync(http, $"/api/kpis?areaId={district}&by=grid", runs);
        report.Add(new("KPIs by grid, district, default 30 days", kpiDefault.Median, "ms", Target: 500,
            Note: $"what the command centre asks on opening; {kpiDefault.Bytes / 1024.0:0} KB"));

        // The planner: the first answer builds the coverage state, later ones reuse it until the data change.
        var coverageFirst = await GetOnceAsync(http, $"/api/coverage?areaId={district}");
        var coverage = await GetMedianAsync(http, $"/api/coverage?areaId={district}", runs);
        report.Add(new("planner coverage, whole district (warm)", coverage.Median, "ms", Target: 300, Baseline: coverageFirst.Ms, BaselineName: "first answer (cold)",
            Note: $"GET /api/coverage?areaId=…; {coverage.Bytes / 1024.0:0} KB"));

        // The command centre's case list: its first page, newest first, against the bare query of the same page.
        var barePage = await MedianAsync(runs, async () =>
        {
            await using var conn = await server.Database.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT s.id, ST_AsGeoJSON(s.location, 7), s.snapshot::text FROM case_snapshots s
                WHERE s.district_id = @area ORDER BY s.id DESC LIMIT @rows
                """, conn);
            cmd.Parameters.AddWithValue("area", district);
            cmd.Parameters.AddWithValue("rows", Page.DefaultLimit + 1);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) { }
        });
        var list = await GetMedianAsync(http, $"/api/cases?areaId={district}", runs);
        report.Add(new("/api/cases?areaId=district (first page)", list.Median, "ms", Baseline: barePage, BaselineName: "bare SQL of the same page",
            Note: $"{Page.DefaultLimit:N0} cases, newest first; {list.Bytes / 1048576.0:0.0} MB"));
        report.Add(await CompressedAsync(http, $"/api/cases?areaId={district}", runs, "/api/cases?areaId=district (first page)", list));
        var counts = await GetMedianAsync(http, $"/api/cases/counts?areaId={district}", runs);
        report.Add(new("/api/cases/counts?areaId=district (every case by status)", counts.Median, "ms",
            Note: "the command centre's counts, over every case of the district"));

        // The summonses (吹哨) as an inbox: the most summoned department's, and the command
        // centre's (every department's in the district), the first page of each.
        string department;
        long summonses, departmentSummonses;
        await using (var conn = await server.Database.OpenAsync())
        await using (var cmd = new NpgsqlCommand("""
            SELECT department_code, count(*), (SELECT count(*) FROM case_summons) FROM case_summons
            GROUP BY department_code ORDER BY count(*) DESC, department_code LIMIT 1
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (department, departmentSummonses, summonses) = (r.GetString(0), r.GetInt64(1), r.GetInt64(2));
        }
        using (var departmentHttp = await server.ClientForAsync(DemoCaseRules.DepartmentUsername(department)))
        {
            var own = await GetMedianAsync(departmentHttp, "/api/summons", runs);
            report.Add(new("/api/summons as a department (its inbox, first page)", own.Median, "ms",
                Note: $"{department}: {SummonsApi.DefaultLimit} of its {departmentSummonses:N0} summonses, unconfirmed first; {own.Bytes / 1024.0:0} KB"));
            report.Add(await CompressedAsync(departmentHttp, "/api/summons", runs, "/api/summons as a department (its inbox, first page)", own));
            // What its map pins: every open case it was summoned to, however far down the inbox.
            var open = await GetMedianAsync(departmentHttp, $"/api/summons?open=true&limit={SummonsApi.MaxLimit}", runs);
            report.Add(new("/api/summons?open=true as a department (its map)", open.Median, "ms",
                Note: $"the summonses of its cases still open, answered or not, up to {SummonsApi.MaxLimit:N0}; {open.Bytes / 1024.0:0} KB"));
            // Its older 报到, five pages down by the Link header's next links: a keyset, so a page
            // deep in the year should cost what the first does.
            var older = "/api/summons";
            for (var page = 1; page <= 5; page++)
            {
                using var response = await departmentHttp.GetAsync(older);
                response.EnsureSuccessStatusCode();
                older = Regex.Match(response.Headers.TryGetValues("Link", out var link) ? link.Single() : "", "^<([^>]+)>; rel=\"next\"$").Groups[1].Value;
            }
            if (older.Length > 0)
            {
                var sixth = await GetMedianAsync(departmentHttp, older, runs);
                report.Add(new("/api/summons as a department (its sixth page, older 报到)", sixth.Median, "ms",
                    Note: $"the next link five pages down: {SummonsApi.DefaultLimit} summonses after the first {5 * SummonsApi.DefaultLimit:N0}; {sixth.Bytes / 1024.0:0} KB"));
            }
        }
        var all = await GetMedianAsync(http, "/api/summons", runs);
        report.Add(new("/api/summons as the command centre (every department's, first page)", all.Median, "ms",
            Note: $"{SummonsApi.DefaultLimit} of {summonses:N0} summonses; {all.Bytes / 1024.0:0} KB"));

        // OGC API's collection list: the extents kept until their data's counters change, against
        // working every collection's extent out again (what each request did before).
        await using (var db = NpgsqlDataSource.Create(server.Database.ConnectionString))
        {
            long adminId;
            await using (var conn = await server.Database.OpenAsync())
                adminId = (long)(await new NpgsqlCommand("SELECT id FROM users WHERE username = 'admin'", conn).ExecuteScalarAsync())!;
            var admin = new Caller(adminId, "admin", Role.Admin, null, null);
            var readable = OgcCollection.All.Where(c => c.ReadableBy(admin)).ToList();
            var computed = await MedianAsync(runs, () => OgcExtent.ComputeAsync(db, admin, readable, CancellationToken.None));
            var collections = await GetMedianAsync(http, "/ogc/collections", runs);
            report.Add(new("/ogc/collections (every collection's extent)", collections.Median, "ms", Baseline: computed,
                BaselineName: "extents worked out (SQL)", Note: $"extents kept by the data's write counters; {collections.Bytes / 1024.0:0} KB"));
        }

        // Vector tiles: the viewport trace of `bench tiles` over the city district, on a server with
        // its tile cache off (every tile built, as when asked the first time) and on this one (the
        // untimed passes leave the trace's tiles kept). A pass takes under a second, so one
        // checkpoint or a stall of the machine can halve it: a few passes per run keep a single one
        // from deciding the median. The untimed passes go on until the server's background
        // compiler is quiet, up to 20 of them: the cold server is new, and after 8 it was still
        // compiling in the timed passes (up to 16 % of its CPU, docs/benchmarks.md), which is
        // no cost of a tile but is counted against the endpoint.
        TilesBench.Comparison first;
        await using (var cold = await DemoServer.ServeAsync(server.Database, keepDatabase: true, settings: TilesBench.Caches[0].Settings))
            first = await TilesBench.CompareAsync(cold, passes: 3 * runs, warmup: 5, clients: TilesBench.BrowserConnections);
        var again = await TilesBench.CompareAsync(server, passes: 3 * runs, warmup: 5, clients: TilesBench.BrowserConnections);
        foreach (var (tiles, c) in new[] { (TilesBench.Caches[0].Tiles, first), (TilesBench.Caches[1].Tiles, again) })
            report.Add(new($"vector tiles {tiles}: endpoint ÷ bare ST_AsMVT statement, throughput", c.Ratio, "×", Target: 0.9, AtLeast: true,
                Note: $"{c.Trace}; {TilesBench.BrowserConnections} clients; endpoint {c.EndpointRate:0} tiles/s (wrk), bare {c.BareRate:0} tiles/s (median passes); " +
                      $"the passes' ratios {Spread(TilesBench.PassRatios(c.EndpointPasses, c.BarePasses))}; " +
                      $"with the bench's HttpClient as the load generator {c.HttpClientRatio:0.00}×; " +
                      $"the serving side's CPU per tile, bare ÷ endpoint (the load generator left out): {c.ServingRatio:0.00}; " +
                      $"cores kept busy, endpoint / bare: {TilesBench.CoresBusy(c.EndpointPasses):0.00} / {TilesBench.CoresBusy(c.BarePasses):0.00} of {Environment.ProcessorCount}; " +
                      $"the server's background compiler in the timed passes: {c.ServerJitShare:0.0%} of its CPU"));
        report.Add(new($"vector tiles {TilesBench.Caches[0].Tiles}: endpoint p99 at z14", first.P99Z14, "ms", Target: 50,
            Note: $"the bench's HttpClient's passes (HTTP, gzip, sign-in, ETag); asked again: {again.P99Z14:0.0} ms"));
    }

    sealed record Timed(double Median, long Bytes);
    sealed record Once(double Ms, long Bytes, int Status);

    /// <summary>What Chromium says it takes: the server answers it with Brotli.</summary>
    const string BrowserEncodings = "gzip, deflate, br, zstd";

    /// <summary>The median time of a GET, and its bytes as they came (compressed, when <paramref name="encodings"/> asks for it: the client decodes nothing).</summary>
    static async Task<Timed> GetMedianAsync(HttpClient http, string url, int runs, string? encodings = null)
    {
        long bytes = 0;
        var median = await MedianAsync(runs, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (encodings is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", encodings);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        });
        return new(median, bytes);
    }

    /// <summary>The row of an answer asked for as a browser asks, compressed, beside the same answer plain.</summary>
    static async Task<CityRow> CompressedAsync(HttpClient http, string url, int runs, string what, Timed plain)
    {
        var packed = await GetMedianAsync(http, url, runs, BrowserEncodings);
        return new($"{what}, compressed as a browser asks", packed.Median, "ms", Baseline: plain.Median, BaselineName: "the same plain",
            Note: $"Accept-Encoding: {BrowserEncodings} (Brotli): {packed.Bytes / 1024.0:0} KB on the wire against {plain.Bytes / 1024.0:0} KB");
    }

    static async Task<Once> GetOnceAsync(HttpClient http, string url)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(url);
        var bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        return new(clock.Elapsed.TotalMilliseconds, bytes, (int)response.StatusCode);
    }

    /// <summary>Milliseconds: one warm-up, then the median of the runs.</summary>
    static async Task<double> MedianAsync(int runs, Func<Task> action) =>
        (await Measure.MedianAsync(runs, "run", action)).TotalMilliseconds;

    sealed record ServerRun(TimeSpan Wall, string Log);

    /// <summary>The server's command line (Release build); its standard error is echoed and kept.</summary>
    static ServerRun RunServer(string? db, params string[] args)
    {
        var psi = DemoServer.Server(DemoServer.ServerDll(), db ?? "", null, args);
        if (db is null) psi.Environment.Remove("GRIDMAP_DB");
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var log = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            // Progress bars redraw with \r: show the finished stages and the loader's lines only.
            var last = e.Data.Split('\r')[^1];
            Console.Error.WriteLine("  " + last);
        };
        p.BeginErrorReadLine();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"server {string.Join(' ', args)} failed:\n{log}");
        return new(clock.Elapsed, log.ToString());
    }

    /// <summary>
    /// Sorted ratios as "from 0.83 to 1.01, the middle half 0.88–0.98": how far one pass's reading
    /// is from the next's on this machine, beside the median the table shows.
    /// </summary>
    static string Spread(double[] sorted) => string.Create(CultureInfo.InvariantCulture,
        $"from {sorted[0]:0.00} to {sorted[^1]:0.00}, the middle half {sorted[sorted.Length / 4]:0.00}–{sorted[(3 * sorted.Length - 1) / 4]:0.00}");

    /// <summary>The seconds of the loader's line that contains <paramref name="marker"/> ("... in 8.1 s").</summary>
    static double Seconds(string log, string marker)
    {
        var line = log.Split('\n').LastOrDefault(l => l.Contains(marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"demo load printed no line with '{marker}'");
        return double.Parse(Duration().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The loader's stage lines, shortened: "households.geojson 3.0 s, …" (a second line of a file: "(copy)").</summary>
    static string Stages(string log)
    {
        var seen = new HashSet<string>();
        return string.Join(", ", log.Split('\n')
            .Where(l => l.StartsWith("demo data: ", StringComparison.Ordinal) && Duration().IsMatch(l) && !l.Contains("loaded in", StringComparison.Ordinal))
            .Select(l => (Name: l["demo data: ".Length..].Split(':')[0], Seconds: Duration().Match(l).Groups[1].Value))
            .Select(x => $"{(seen.Add(x.Name) ? x.Name : x.Name + " (copy)")} {x.Seconds} s"));
    }

    [GeneratedRegex(@" in ([0-9.]+) s\s*$")]
    private static partial Regex Duration();

    static double FolderMb(DirectoryInfo folder) => folder.EnumerateFiles().Sum(f => f.Length) / 1048576.0;

    static string Uptime()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("uptime") { RedirectStandardOutput = true })!;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return File.Exists("/proc/loadavg") ? "load average " + File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        }
    }
}
