using Xunit.Abstractions;

namespace GridMap.Tests.Faults;

/// <summary>
/// Faults under a steady flow of reports with live maps watching: PostgreSQL restarts (a service
/// restart, then a crash), or the server is killed and started again. Afterwards every report
/// answered 201 is stored, every live map received every change exactly once, and no answer was a
/// 500 (a 503 with Retry-After is the answer while the database is away; the reporters retry).
/// </summary>
[Collection(FaultsCollection.Name)]
public class FaultsUnderLoadTests(ThrowawayCluster cluster, ITestOutputHelper output) : IClassFixture<ThrowawayCluster>
{
    const int ReportsPerSecond = 60;

    /// <summary>Reports the flow must get answered 201 before a fault, and again after it, to count as flowing.</summary>
    const int Flowing = 60;

    /// <summary>Attempts that must fail during a fault, so that the fault certainly met the flow.</summary>
    const int Felt = 20;

    static readonly (string, string)[] Settings = [("GRIDMAP_INTAKE_PER_MINUTE", "1000000")];

    [Fact]
    public Task PostgreSQL_restarting_and_crashing_under_load_loses_no_report_and_no_live_change_and_answers_no_500() =>
        UnderLoadAsync(async (district, watchers, flow) =>
        {
            foreach (var mode in new[] { "fast", "immediate" })
            {
                var refused = flow.Refused;
                await cluster.StopAsync(mode);
                await FeltAsync(flow, refused, $"during the {mode} stop");
                await cluster.StartAsync();
                await FlowingAsync(flow);
            }
        });

    [Fact]
    public Task Server_killed_under_load_and_started_again_loses_no_report_and_no_live_change_and_answers_no_500() =>
        UnderLoadAsync(async (district, watchers, flow) =>
        {
            var refused = flow.Refused;
            await district.Server.KillAsync();
            await FeltAsync(flow, refused, "while the server was down");
            await district.StartServerAsync();
            await FlowingAsync(flow);
            await Eventually.WaitAsync(() => watchers.All.All(w => w.Resubscriptions > 0),
                () => "live maps subscribed again: " + string.Join(", ", watchers.All.Select(w => $"area {w.AreaId}: {w.Resubscriptions} ({w.LastError})")));
        });

    /// <summary>
    /// The fault strikes once reports are flowing and live maps watch; whatever it leaves behind, the
    /// flow is stopped and PostgreSQL is up before the check that nothing was lost.
    /// </summary>
    async Task UnderLoadAsync(Func<FaultDistrict, LiveMaps, ReportFlow, Task> fault)
    {
        await using var district = await FaultDistrict.StartAsync(cluster, Settings);
        await using var watchers = await LiveMaps.StartAsync(district);
        var flow = ReportFlow.Start(district.Address, await district.TokenFor(SmallDistrict.Reporter), ReportsPerSecond);
        try
        {
            await FlowingAsync(flow);
            await fault(district, watchers, flow);
        }
        finally
        {
            await flow.StopAsync();
            await cluster.EnsureRunningAsync();
        }
        await CheckAsync(district, flow, watchers.All);
    }

    /// <summary>Until <see cref="Felt"/> more reports than <paramref name="refused"/> were refused: the fault met the flow.</summary>
    static Task FeltAsync(ReportFlow flow, int refused, string when) =>
        Eventually.WaitAsync(() => flow.Refused >= refused + Felt, () => $"reports refused {when}: {flow.Refused - refused}");

    /// <summary>Live maps of the district, of both streets and of a grid, by users of three roles.</summary>
    sealed class LiveMaps(LiveWatcher[] all) : IAsyncDisposable
    {
        public LiveWatcher[] All => all;

        public static async Task<LiveMaps> StartAsync(FaultDistrict district) => new(
        [
            await LiveWatcher.StartAsync(district.Address, await district.TokenFor(SmallDistrict.Admin), 1),
            await LiveWatcher.StartAsync(district.Address, await district.TokenFor(SmallDistrict.Centre), 2),
            await LiveWatcher.StartAsync(district.Address, await district.TokenFor(SmallDistrict.Admin), 3),
            await LiveWatcher.StartAsync(district.Address, await district.TokenFor(SmallDistrict.Leader), 6),
        ]);

        public async ValueTask DisposeAsync()
        {
            foreach (var watcher in all) await watcher.DisposeAsync();
        }
    }

    static async Task FlowingAsync(ReportFlow flow)
    {
        var from = flow.Acknowledged;
        await Eventually.WaitAsync(() => flow.Acknowledged >= from + Flowing, () => $"reports answered 201: {flow.Acknowledged - from} of {Flowing}");
    }

    async Task CheckAsync(FaultDistrict district, ReportFlow flow, IEnumerable<LiveWatcher> watchers)
    {
        var answers = flow.Answers;
        output.WriteLine($"{flow.Acknowledged} reports answered 201; {flow.Refused} attempts refused: "
            + string.Join(", ", answers.Where(a => a.Status != 201).GroupBy(a => a.Status).Select(g => $"{g.Count()} answered {g.Key}"))
            + $", {flow.Refused - answers.Count(a => a.Status != 201)} without an answer");
        var wrong = answers.Where(a => a.Status is not (201 or 503)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} answers neither 201 nor 503, e.g. "
            + string.Join("; ", wrong.Take(3).Select(a => $"{a.Description}: {a.Status} {a.Body}")));
        Assert.All(answers.Where(a => a.Status == 503), a =>
        {
            Assert.Equal(DatabaseOutage.RetryAfterSeconds.ToString(), a.RetryAfter);
            Assert.Equal("application/problem+json", a.ContentType);
            Assert.Equal(DatabaseOutage.Detail, JsonDocument.Parse(a.Body).RootElement.GetProperty("detail").GetString());
        });

        var acknowledged = answers.Where(a => a.Status == 201).ToDictionary(a => a.CaseId!.Value, a => a.Description);
        long[] ids = [.. acknowledged.Keys];
        var stored = await district.ListAsync("SELECT id, description FROM cases WHERE id = ANY ($1) ORDER BY id",
            r => KeyValuePair.Create(r.GetInt64(0), r.GetString(1)), ids);
        Assert.Equal(acknowledged.OrderBy(c => c.Key), stored);

        foreach (var watcher in watchers)
        {
            var expected = await district.ListAsync("SELECT seq FROM case_events WHERE area_ids @> ARRAY[$1::bigint] ORDER BY seq",
                r => r.GetInt64(0), watcher.AreaId);
            await Eventually.WaitAsync(() => watcher.LastSeq >= expected[^1], () => $"area {watcher.AreaId} received through seq {watcher.LastSeq} of {expected[^1]}");
            var received = watcher.Received.Where(c => c.Seq <= expected[^1]).ToList();
            output.WriteLine($"area {watcher.AreaId}: {received.Count} changes received, {watcher.Resubscriptions} subscriptions after a reconnect");
            Assert.Equal(expected, received.Select(c => c.Seq));

            var acknowledgedHere = await district.ListAsync(
                "SELECT id FROM cases WHERE id = ANY ($1) AND $2 IN (grid_id, community_id, street_id, district_id)", r => r.GetInt64(0), ids, watcher.AreaId);
            var reportsReceived = received.Where(c => c.Action == "report").CountBy(c => c.CaseId).ToDictionary();
            Assert.All(acknowledgedHere, id => Assert.Equal(1, reportsReceived.GetValueOrDefault(id)));
        }
    }
}
