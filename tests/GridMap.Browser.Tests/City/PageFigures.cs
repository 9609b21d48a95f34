using System.Text;

namespace GridMap.Browser.Tests.City;

/// <summary>
/// What a page costs the browser: when it marked its first draw (<c>gridmap:first-draw</c>, set by
/// web/js/firstdraw.js, in ms since navigation began; the median of <see cref="Loads"/> loads, each
/// in a fresh browser profile, as one load on a shared 2-core machine is off by a few hundred ms
/// either way), the JS heap it holds after a scripted pan and
/// zoom (CDP <c>Runtime.getHeapUsage</c> after a garbage collection), and the longest task
/// (PerformanceObserver 'longtask') while panning and zooming (a page without a map, a field
/// page's list: while scrolling through it), which is what the target is about,
/// and apart from it the longest while opening (from navigation to the pan's start), held to the
/// same 200 ms.
/// </summary>
/// <param name="FirstDrawsMs">The first draw of each load, in the order they were made.</param>
public sealed record PageFigures(string Page, double[] FirstDrawsMs, double HeapMb, double LongestPanningTaskMs, double LongestOpeningTaskMs)
{
    /// <summary>Loads of the page whose first draws are measured: the last one is also panned and zoomed.</summary>
    public const int Loads = 3;

    /// <summary>The median of the loads' first draws.</summary>
    public double FirstDrawMs => FirstDrawsMs.Order().ElementAt(FirstDrawsMs.Length / 2);

    /// <summary>Issue 13's targets.</summary>
    public const double FirstDrawTargetMs = 2000, HeapTargetMb = 150, LongestTaskTargetMs = 200;

    /// <summary>
    /// The tests' limits, generous so that a busy shared machine does not fail them: the heap
    /// three times its target; the first draw ten times its target, and that again times the load
    /// per core when the machine is busier than its cores (a page that needs 0.5 s of CPU on an
    /// idle machine takes 10 s at a load of 40 on 2 cores). Long tasks are not asserted: they
    /// follow what else the machine runs in the same second. All figures are recorded
    /// (<see cref="PageResults"/>) against the targets; <c>./gridmap bench pages</c> prints them.
    /// </summary>
    public const double HeapSlack = 3, FirstDrawSlack = 10;

    const string ObserveLongTasks = """
        window.gridmapLongTasks = [];
        new PerformanceObserver(list => { for (const e of list.getEntries()) window.gridmapLongTasks.push([e.startTime, e.duration]); })
          .observe({ type: 'longtask', buffered: true });
        """;

    /// <summary>The pan and zoom (City/pan-and-zoom.js, which bench/pagetrace/pagetrace.mjs runs too), called.</summary>
    static readonly string PanAndZoom = ReadPanAndZoom();

    static string ReadPanAndZoom()
    {
        using var stream = typeof(PageFigures).Assembly.GetManifestResourceStream("pan-and-zoom.js")!;
        return $"({new StreamReader(stream).ReadToEnd()})()";
    }

    /// <summary>
    /// Opens url in <see cref="Loads"/> new pages (<paramref name="newPage"/>), one after the other,
    /// each to its first draw; the last is panned and zoomed and measured, and returned with the figures.
    /// </summary>
    public static async Task<(IPage Page, PageFigures Figures)> MeasureAsync(string name, Func<Task<IPage>> newPage, string url)
    {
        var firstDraws = new double[Loads];
        for (int load = 0; load < Loads - 1; load++)
        {
            var before = await newPage();
            firstDraws[load] = await FirstDrawAsync(before, url);
            await before.Context.CloseAsync();
        }
        var page = await newPage();
        await page.AddInitScriptAsync(ObserveLongTasks);
        firstDraws[^1] = await FirstDrawAsync(page, url);
        var panStart = await page.EvaluateAsync<double>("() => performance.now()");
        await page.EvaluateAsync(PanAndZoom);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var heap = (await cdp.SendAsync("Runtime.getHeapUsage"))!.Value.GetProperty("usedSize").GetDouble();
        // A task is the pan's when it started after the pan did.
        var longest = await page.EvaluateAsync<double[]>("""
            start => {
              const longest = tasks => Math.max(0, ...tasks.map(([, duration]) => duration));
              const tasks = window.gridmapLongTasks;
              return [longest(tasks.filter(([at]) => at >= start)), longest(tasks.filter(([at]) => at < start))];
            }
            """, panStart);
        var (panning, opening) = (longest[0], longest[1]);
        var figures = new PageFigures(name, firstDraws, heap / 1024 / 1024, panning, opening);
        PageResults.Add(figures);
        return (page, figures);
    }

    static async Task<double> FirstDrawAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('gridmap:first-draw').length > 0", null, new() { Timeout = 120_000 });
        return await page.EvaluateAsync<double>("() => performance.getEntriesByName('gridmap:first-draw')[0].startTime");
    }

    public void AssertWithinLimits()
    {
        var drawSlack = FirstDrawSlack * Math.Max(1, PageResults.LoadPerCore());
        Assert.True(FirstDrawMs <= FirstDrawTargetMs * drawSlack, $"{Page}: first draw {FirstDrawMs:0} ms (limit ×{drawSlack:0.0})");
        Assert.True(HeapMb <= HeapTargetMb * HeapSlack, $"{Page}: heap {HeapMb:0.0} MB");
    }
}

/// <summary>
/// The figures of this run, written after each page to the results file
/// (<c>GRIDMAP_PAGE_RESULTS</c>, else gridmap-city-pages.md in the temp folder) as a Markdown
/// table with "met" or "not met" against each target: what <c>./gridmap bench pages</c> prints.
/// </summary>
public static class PageResults
{
    static readonly List<PageFigures> Rows = [];
    static readonly string Uptime = LoadAverage();

    static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";

    /// <summary>The 1-minute load average per core now (0 where the system does not say).</summary>
    public static double LoadPerCore() =>
        double.TryParse(LoadAverage().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load / Environment.ProcessorCount : 0;

    public static string FilePath => Environment.GetEnvironmentVariable("GRIDMAP_PAGE_RESULTS") is { Length: > 0 } path
        ? path : Path.Combine(Path.GetTempPath(), "gridmap-city-pages.md");

    /// <summary>How long the shared fixture took (generation, cached between runs, and the load).</summary>
    public static string Fixture { get; set; } = "";

    public static void Add(PageFigures figures)
    {
        lock (Rows)
        {
            Rows.RemoveAll(r => r.Page == figures.Page);
            Rows.Add(figures);
            File.WriteAllText(FilePath, Markdown());
        }
    }

    static string Met(double value, double target) => value <= target ? "met" : "**not met**";

    static string Markdown()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"City pages in headless Chromium, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores; /proc/loadavg at the start: {Uptime}, now: {LoadAverage()}.");
        text.AppendLine(c, $"Fixture: {Fixture}.");
        text.AppendLine();
        text.AppendLine(c, $"First draw: the median of {PageFigures.Loads} loads, each in a fresh browser profile (each load's in brackets); the rest measured on the last.");
        text.AppendLine();
        text.AppendLine("| page | first draw | target | met | JS heap after pan and zoom (or scroll) | target | met | longest task, panning and zooming (a list: scrolling) | target | met | longest task, opening | met |");
        text.AppendLine("|---|---:|---:|---|---:|---:|---|---:|---:|---|---:|---|");
        foreach (var r in Rows.OrderBy(r => r.Page, StringComparer.Ordinal))
            text.AppendLine(c, $"| {r.Page} | {r.FirstDrawMs:0} ms ({string.Join(", ", r.FirstDrawsMs.Select(d => d.ToString("0", c)))}) | ≤ {PageFigures.FirstDrawTargetMs:0} ms | {Met(r.FirstDrawMs, PageFigures.FirstDrawTargetMs)} " +
                $"| {r.HeapMb:0.0} MB | ≤ {PageFigures.HeapTargetMb:0} MB | {Met(r.HeapMb, PageFigures.HeapTargetMb)} " +
                $"| {r.LongestPanningTaskMs:0} ms | ≤ {PageFigures.LongestTaskTargetMs:0} ms | {Met(r.LongestPanningTaskMs, PageFigures.LongestTaskTargetMs)} " +
                $"| {r.LongestOpeningTaskMs:0} ms | {Met(r.LongestOpeningTaskMs, PageFigures.LongestTaskTargetMs)} |");
        return text.ToString();
    }
}
