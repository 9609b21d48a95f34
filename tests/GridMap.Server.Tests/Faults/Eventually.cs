namespace GridMap.Tests.Faults;

/// <summary>Waits for something to become true, the only way these tests wait: a timeout is a safety net, not a verdict on speed.</summary>
public static class Eventually
{
    public static readonly TimeSpan Safety = TimeSpan.FromMinutes(2);

    public static async Task WaitAsync(Func<bool> condition, Func<string> what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Safety) throw new TimeoutException($"gave up waiting after {Safety}: {what()}");
            await Task.Delay(50);
        }
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Safety) throw new TimeoutException($"gave up waiting after {Safety}: {what()}");
            await Task.Delay(50);
        }
    }
}
