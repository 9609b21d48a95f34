using System.Collections;
using GridMap.Core.Spatial;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

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

        var metricExtent = new Envelope();
        foreach (var shape in metric.Values) metricExtent.ExpandToInclude(shape.EnvelopeInternal);
        var taken = new LatticeTaken(metricExtent, spacingMetres);
        foreach (int g in known)
        {
            var shape = metric[g];
            var inGrid = new LatticeRows(shape);
            var env = shape.EnvelopeInternal;
            var points = new List<(double X, double Y)>();
            // Points at the centres of the lattice's squares: each stands for one square of ground.
            for (long row = (long)Math.Floor(env.MinY / spacingMetres); (row + 0.5) * spacingMetres <= env.MaxY; row++)
            {
                double y = (row + 0.5) * spacingMetres;
                inGrid.StartRow(y);
                for (long column = (long)Math.Floor(env.MinX / spacingMetres); (column + 0.5) * spacingMetres <= env.MaxX; column++)
                {
                    double x = (column + 0.5) * spacingMetres;
                    if (inGrid.Covers(x) && taken.Add(column, row)) points.Add((x, y));
                }
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

    /// <summary>
    /// The lattice points already given to a grid: one bit per point of the lattice over the
    /// grids' extent, or a set when that lattice is too large for a bitmap (grids scattered far apart).
    /// </summary>
    sealed class LatticeTaken
    {
        const long MaxBits = 1L << 27;
        readonly long _column0, _row0, _columns;
        readonly BitArray? _bits;
        readonly HashSet<(long, long)>? _set;

        public LatticeTaken(Envelope extent, double spacing)
        {
            (_column0, _row0) = ((long)Math.Floor(extent.MinX / spacing), (long)Math.Floor(extent.MinY / spacing));
            _columns = (long)Math.Floor(extent.MaxX / spacing) - _column0 + 1;
            long rows = (long)Math.Floor(extent.MaxY / spacing) - _row0 + 1;
            if (_columns * rows <= MaxBits) _bits = new BitArray((int)(_columns * rows));
            else _set = [];
        }

        /// <summary>Takes the point; false when it was already taken.</summary>
        public bool Add(long column, long row)
        {
            if (_set is not null) return _set.Add((column, row));
            int bit = (int)((row - _row0) * _columns + column - _column0);
            if (_bits![bit]) return false;
            _bits[bit] = true;
            return true;
        }
    }

    /// <summary>
    /// Whether points of one lattice row lie in the shape or on its edge, as
    /// <see cref="IndexedPointInAreaLocator"/> decides (a ray to the east crosses an odd number of
    /// edges, by the same half-open rule), from where the row crosses the edges, found once per row
    /// instead of once per point. A point within a micrometre of a crossing, and every point of a
    /// row that passes through a vertex, is left to the locator itself.
    /// </summary>
    sealed class LatticeRows
    {
        const double NearMetres = 1e-6;
        readonly (double X1, double Y1, double X2, double Y2)[] _edges;
        readonly IndexedPointInAreaLocator _locator;
        readonly List<double> _crossings = [];
        double _y;
        bool _throughVertex;

        public LatticeRows(Geometry shape)
        {
            _locator = new IndexedPointInAreaLocator(shape);
            var edges = new List<(double, double, double, double)>();
            foreach (Polygon polygon in PolygonExtracter.GetPolygons(shape))
                foreach (var ring in new[] { polygon.Shell }.Concat(polygon.Holes))
                {
                    var seq = ring.CoordinateSequence;
                    for (int i = 1; i < seq.Count; i++) edges.Add((seq.GetX(i - 1), seq.GetY(i - 1), seq.GetX(i), seq.GetY(i)));
                }
            _edges = [.. edges];
        }

        public void StartRow(double y)
        {
            (_y, _throughVertex) = (y, false);
            _crossings.Clear();
            foreach (var (x1, y1, x2, y2) in _edges)
            {
                if (y1 == y || y2 == y) _throughVertex = true;
                else if ((y1 > y) != (y2 > y)) _crossings.Add(x1 + (y - y1) * (x2 - x1) / (y2 - y1));
            }
            _crossings.Sort();
        }

        public bool Covers(double x)
        {
            if (_throughVertex) return _locator.Locate(new Coordinate(x, _y)) != Location.Exterior;
            int east = _crossings.Count;
            for (int i = 0; i < _crossings.Count; i++)
            {
                if (Math.Abs(_crossings[i] - x) <= NearMetres) return _locator.Locate(new Coordinate(x, _y)) != Location.Exterior;
                if (_crossings[i] > x) { east = _crossings.Count - i; break; }
            }
            return east % 2 == 1;
        }
    }

    static ResidentSamples Build(List<double> lon, List<double> lat, List<int> residents, List<int> grid, double spacing) =>
        new() { Lon = [.. lon], Lat = [.. lat], Residents = [.. residents], Grid = [.. grid], SpacingMetres = spacing };

    /// <summary>The points as a coverage index, residents as its people.</summary>
    public CoverageIndex Index() => CoverageIndex.Build(Lon, Lat, Residents);
}
