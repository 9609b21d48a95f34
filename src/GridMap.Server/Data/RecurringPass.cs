namespace GridMap.Server.Data;

/// <summary>
/// The loop of a background service that does one pass of database work every period until the
/// server stops. A failed pass is logged and the next period tries again: a database outage as a
/// warning (it passes), anything else as an error; a host stopped by one bad pass would serve
/// nothing.
/// </summary>
public static class RecurringPass
{
    /// <param name="what">The pass, as the log names it when it fails ("Overdue scan").</param>
    /// <param name="atStart">Whether the first pass runs at once rather than a period after start.</param>
    public static async Task RunAsync(TimeSpan every, TimeProvider time, bool atStart, string what, ILogger log,
        Func<CancellationToken, Task> pass, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every, time);
        if (!atStart && !await timer.WaitForNextTickAsync(stop)) return;
        do
        {
            try
            {
                await pass(stop);
            }
            catch (Exception e) when (DatabaseOutage.Is(e))
            {
                log.LogWarning("{Pass} failed, the database being unavailable ({Reason}); trying again in {Every}", what, e.GetBaseException().Message, every);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogError(e, "{Pass} failed; trying again in {Every}", what, every);
            }
        } while (await timer.WaitForNextTickAsync(stop));
    }
}
