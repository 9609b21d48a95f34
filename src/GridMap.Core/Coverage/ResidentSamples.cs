using GridMap.Core.Spatial;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace GridMap.Core.Coverage;

/// <summary>
/// Where a grid's residents are taken to live when only its population is known: spread evenly
/// over the grid (areal weighting), as the centres of a square lattice's cells, each carrying a whole
/// number of residents so that a grid's points add up exactly to its population. Covered
/// residents are then counted like households: the residents of the points within a radius.
/// </summary>
public sealed record ResidentSamples
{
    /// <summary>Lattices finer than this gain nothing a planner would see.</summary>
    public const double DefaultSpacingMetres = 50;
    /// <summary>The spacing is widened for large districts so as to stay below this many points.</summary>
    public const int MaxPoints = 1_000_000;

    public required double[] Lon { get; init; }
    public required double[] Lat { get; init; }
    /// <summary>Residents each point stands for.</summary>
    public required int[] Residents { get; init; }
    /// <summary>The grid (caller's index) each point belongs to.</summary>
    public required int[] Grid { get; init; }
    public required double SpacingMetres { get; init; }

    public int Count => Lon.Length;

    /// <summary>
    /// Points for each grid whose population is known (null: unknown, no points): the lattice
    /// points inside it, or its interior point when it is too small to hold one. A lattice point
    /// on an edge between two grids goes to the first of them.
    /// </summary>
    public static ResidentSamples Spread(IReadOnlyList<Geometry> gridsLonLat, IReadOnlyList<int?> population, double spacingMetres = DefaultSpacingMetres)
    {
        if (gridsLonLat.Count != population.Count) throw new ArgumentException("one population per grid is needed", nameof(population));
        if (!(spacingMetres > 0)) throw new ArgumentOutOfRangeException(nameof(spacingMetres));
        var known = Enumerable.Range(0, gridsLonLat.Count).Where(g => population[g] is > 0 && !gridsLonLat[g].IsEmpty).ToArray();
        var (lon, lat, residents, grid) = (new List<double>(), new List<double>(), new List<int>(), new List<int>());
        if (known.Length == 0) return Build(lon, lat, residents, grid, spacingMetres);

        var extent = new Envelope();
        foreach (int g in known) extent.ExpandToInclude(gridsLonLat[g].EnvelopeInternal);
        var frame = LocalProjection.For(extent);
        var metric = known.ToDictionary(g => g, g => frame.Project(gridsLonLat[g]));
        double area = metric.Values.Sum(m => m.Area);
        spacingMetres = Math.Max(spacingMetres, Math.Sqrt(area / MaxPoints));

        var taken = new HashSet<(long, long)>();
        foreach (int g in known)
        {
            var shape = metric[g];
            var inGrid = new IndexedPointInAreaLocator(shape);
            var env = shape.EnvelopeInternal;
            var points = new List<(double X, double Y)>();
            // Points at the centres of the lattice's squares: each stands for one square of ground.
            for (long row = (long)Math.Floor(env.MinY / spacingMetres); (row + 0.5) * spacingMetres <= env.MaxY; row++)
                for (long column = (long)Math.Floor(env.MinX / spacingMetres); (column + 0.5) * spacingMetres <= env.MaxX; column++)
                {
                    var (x, y) = ((column + 0.5) * spacingMetres, (row + 0.5) * spacingMetres);
                    if (inGrid.Locate(new Coordinate(x, y)) != Location.Exterior && taken.Add((column, row))) points.Add((x, y));
                }
            if (points.Count == 0)
            {
                var inside = shape.InteriorPoint;
                points.Add((inside.X, inside.Y));
            }
            // Point i carries ⌊(i+1)·P/n⌋ − ⌊i·P/n⌋: whole residents, the remainder spread evenly.
            long total = population[g]!.Value, n = points.Count;
            for (int i = 0; i < points.Count; i++)
            {
                var (pointLon, pointLat) = frame.Unproject(points[i].X, points[i].Y);
                lon.Add(pointLon); lat.Add(pointLat);
                residents.Add((int)((i + 1) * total / n - i * total / n));
                grid.Add(g);
            }
        }
        return Build(lon, lat, residents, grid, spacingMetres);
    }

    static ResidentSamples Build(List<double> lon, List<double> lat, List<int> residents, List<int> grid, double spacing) =>
        new() { Lon = [.. lon], Lat = [.. lat], Residents = [.. residents], Grid = [.. grid], SpacingMetres = spacing };

    /// <summary>The points as a coverage index, residents as its people.</summary>
    public CoverageIndex Index() => CoverageIndex.Build(Lon, Lat, Residents);
}
