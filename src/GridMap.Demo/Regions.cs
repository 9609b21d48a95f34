using NetTopologySuite.Geometries;
using NetTopologySuite.Shape.Fractal;

namespace GridMap.Demo;

/// <summary>Groups grids into connected regions (streets of grids, communities of grids).</summary>
static class Regions
{
    /// <summary>
    /// Multi-source Dijkstra over the grids' shared edges, weighted by the distance between seeds:
    /// each grid joins the nearest source as one walks from grid to grid, never crossing where
    /// <paramref name="mayCross"/> forbids. A grid joins through a neighbour already in its region,
    /// so every region is one connected piece (nearest-seed assignment does not promise that).
    /// </summary>
    public static int[] Grow(GridTiling tiling, IReadOnlyList<int> sources, Func<int, int, bool> mayCross)
    {
        var n = tiling.Seeds.Length;
        var region = Enumerable.Repeat(-1, n).ToArray();
        var best = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var queue = new PriorityQueue<(int Grid, int Region), (double, int)>();
        for (var s = 0; s < sources.Count; s++) queue.Enqueue((sources[s], s), (0, s));
        while (queue.TryDequeue(out var item, out var priority))
        {
            if (region[item.Grid] != -1) continue;
            region[item.Grid] = item.Region;
            foreach (var next in tiling.Neighbours[item.Grid])
            {
                if (region[next] != -1 || !mayCross(item.Grid, next)) continue;
                var d = priority.Item1 + tiling.Distance(item.Grid, next);
                if (d < best[next]) { best[next] = d; queue.Enqueue((next, item.Region), (d, item.Region)); }
            }
        }
        var lost = Array.IndexOf(region, -1);
        if (lost >= 0) throw new InvalidOperationException($"grid {lost} cannot be reached from any region source");
        return region;
    }

    /// <summary>
    /// Sources for <paramref name="count"/> regions of about equal numbers of grids: the grids cut
    /// into consecutive runs along a Hilbert curve, each run represented by its most central grid.
    /// </summary>
    public static List<int> HilbertSources(IReadOnlyList<int> grids, int count, Func<int, long> hilbert, Coordinate[] seeds)
    {
        var ordered = grids.OrderBy(hilbert).ToArray();
        var sources = new List<int>(count);
        for (var r = 0; r < count; r++)
        {
            var run = ordered[(r * ordered.Length / count)..((r + 1) * ordered.Length / count)];
            var (mx, my) = (run.Average(g => seeds[g].X), run.Average(g => seeds[g].Y));
            sources.Add(run.MinBy(g => (seeds[g].X - mx) * (seeds[g].X - mx) + (seeds[g].Y - my) * (seeds[g].Y - my)));
        }
        return sources;
    }

    /// <summary>Position along a Hilbert curve over <paramref name="extent"/>: near on the curve is near on the map.</summary>
    public static Func<Coordinate, long> HilbertOrder(Envelope extent)
    {
        const int level = 15; // 2^30 positions: the index still fits an int
        var max = HilbertCode.MaxOrdinate(level);
        var size = Math.Max(extent.Width, extent.Height);
        return c => HilbertCode.Encode(level,
            (int)Math.Clamp((c.X - extent.MinX) / size * max, 0, max),
            (int)Math.Clamp((c.Y - extent.MinY) / size * max, 0, max));
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/> (largest remainder), each share within [min, max].</summary>
    public static int[] Apportion(int total, IReadOnlyList<double> weights, int min, IReadOnlyList<int> max)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => total * w / sum).ToArray();
        var shares = exact.Select((e, i) => Math.Clamp((int)Math.Floor(e), min, max[i])).ToArray();
        var order = Enumerable.Range(0, shares.Length).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i).ToArray();
        for (var k = 0; shares.Sum() < total && k < 10 * shares.Length; k++)
        {
            var i = order[k % order.Length];
            if (shares[i] < max[i]) shares[i]++;
        }
        return shares;
    }
}
