using GridMap.Core.Territory;

namespace GridMap.Bench.Locate;

/// <summary>
/// Benchmark (a): assign households to grids with <see cref="GridIndex"/> and with a PostGIS
/// join on the same data, check that both agree, and print a Markdown table.
/// </summary>
public static class LocateBench
{
    public static async Task<int> RunAsync(Options options)
    {
        int gridCount = options.Int("grids", 100_000);
        int householdCount = options.Int("households", 1_000_000);
        int runs = options.Int("runs", 5);
        string load = Measure.LoadAverage();

        List<(long Id, NetTopologySuite.Geometries.Geometry Boundary)> grids;
        using (var bar = new ProgressBar($"generating {gridCount:N0} grids", gridCount))
            grids = SyntheticTerritory.Grids(gridCount, progress: bar.Report);
        var (lon, lat) = SyntheticTerritory.Households(householdCount);

        GridIndex index = null!;
        var build = Measure.Once(() => index = new GridIndex(grids));
        Console.Error.WriteLine($"  index built in {Measure.Format(build)}");
        var inMemory = new long[householdCount];
        var memoryMedian = Measure.Median(runs, "in-memory", () => index.LocateAll(lon, lat, inMemory));

        var result = new Result(gridCount, householdCount, runs, build, memoryMedian, load);
        if (!options.Flag("skip-postgis"))
        {
            await using var database = await ThrowawayDatabase.CreateAsync();
            var join = new PostGisJoin(database);
            await join.LoadAsync(grids, lon, lat);
            if (options.Flag("cluster")) await join.ClusterAsync();
            Console.Error.WriteLine(await join.PlanAsync());
            var inPostGis = new long[householdCount];
            long rows = 0;
            var postGisMedian = await Measure.MedianAsync(runs, "PostGIS", async () => rows = await join.AssignAsync(inPostGis));
            result = result with
            {
                PostGisMedian = postGisMedian,
                PostGisVersion = await join.VersionAsync(),
                PostGisOrder = options.Flag("cluster") ? "households table CLUSTERed on its GiST index" : "households table in random order",
                Ties = rows - inPostGis.Count(id => id != GridIndex.NoGrid),
                Mismatches = inMemory.Where((id, i) => id != inPostGis[i]).Count(),
            };
        }
        result.Print(inMemory.Count(id => id == GridIndex.NoGrid));
        return result.Mismatches == 0 ? 0 : 1;
    }

    private sealed record Result(int Grids, int Households, int Runs, TimeSpan Build, TimeSpan MemoryMedian, string Load)
    {
        public TimeSpan? PostGisMedian { get; init; }
        public string? PostGisVersion { get; init; }
        public string? PostGisOrder { get; init; }
        public long Ties { get; init; }
        public long Mismatches { get; init; }

        public void Print(int outside)
        {
            string Rate(TimeSpan t) => $"{Households / t.TotalSeconds:N0}";
            Console.WriteLine($"{Grids:N0} grids, {Households:N0} households ({outside:N0} outside every grid), median of {Runs} runs after a warm-up; "
                + $"{Environment.ProcessorCount} cores (load average {Load} at start, {Measure.LoadAverage()} at end), .NET {Environment.Version}{(PostGisVersion is null ? "" : $", {PostGisVersion} ({PostGisOrder})")}.");
            Console.WriteLine();
            Console.WriteLine("| index build | in-memory LocateAll | PostGIS join | ratio | in-memory points/s | PostGIS points/s | mismatches |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            if (PostGisMedian is { } db)
                Console.WriteLine($"| {Measure.Format(Build)} | {Measure.Format(MemoryMedian)} | {Measure.Format(db)} | {db / MemoryMedian:F0}× | {Rate(MemoryMedian)} | {Rate(db)} | {Mismatches} (ties: {Ties}) |");
            else
                Console.WriteLine($"| {Measure.Format(Build)} | {Measure.Format(MemoryMedian)} | – | – | {Rate(MemoryMedian)} | – | – |");
        }
    }
}
