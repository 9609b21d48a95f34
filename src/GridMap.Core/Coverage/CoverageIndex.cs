using System.Collections.Concurrent;
using GridMap.Core.Spatial;

namespace GridMap.Core.Coverage;

/// <summary>
/// Households held for repeated radius queries: built once, then <see cref="Count"/> answers
/// "which households lie within some station's radius" as PostGIS
/// <c>EXISTS (… ST_DWithin(h.location::geography, s.location::geography, radius))</c> would.
/// </summary>
/// <remarks>
/// Households are bucketed in cells of a lon/lat grid (about <c>cellMetres</c> on a side) and stored
/// cell by cell, so the households near a station are a few contiguous runs of the arrays. Each
/// is tested by its chord to the station in earth-centred coordinates (<see cref="GeodesicChord"/>);
/// only those whose estimate falls within <see cref="GeodesicChord.ErrorBoundMetres"/> of the
/// radius (about a millimetre) are decided by the exact geodesic, so results equal an exact
/// geodesic test everywhere. Radii up to 100 km are supported. Queries are thread-safe.
/// </remarks>
public sealed class CoverageIndex
{
    /// <summary>The largest radius the chord estimate is validated for.</summary>
    public const double MaxRadiusMetres = 100_000;

    // Households in cell order; Original maps a position back to the caller's index, PositionOf the reverse.
    internal readonly double[] X, Y, Z, Lon, Lat;
    internal readonly int[] PeopleSorted, Original, PositionOf;
    readonly CellGrid _grid;
    readonly int[] _cellStart;

    CoverageIndex(CellGrid grid, int[] cellStart, int[] original, double[] lon, double[] lat, int[] people, bool hasPeople)
    {
        (_grid, _cellStart, Original, Lon, Lat, PeopleSorted, HasPeople) = (grid, cellStart, original, lon, lat, people, hasPeople);
        int n = original.Length;
        (X, Y, Z, PositionOf) = (new double[n], new double[n], new double[n], new int[n]);
        for (int p = 0; p < n; p++) PositionOf[original[p]] = p;
        if (n > 0)
            Parallel.ForEach(Partitioner.Create(0, n, Math.Max(1024, n / 16)), range =>
            {
                for (int p = range.Item1; p < range.Item2; p++) (X[p], Y[p], Z[p]) = GeodesicChord.ToEcef(lon[p], lat[p]);
            });
        People = people.Sum(p => (long)p);
    }

    public int Households => Lon.Length;

    /// <summary>Whether people counts (household members) were given.</summary>
    public bool HasPeople { get; }

    public long People { get; }

    /// <summary>
    /// Indexes households given by longitude and latitude in degrees, with optional people counts
    /// (household members), in the caller's order, which results refer back to.
    /// </summary>
    public static CoverageIndex Build(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<int> people = default, double cellMetres = 250)
    {
        int n = lon.Length;
        if (lat.Length != n || (!people.IsEmpty && people.Length != n))
            throw new ArgumentException("lon, lat and people must have one entry per household");
        if (!(cellMetres > 0)) throw new ArgumentOutOfRangeException(nameof(cellMetres));
        for (int i = 0; i < n; i++)
            if (!LonLat.IsLon(lon[i]) || !LonLat.IsLat(lat[i]))
                throw new ArgumentOutOfRangeException(nameof(lon), $"household {i} is not a lon/lat position");

        double minLon = 0, maxLon = 0, minLat = 0, maxLat = 0;
        if (n > 0)
        {
            minLon = maxLon = lon[0]; minLat = maxLat = lat[0];
            for (int i = 1; i < n; i++)
            {
                minLon = Math.Min(minLon, lon[i]); maxLon = Math.Max(maxLon, lon[i]);
                minLat = Math.Min(minLat, lat[i]); maxLat = Math.Max(maxLat, lat[i]);
            }
        }

        var grid = CellGrid.Fit(minLon, maxLon, minLat, maxLat, cellMetres, n);
        var cellOf = new int[n];
        var cellStart = new int[grid.Cells + 1];
        for (int i = 0; i < n; i++)
        {
            cellOf[i] = grid.CellOf(lon[i], lat[i]);
            cellStart[cellOf[i] + 1]++;
        }
        for (int c = 0; c < grid.Cells; c++) cellStart[c + 1] += cellStart[c];

        var next = (int[])cellStart.Clone();
        var original = new int[n];
        for (int i = 0; i < n; i++) original[next[cellOf[i]]++] = i;

        var (lons, lats, peoples) = (new double[n], new double[n], new int[n]);
        for (int p = 0; p < n; p++)
        {
            int i = original[p];
            (lons[p], lats[p]) = (lon[i], lat[i]);
            peoples[p] = people.IsEmpty ? 0 : people[i];
        }
        return new CoverageIndex(grid, cellStart, original, lons, lats, peoples, !people.IsEmpty);
    }

    /// <summary>
    /// Which households lie within at least one station's radius (distance ≤ radius, geodesic on
    /// WGS84). With <paramref name="radiusOverrideMetres"/>, every station uses that radius instead
    /// of its own (the planner's 300/500/1000 m what-if).
    /// </summary>
    public CoverageResult Count(IReadOnlyList<Station> stations, double? radiusOverrideMetres = null)
    {
        foreach (var s in stations) CheckRadius(radiusOverrideMetres ?? s.RadiusMetres);
        var covered = new byte[Households];
        if (stations.Count == 0 || Households == 0) return new CoverageResult(this, covered);
        Parallel.ForEach(Partitioner.Create(0, stations.Count, Math.Max(1, stations.Count / 16)), range =>
        {
            var mark = new MarkCovered(covered);
            for (int s = range.Item1; s < range.Item2; s++)
            {
                var station = stations[s];
                Visit(station.Lon, station.Lat, radiusOverrideMetres ?? station.RadiusMetres, ref mark);
            }
        });
        return new CoverageResult(this, covered);
    }

    /// <summary>
    /// Coverage decided elsewhere (e.g. by walking distance), household by household in the
    /// caller's order, for the same totals and per-area rows as <see cref="Count"/> gives.
    /// </summary>
    public CoverageResult Covering(ReadOnlySpan<bool> coveredByHousehold)
    {
        if (coveredByHousehold.Length != Households) throw new ArgumentException("one flag per household is needed", nameof(coveredByHousehold));
        var covered = new byte[Households];
        for (int p = 0; p < covered.Length; p++) covered[p] = coveredByHousehold[Original[p]] ? (byte)1 : (byte)0;
        return new CoverageResult(this, covered);
    }

    internal static void CheckRadius(double radiusMetres)
    {
        if (!(radiusMetres >= 0 && radiusMetres <= MaxRadiusMetres))
            throw new ArgumentOutOfRangeException(nameof(radiusMetres), radiusMetres, $"a radius must lie in [0, {MaxRadiusMetres}] metres");
    }

    internal interface IVisitor
    {
        /// <summary>True if the household at this position needs no test (already decided).</summary>
        bool Skip(int position);

        void Within(int position);
    }

    struct MarkCovered(byte[] covered) : IVisitor
    {
        public readonly bool Skip(int position) => covered[position] != 0;

        // Several threads may write the same 1: a benign race.
        public readonly void Within(int position) => covered[position] = 1;
    }

    /// <summary>
    /// How many households a query at the point would test: those in its search window of cells,
    /// within the radius or not. Counted from the cells alone, one step per row of the window.
    /// </summary>
    internal long WindowCount(double lon, double lat, double radiusMetres)
    {
        if (Households == 0) return 0;
        var reach = CellGrid.ReachDegrees(lat, radiusMetres + GeodesicChord.ErrorBoundMetres(radiusMetres));
        var (row0, row1) = _grid.RowsBetween(lat - reach.Lat, lat + reach.Lat);
        long count = 0;
        Span<(int First, int Last)> columns = stackalloc (int, int)[3];
        foreach (var (col0, col1) in columns[..WindowColumns(lon, reach.Lon, columns)])
            for (int row = row0; row <= row1; row++)
                count += _cellStart[row * _grid.Columns + col1 + 1] - _cellStart[row * _grid.Columns + col0];
        return count;
    }

    /// <summary>
    /// The column ranges (at most 3) a window of half-width <paramref name="reachLon"/> covers, and
    /// how many: households across the antimeridian are found by looking 360° east and west as well.
    /// </summary>
    int WindowColumns(double lon, double reachLon, Span<(int First, int Last)> ranges)
    {
        int n = 0;
        for (int shift = -360; shift <= 360; shift += 360)
        {
            double west = lon + shift - reachLon, east = lon + shift + reachLon;
            if (reachLon >= 180) { if (shift != 0) continue; west = -540; east = 540; }
            var (col0, col1) = _grid.ColumnsBetween(west, east);
            if (col0 <= col1) ranges[n++] = (col0, col1);
        }
        return n;
    }

    /// <summary>Calls <c>visitor.Within</c> for every household within the radius of the point.</summary>
    internal void Visit<TVisitor>(double lon, double lat, double radiusMetres, ref TVisitor visitor) where TVisitor : struct, IVisitor
    {
        if (Households == 0) return;
        double band = GeodesicChord.ErrorBoundMetres(radiusMetres);
        double inner = radiusMetres - band;
        double sureInside = inner > 0 ? Square(GeodesicChord.ChordMetres(inner)) : -1;
        double maybeInside = Square(GeodesicChord.ChordMetres(radiusMetres + band));
        var (sx, sy, sz) = GeodesicChord.ToEcef(lon, lat);

        var reach = CellGrid.ReachDegrees(lat, radiusMetres + band);
        var (row0, row1) = _grid.RowsBetween(lat - reach.Lat, lat + reach.Lat);
        if (row0 > row1) return;
        Span<(int First, int Last)> columns = stackalloc (int, int)[3];
        foreach (var (col0, col1) in columns[..WindowColumns(lon, reach.Lon, columns)])
        {
            for (int row = row0; row <= row1; row++)
            {
                int end = _cellStart[row * _grid.Columns + col1 + 1];
                for (int p = _cellStart[row * _grid.Columns + col0]; p < end; p++)
                {
                    if (visitor.Skip(p)) continue;
                    double dx = X[p] - sx, dy = Y[p] - sy, dz = Z[p] - sz;
                    double chord2 = dx * dx + dy * dy + dz * dz;
                    if (chord2 <= sureInside ||
                        (chord2 <= maybeInside && Geodesic.DistanceMetres(lon, lat, Lon[p], Lat[p]) <= radiusMetres))
                        visitor.Within(p);
                }
            }
        }
    }

    static double Square(double x) => x * x;
}
