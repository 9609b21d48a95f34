using System.Diagnostics;

namespace GridMap.Server.Coverage;

/// <summary>
/// Builds the planner's warm state (<see cref="CoverageCache"/>) and the district's covered ground
/// by the stations' own radii (what the planner's page asks first) before anyone asks, on a
/// territory large enough for that to be slow: on a city district the cold state costs about a
/// second of CPU and the union of ~750 circles more, which the planner's first answer would wait for.
/// </summary>
/// <remarks>
/// Every <c>GRIDMAP_COVERAGE_WARM_SECONDS</c> (default 5; 0 turns it off) it reads the data
/// versions (one tiny query). It builds once they have stood still for a whole period (a bulk import
/// raises them statement after statement; building between would be thrown away), when the cache does
/// not hold them yet and the territory has at least <c>GRIDMAP_COVERAGE_WARM_HOUSEHOLDS</c>
/// households (default 20,000: smaller ones answer cold in a few hundred ms, and test servers,
/// which start often with little data, never pay for it), and at most once every
/// <c>GRIDMAP_COVERAGE_WARM_PAUSE_SECONDS</c> (default 60), so that a stream of edits to a city's
/// households does not keep a core reloading for a page no one has open. Stopping the host cancels it.
/// </remarks>
public sealed class CoverageWarmer(NpgsqlDataSource db, CoverageCache cache, CoveragePlanner planner, IConfiguration config, ILogger<CoverageWarmer> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var seconds = config.GetValue("GRIDMAP_COVERAGE_WARM_SECONDS", 5.0);
        if (seconds <= 0) return;
        var minHouseholds = config.GetValue("GRIDMAP_COVERAGE_WARM_HOUSEHOLDS", 20_000L);
        var pause = TimeSpan.FromSeconds(config.GetValue("GRIDMAP_COVERAGE_WARM_PAUSE_SECONDS", 60.0));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        DataVersions? seen = null, tooSmall = null;
        Stopwatch? sinceWarm = null;
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                DataVersions versions;
                long households = 0;
                await using (var conn = await db.OpenConnectionAsync(stop))
                {
                    versions = await DataVersions.ReadAsync(conn, stop);
                    var still = versions == seen;
                    seen = versions;
                    if (!still || cache.Holds(versions) || versions == tooSmall || sinceWarm?.Elapsed < pause) continue;
                    await using var count = conn.Command("SELECT count(*) FROM households");
                    households = (long)(await count.ExecuteScalarAsync(stop))!;
                }
                if (households < minHouseholds)
                {
                    tooSmall = versions;
                    continue;
                }
                sinceWarm = Stopwatch.StartNew();
                var state = await cache.CurrentAsync(stop);
                planner.WarmDistrictShape(state);
                log.LogInformation("Coverage warmed ahead in {Ms} ms ({Households} households)", sinceWarm.ElapsedMilliseconds, households);
            }
            catch (Exception e) when (DatabaseOutage.Is(e))
            {
                log.LogWarning("Coverage warm-up skipped, the database being unavailable ({Reason})", e.GetBaseException().Message);
            }
            // The planner builds what it needs when asked; a failure here only leaves that to it.
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogError(e, "Coverage warm-up failed");
            }
        }
    }
}
