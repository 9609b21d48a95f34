namespace GridMap.Tests.Live;

/// <summary>A case reported by one of the concurrent writers: its seq and the grid it lies in.</summary>
public sealed record Reported(long Seq, long GridId);

/// <summary>Several writers reporting cases at once, in random grids, as fast as they can.</summary>
public static class Reporters
{
    public static async Task<List<Reported>> RunAsync(LiveDistrict district, int writers, long[] grids, int perWriter, CancellationToken stop = default)
    {
        var all = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var written = new List<Reported>();
            for (var i = 0; i < perWriter && !stop.IsCancellationRequested; i++)
            {
                var grid = grids[random.Next(grids.Length)];
                written.Add(new(await district.ReportAsync(grid, $"writer {w} case {i}"), grid));
            }
            return written;
        })));
        return [.. all.SelectMany(w => w).OrderBy(r => r.Seq)];
    }
}
