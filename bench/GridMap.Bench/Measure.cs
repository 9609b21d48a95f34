using System.Diagnostics;

namespace GridMap.Bench;

/// <summary>Wall-clock timing: one untimed warm-up (JIT, caches), then the median of the timed runs.</summary>
public static class Measure
{
    /// <summary>The 1-minute load average, printed beside the figures: other work on a 2-core machine changes every one of them.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    public static TimeSpan Once(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    public static async Task<TimeSpan> OnceAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }

    public static TimeSpan Median(int runs, string label, Action action) =>
        MedianAsync(runs, label, () => { action(); return Task.CompletedTask; }).GetAwaiter().GetResult();

    public static async Task<TimeSpan> MedianAsync(int runs, string label, Func<Task> action)
    {
        await action();
        var times = new List<TimeSpan>();
        for (int run = 1; run <= runs; run++)
        {
            times.Add(await OnceAsync(action));
            Console.Error.WriteLine($"  {label} run {run}/{runs}: {Format(times[^1])}");
        }
        return Median(times);
    }

    public static TimeSpan Median(IReadOnlyList<TimeSpan> times)
    {
        var sorted = times.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string Format(TimeSpan time) =>
        time.TotalSeconds >= 10 ? $"{time.TotalSeconds:F1} s"
        : time.TotalSeconds >= 1 ? $"{time.TotalSeconds:F2} s"
        : $"{time.TotalMilliseconds:F0} ms";
}
