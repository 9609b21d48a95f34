using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace GridMap.Demo;

/// <summary>
/// Grid seeds: one jittered point per leaf of a quadtree refined until each leaf is no wider than
/// the plan wants a grid to be there, so seeds are dense in town cores and sparse in the fields.
/// The lattice reaches two rural grid widths beyond the outline, so that every grid kept inside
/// it is a closed Voronoi cell.
/// </summary>
static class SeedLattice
{
    const double Jitter = 0.3;

    public sealed record Seeds(Coordinate[] Points, bool[] Inside, double CoreWidthMetres);

    /// <summary>Finds the core grid width that puts about <paramref name="target"/> seeds inside the outline.</summary>
    public static Seeds ForCount(DistrictPlan plan, int seed, int target)
    {
        var locator = new IndexedPointInAreaLocator(plan.Outline);
        // The width if every grid were a core grid is an upper bound; rural grids are up to four
        // times as wide, so a quarter of it is a lower bound.
        var allCore = Math.Sqrt(plan.Outline.Area / target);
        var (low, high) = (allCore / 4.5, 1.1 * allCore);
        var best = Build(plan, seed, high, locator);
        for (var i = 0; i < 40; i++)
        {
            var width = Math.Sqrt(low * high);
            var seeds = Build(plan, seed, width, locator);
            var count = seeds.Inside.Count(b => b);
            if (Math.Abs(count - target) < Math.Abs(best.Inside.Count(b => b) - target)) best = seeds;
            if (Math.Abs(count - target) <= Math.Max(1, target / 200)) return seeds;
            if (count > target) low = width; else high = width;
        }
        return best;
    }

    static Seeds Build(DistrictPlan plan, int seed, double coreWidth, IPointOnGeometryLocator outline)
    {
        var env = plan.Outline.EnvelopeInternal;
        var margin = 2 * 4 * coreWidth;
        var extent = Math.Max(env.Width, env.Height) + 2 * margin;
        // The root is a power-of-two multiple of the core width, so core leaves are exactly that wide
        // and the number of seeds grows smoothly as the width shrinks.
        var levels = (int)Math.Ceiling(Math.Log2(extent / coreWidth));
        var root = coreWidth * Math.Pow(2, levels);
        var (x0, y0) = (env.Centre.X - root / 2, env.Centre.Y - root / 2);
        var (minX, minY, maxX, maxY) = (env.MinX - margin, env.MinY - margin, env.MaxX + margin, env.MaxY + margin);

        var points = new List<Coordinate>();
        var inside = new List<bool>();
        var stack = new Stack<(int Level, long I, long J)>();
        stack.Push((0, 0, 0));
        while (stack.Count > 0)
        {
            var (level, i, j) = stack.Pop();
            var size = root / (1L << level);
            var (x, y) = (x0 + i * size, y0 + j * size);
            if (x > maxX || y > maxY || x + size < minX || y + size < minY) continue;
            if (size > coreWidth * 1.0001 && size > plan.GridWidthAt(x + size / 2, y + size / 2, coreWidth))
            {
                for (var k = 3; k >= 0; k--) stack.Push((level + 1, 2 * i + (k & 1), 2 * j + (k >> 1)));
                continue;
            }
            var p = new Coordinate(
                x + size * (0.5 + Jitter * (2 * DemoRandom.Hash(seed, level, i, j) - 1)),
                y + size * (0.5 + Jitter * (2 * DemoRandom.Hash(seed, level, j, ~i) - 1)));
            points.Add(p);
            inside.Add(outline.Locate(p) == Location.Interior);
        }
        return new Seeds(points.ToArray(), inside.ToArray(), coreWidth);
    }
}
