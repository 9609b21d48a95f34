using System.Diagnostics;

namespace GridMap.Server.Coverage;

/// <summary>
/// Makes the planner's first answers (<see cref="CoveragePlanner.WarmAsync"/>) before anyone asks,
/// on a territory large enough for them to be slow: on a city district the cold state, the union of
/// ~750 circles and the first count take both cores for about a second, which a planner opening the
/// page would otherwise wait for; built ahead, the page's answers come in tens of milliseconds.
/// </summary>
/// <remarks>
/// Every <c>GRIDMAP_COVERAGE_WARM_SECONDS</c> (default 1; 0 turns it off) it reads the data
/// versions (one tiny query). It builds once they have stood still for a whole period (a bulk
/// import raises them statement after statement; building between would be thrown away), when they
/// are not the ones built for last, the territory has at least
/// <c>GRIDMAP_COVERAGE_WARM_HOUSEHOLDS</c> households (default 20,000: smaller ones answer cold in a
/// few hundred ms, and test servers, which start often with little data, never pay for it), and
/// <c>GRIDMAP_COVERAGE_WARM_PAUSE_SECONDS</c> (default 60) have passed since the last build, so that
/// a stream of edits to a city's households does not keep a core busy for a page no one has open.
/// </remarks>
public sealed class CoverageWarmer(NpgsqlDataSource db, CoveragePlanner planner, IConfiguration config, ILogger<CoverageWarmer> log)
    : BackgroundService
{
    /// <summary>The data versions the last build ahead was made for; null before the first.</summary>
    public DataVersions? Warmed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var seconds = config.GetValue("GRIDMAP_COVERAGE_WARM_SECONDS", 1.0);
        if (seconds <= 0) return;
        var minHouseholds = config.GetValue("GRIDMAP_COVERAGE_WARM_HOUSEHOLDS", 20_000L);
        var pause = TimeSpan.FromSeconds(config.GetValue("GRIDMAP_COVERAGE_WARM_PAUSE_SECONDS", 60.0));
        DataVersions? seen = null, tooSmall = null;
        Stopwatch? sinceBuilt = null;
        // The planner builds what it needs when asked; a failed pass only leaves that to it.
        await RecurringPass.RunAsync(TimeSpan.FromSeconds(seconds), TimeProvider.System, atStart: false, "Building coverage ahead", log, async ct =>
        {
            long households;
            DataVersions versions;
            await using (var conn = await db.OpenConnectionAsync(ct))
            {
                versions = await DataVersions.ReadAsync(conn, ct);
                var still = versions == seen;
                seen = versions;
                if (!still || versions == Warmed || versions == tooSmall || sinceBuilt?.Elapsed < pause) return;
                await using var count = conn.Command("SELECT count(*) FROM households");
                households = (long)(await count.ExecuteScalarAsync(ct))!;
            }
            if (households < minHouseholds)
            {
                tooSmall = versions;
                return;
            }
            sinceBuilt = Stopwatch.StartNew();
            Warmed = await planner.WarmAsync(ct);
            log.LogInformation("Coverage built ahead in {Ms} ms ({Households} households)", sinceBuilt.ElapsedMilliseconds, households);
        }, stop);
    }
}
