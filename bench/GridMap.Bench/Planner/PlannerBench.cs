using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridMap.Bench.Planner;

/// <summary>
/// The planner's worst requests against the real server on the demo district: for each radius,
/// the finest lattice the budget accepts (found by stepping the spacing from 10 m up by 10% while
/// the server answers 422, which it does at once), with k = 50 and every household still to win
/// (existingRadiusM = 1), then run; the request of issue 11; the page's default suggestion as the
/// baseline; and the other coverage endpoints at their widest radius. Each is timed (wall clock,
/// HTTP on loopback) and its added resident memory is the server's peak RSS during the request
/// (VmHWM, reset before it through /proc/PID/clear_refs) less its RSS just before.
/// </summary>
public static class PlannerBench
{
    sealed record Row(string What, int Status, TimeSpan Time, long AddedBytes, string Note);

    public static async Task<int> RunAsync(Options options)
    {
        int runs = options.Int("runs", 3);
        Console.WriteLine($"load average at the start: {GridMap.Bench.Measure.LoadAverage()}");
        await using var server = await DemoServer.StartAsync();
        var pid = server.Process.Id;
        var http = server.Http;
        // Warm: the coverage state loads on the first request, the road network on the first walk.
        (await http.GetAsync("/api/coverage")).EnsureSuccessStatusCode();
        (await http.GetAsync("/api/coverage?mode=walking")).EnsureSuccessStatusCode();
        Console.WriteLine($"server resident after warm-up: {Mb(Rss(pid))}");

        var rows = new List<Row>();
        async Task<Row> Measure(string what, Func<Task<HttpResponseMessage>> send, int times = 1)
        {
            Row? worst = null;
            for (int run = 0; run < times; run++)
            {
                long before = Rss(pid);
                File.WriteAllText($"/proc/{pid}/clear_refs", "5");
                var clock = Stopwatch.StartNew();
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                clock.Stop();
                var row = new Row(what, (int)response.StatusCode, clock.Elapsed, Math.Max(0, Peak(pid) - before), Note(response.StatusCode, body));
                Console.Error.WriteLine($"  {what}: {row.Status} in {Bench.Measure.Format(row.Time)}, +{Mb(row.AddedBytes)} {row.Note}");
                long added = Math.Max(row.AddedBytes, worst?.AddedBytes ?? 0);
                worst = (worst is null || row.Time > worst.Time ? row : worst) with { AddedBytes = added };
            }
            rows.Add(worst!);
            return worst!;
        }
        Task<HttpResponseMessage> Suggest(object body) => http.PostAsJsonAsync("/api/coverage/suggest", body);

        var baseline = await Measure("suggest k = 3, r = 500 m (the page's default; baseline)", () => Suggest(new { k = 3, radiusM = 500 }), runs);
        await Measure("suggest of issue 11: k = 50, r = 20 km, existing 1 m, lattice 40 m", () =>
            Suggest(new { k = 50, radiusM = 20000, existingRadiusM = 1, latticeSpacingM = 40 }), runs);

        foreach (var radius in new[] { 300, 1000, 5000, 20000 })
        {
            double spacing = 10;
            int probes = 0;
            while (true)
            {
                using var probe = await Suggest(new { k = 50, radiusM = radius, existingRadiusM = 1, latticeSpacingM = spacing });
                if (probe.StatusCode != HttpStatusCode.UnprocessableEntity) break;
                probes++;
                spacing = Math.Round(spacing * 1.1, 1);
            }
            Console.Error.WriteLine($"  r = {radius} m: {probes} refusals before {spacing} m was accepted");
            await Measure(FormattableString.Invariant($"suggest k = 50, r = {radius:N0} m, existing 1 m, finest accepted lattice {spacing} m"), () =>
                Suggest(new { k = 50, radiusM = radius, existingRadiusM = 1, latticeSpacingM = spacing }), runs);
        }

        foreach (var path in new[]
        {
            "/api/coverage?radiusM=20000", "/api/coverage?mode=walking&radiusM=20000", "/api/coverage/uncovered?radiusM=1",
            "/api/coverage/shape?radiusM=20000", "/api/coverage/shape?mode=walking&radiusM=20000", "/api/coverage/report.csv?radiusM=20000",
        })
            await Measure($"GET {path}", () => http.GetAsync(path), runs);

        Console.WriteLine($"load average at the end: {GridMap.Bench.Measure.LoadAverage()}; each row the slowest of {runs} runs, with the largest added memory of them");
        Console.WriteLine();
        Console.WriteLine("| request | status | time | × baseline | added resident memory | note |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var r in rows)
            Console.WriteLine($"| {r.What} | {r.Status} | {Bench.Measure.Format(r.Time)} | {r.Time / baseline.Time:F1}× | {Mb(r.AddedBytes)} | {r.Note} |");
        var accepted = rows.Where(r => r.Status == 200).ToList();
        Console.WriteLine();
        Console.WriteLine($"worst accepted: {Bench.Measure.Format(accepted.Max(r => r.Time))} (goal ≤ 5 s), {Mb(accepted.Max(r => r.AddedBytes))} added (goal < 1 GB); " +
                          $"slowest refusal: {Bench.Measure.Format(rows.Where(r => r.Status == 422).Select(r => r.Time).DefaultIfEmpty().Max())}");
        return 0;
    }

    static string Note(HttpStatusCode status, string body)
    {
        if (!body.StartsWith('{')) return "";
        var json = JsonDocument.Parse(body).RootElement;
        if (status == HttpStatusCode.UnprocessableEntity)
            return $"{json.GetProperty("budget").GetString()}: {json.GetProperty("estimate").GetInt64():N0} > {json.GetProperty("limit").GetInt64():N0}; names {string.Join(", ", json.GetProperty("errors").EnumerateObject().Select(e => e.Name))}";
        if (json.TryGetProperty("candidates", out var candidates) && json.TryGetProperty("sites", out var sites))
            return $"{candidates.GetInt32():N0} candidates, {sites.GetArrayLength()} sites, {json.GetProperty("swaps").GetInt32()} swaps" +
                   (json.GetProperty("workLimitReached").GetBoolean() ? ", search stopped at its work limit" : "");
        return "";
    }

    static long Rss(int pid) => Status(pid, "VmRSS:");
    static long Peak(int pid) => Status(pid, "VmHWM:");

    static long Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    static string Mb(long bytes) => $"{bytes / 1048576.0:N0} MB";

}
