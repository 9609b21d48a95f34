using System.Collections.Concurrent;
using System.Diagnostics;
using GridMap.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Xunit.Abstractions;

namespace GridMap.Tests.Auth;

/// <summary>
/// A fresh <see cref="AuthApp"/> for the fuzz test alone: its overdue watcher off (nothing may
/// write behind its back), and public intake unlimited and open to Open311 posts without a key,
/// so that the public's payloads reach the checks instead of the rate limit or the key check
/// (which have their own tests).
/// </summary>
public class FuzzApp : AuthApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GRIDMAP_OVERDUE_SCAN_SECONDS", "0");
        builder.UseSetting("GRIDMAP_INTAKE_PER_MINUTE", "1000000");
        builder.UseSetting("GRIDMAP_OPEN311_ANONYMOUS_POST", "true");
    }
}

public class FuzzTests(FuzzApp app, ITestOutputHelper output) : IClassFixture<FuzzApp>
{
    const int Seed = 20260522;
    const int Count = 10_000;

    /// <summary>Every row of every table, as a digest per table: a write anywhere changes one.</summary>
    async Task<Dictionary<string, string>> SnapshotAsync()
    {
        var tables = await app.QueryAsync("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys'
            ORDER BY table_name
            """, r => r.GetString(0));
        var digests = new Dictionary<string, string>();
        foreach (var table in tables)
            digests[table] = (await app.QueryAsync(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t",
                r => r.GetString(0))).Single();
        return digests;
    }

    [Fact]
    public async Task Ten_thousand_hostile_payloads_get_no_5xx_no_success_and_write_nothing()
    {
        var payloads = new HostilePayloads(Seed).Generate(Count);
        Assert.True(payloads.Count >= Count);
        var clients = new Dictionary<string, HttpClient>
        {
            ["admin"] = app.ClientFor(SmallDistrict.Admin),
            ["reporter"] = app.ClientFor(SmallDistrict.Reporter),
            [""] = app.CreateClient(),
        };
        foreach (var user in new[] { SmallDistrict.Admin, SmallDistrict.Reporter }) await app.TokenFor(user); // sign in before the snapshot
        var before = await SnapshotAsync();

        var outcomes = new ConcurrentBag<(Payload Payload, int Status, string Body, double Ms)>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(payloads, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await clients[p.User ?? ""].SendAsync(p.Message(), ct);
            outcomes.Add((p, (int)response.StatusCode, (int)response.StatusCode >= 500 || response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : "",
                Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        });
        clock.Stop();
        var after = await SnapshotAsync();

        output.WriteLine($"{payloads.Count} payloads in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var g in outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key)) output.WriteLine($"  {g.Key}: {g.Count()}");
        foreach (var g in outcomes.GroupBy(o => (o.Payload.Target, o.Payload.Kind)).OrderBy(g => g.Key))
            output.WriteLine($"  {g.Key.Target} / {g.Key.Kind}: {g.Count()} ({string.Join(", ", g.GroupBy(o => o.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Count()}"))}), {g.Sum(o => o.Ms) / 1000:F1} s in all");

        var wrong = outcomes.Where(o => o.Status is < 400 or >= 500)
            .Select(o => $"{o.Status} {o.Payload.Target} / {o.Payload.Kind}: {Preview(o.Payload.Body)} → {GridMap.Server.Input.Text.Cut(o.Body, 300)}")
            .Distinct().Take(20).ToList();
        Assert.Empty(wrong);
        Assert.Equal(before, after);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
    }

    static string Preview(byte[] body) => System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 160));
}
