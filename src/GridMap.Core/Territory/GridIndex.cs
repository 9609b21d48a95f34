using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;

namespace GridMap.Core.Territory;

/// <summary>
/// Answers "which grid is this point in?" in memory, for grids that tile an area: an STRtree of
/// grid envelopes narrows the candidates, an <see cref="IndexedPointInAreaLocator"/> per grid decides.
/// </summary>
/// <remarks>
/// A grid covers a point inside it or on its boundary (PostGIS <c>ST_Covers</c>). A point on an edge
/// or vertex shared by several grids belongs to the one with the lowest id, so the answer equals
/// the database's <c>grid_at()</c> (<c>ST_Covers ... ORDER BY id LIMIT 1</c>).
/// Immutable once built; safe to query from many threads.
/// </remarks>
public sealed class GridIndex
{
    /// <summary>Written by <see cref="LocateAll"/> for a point that no grid covers. Grid ids are never negative.</summary>
    public const long NoGrid = -1;

    // Grids sorted by id: a candidate's position is its rank, so "lowest id" is "lowest position".
    private readonly long[] _ids;
    private readonly IPointOnGeometryLocator[] _locators;
    private readonly STRtree<int> _tree = new();
    private readonly Envelope _extent = new();

    public GridIndex(IEnumerable<(long Id, Geometry Boundary)> grids)
    {
        var sorted = grids.OrderBy(g => g.Id).ToArray();
        _ids = new long[sorted.Length];
        _locators = new IPointOnGeometryLocator[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            var (id, boundary) = sorted[i];
            if (id < 0) throw new ArgumentException($"Grid id {id} is negative; {NoGrid} means no grid.", nameof(grids));
            if (i > 0 && id == _ids[i - 1]) throw new ArgumentException($"Grid id {id} appears twice.", nameof(grids));
            if (boundary is not IPolygonal) throw new ArgumentException($"Grid {id} is a {boundary.GeometryType}, not a polygon.", nameof(grids));
            _ids[i] = id;
            _locators[i] = new IndexedPointInAreaLocator(boundary);
            // The locator builds its segment index on first use; do it now so build time is paid here.
            if (!boundary.IsEmpty) _locators[i].Locate(boundary.EnvelopeInternal.Centre);
            _tree.Insert(boundary.EnvelopeInternal, i);
            _extent.ExpandToInclude(boundary.EnvelopeInternal);
        }
        _tree.Build();
    }

    /// <summary>The number of grids in the index.</summary>
    public int Count => _ids.Length;

    /// <summary>The id of the grid covering the point, or null when none does.</summary>
    public long? Locate(double lon, double lat)
    {
        long id = new Search(this).Locate(lon, lat);
        return id == NoGrid ? null : id;
    }

    /// <inheritdoc cref="Locate(double, double)"/>
    public long? Locate(Coordinate point) => Locate(point.X, point.Y);

    /// <summary>
    /// Locates many points at once on all cores: <paramref name="gridIds"/>[i] receives the grid
    /// covering (<paramref name="lon"/>[i], <paramref name="lat"/>[i]), or <see cref="NoGrid"/>.
    /// </summary>
    /// <remarks>
    /// The points are visited in Z order (<see cref="GridIndexZOrder"/>), not in the order given:
    /// in random order nearly every lookup misses the CPU cache, which made it several times slower.
    /// Memory rather than spans, because the chunks are handed to worker threads.
    /// </remarks>
    public void LocateAll(ReadOnlyMemory<double> lon, ReadOnlyMemory<double> lat, Memory<long> gridIds)
    {
        if (lat.Length != lon.Length || gridIds.Length != lon.Length)
            throw new ArgumentException($"lon, lat and gridIds differ in length ({lon.Length}, {lat.Length}, {gridIds.Length}).");
        const int chunk = 8192;
        if (lon.Length <= chunk)
        {
            var search = new Search(this);
            for (int i = 0; i < lon.Length; i++) gridIds.Span[i] = search.Locate(lon.Span[i], lat.Span[i]);
            return;
        }
        var order = GridIndexZOrder.Sort(lon.Span, lat.Span, _extent, cells: Math.Min(Count, lon.Length));
        int chunks = (order.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, c =>
        {
            ReadOnlySpan<double> x = lon.Span, y = lat.Span;
            var ids = gridIds.Span;
            var search = new Search(this);
            for (int j = c * chunk, end = Math.Min(j + chunk, order.Length); j < end; j++)
            {
                int i = order[j];
                ids[i] = search.Locate(x[i], y[i]);
            }
        });
    }

    /// <summary>One thread's reusable query state: the STRtree calls back with each candidate grid.</summary>
    private sealed class Search(GridIndex index) : IItemVisitor<int>
    {
        private readonly Coordinate _point = new();
        private readonly Envelope _envelope = new();
        private int _best;

        public long Locate(double lon, double lat)
        {
            _point.X = lon;
            _point.Y = lat;
            _envelope.Init(lon, lon, lat, lat);
            _best = int.MaxValue;
            index._tree.Query(_envelope, this);
            return _best == int.MaxValue ? NoGrid : index._ids[_best];
        }

        public void VisitItem(int candidate)
        {
            if (candidate < _best && index._locators[candidate].Locate(_point) != Location.Exterior)
                _best = candidate;
        }
    }
}
