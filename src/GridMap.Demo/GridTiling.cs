using GridMap.Core.Spatial;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace GridMap.Demo;

/// <summary>
/// Grids that tile the district exactly: the Voronoi cells of the seeds inside the outline, with
/// every vertex computed once and shared by all the cells that meet there. Rounding a shared
/// vertex (to 7 decimals in degrees) moves it the same way in every cell, so neighbours keep
/// bit-identical edges: no gaps, no overlaps, at any precision.
/// </summary>
sealed class GridTiling
{
    /// <summary>Vertices closer than this are merged first, so that rounding cannot fold a tiny edge over.</summary>
    const double MergeMetres = 1.0;

    /// <summary>Each grid's seed, in local metres.</summary>
    public required Coordinate[] Seeds { get; init; }
    /// <summary>Each grid's closed counter-clockwise ring in local metres, before rounding to degrees.</summary>
    public required Coordinate[][] MetricRings { get; init; }
    /// <summary>Each grid in lon/lat with 7 decimals.</summary>
    public required Polygon[] Cells { get; init; }
    /// <summary>Grids sharing an edge with each grid, in ascending order.</summary>
    public required int[][] Neighbours { get; init; }
    public required double CoreWidthMetres { get; init; }

    public double Distance(int a, int b) => Seeds[a].Distance(Seeds[b]);

    public static GridTiling Build(DistrictPlan plan, LocalProjection projection, int seed, int count, IProgress<DemoProgress>? progress)
    {
        progress?.Report(new("seeds", 0, 1));
        var seeds = SeedLattice.ForCount(plan, seed, count);
        progress?.Report(new("seeds", 1, 1));

        progress?.Report(new("voronoi", 0, 1));
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(seeds.Points);
        var diagram = builder.GetDiagram(new GeometryFactory());
        var siteIndex = new Dictionary<(double, double), int>(seeds.Points.Length);
        for (var i = 0; i < seeds.Points.Length; i++) siteIndex[(seeds.Points[i].X, seeds.Points[i].Y)] = i;
        var cells = new Polygon[seeds.Points.Length];
        foreach (var cell in diagram.Geometries)
        {
            var site = (Coordinate)cell.UserData;
            cells[siteIndex[(site.X, site.Y)]] = (Polygon)cell;
        }
        progress?.Report(new("voronoi", 1, 1));

        progress?.Report(new("tiling", 0, count));
        var vertices = new VertexTable();
        var rings = cells.Select(c => vertices.Ring(c.ExteriorRing.Coordinates)).ToArray();
        var kept = Keep(seeds, rings, plan.Outline.EnvelopeInternal);

        var merged = vertices.Merge(kept.SelectMany(i => rings[i]), MergeMetres);
        var lonLat = new Dictionary<int, Coordinate>();
        Coordinate Degrees(int v)
        {
            if (lonLat.TryGetValue(v, out var c)) return c;
            var (lon, lat) = projection.Unproject(vertices[v].X, vertices[v].Y);
            return lonLat[v] = new Coordinate(Math.Round(lon, 7), Math.Round(lat, 7));
        }

        var finalRings = new int[kept.Length][];
        var metric = new Coordinate[kept.Length][];
        var polygons = new Polygon[kept.Length];
        for (var k = 0; k < kept.Length; k++)
        {
            var ring = WithoutRepeats(rings[kept[k]].Select(v => merged[v]).ToList());
            var closed = ring.Append(ring[0]).Select(v => vertices[v]).ToArray();
            if (!Orientation.IsCCW(closed)) { ring.Reverse(); Array.Reverse(closed); }
            finalRings[k] = ring.ToArray();
            metric[k] = closed.Select(c => c.Copy()).ToArray();
            polygons[k] = GeoJson.Wgs84.CreatePolygon(ring.Append(ring[0]).Select(v => Degrees(v).Copy()).ToArray());
            if (!polygons[k].IsValid) throw new InvalidOperationException($"grid {k} is not a valid polygon after rounding: {polygons[k]}");
            if (k % 1000 == 0) progress?.Report(new("tiling", k, kept.Length));
        }
        progress?.Report(new("tiling", kept.Length, kept.Length));

        return new GridTiling
        {
            Seeds = kept.Select(i => seeds.Points[i]).ToArray(),
            MetricRings = metric,
            Cells = polygons,
            Neighbours = EdgeNeighbours(finalRings),
            CoreWidthMetres = seeds.CoreWidthMetres,
        };
    }

    /// <summary>
    /// The cells whose seeds lie in the outline, with enclosed outside cells added (no holes) and
    /// cut-off pieces dropped (one piece), so that the district is a single simple polygon.
    /// </summary>
    static int[] Keep(SeedLattice.Seeds seeds, int[][] rings, Envelope outlineEnvelope)
    {
        var neighbours = EdgeNeighbours(rings);
        var inside = (bool[])seeds.Inside.Clone();
        var outside = Reach(neighbours, Enumerable.Range(0, rings.Length).Where(i => !outlineEnvelope.Contains(seeds.Points[i])), i => !inside[i]);
        for (var i = 0; i < rings.Length; i++) if (!outside[i]) inside[i] = true;

        var piece = new int[rings.Length];
        var largest = (Label: 0, Size: 0);
        for (int i = 0, label = 1; i < rings.Length; i++)
        {
            if (!inside[i] || piece[i] != 0) continue;
            var reached = Reach(neighbours, [i], j => inside[j]);
            var size = 0;
            for (var j = 0; j < rings.Length; j++) if (reached[j]) { piece[j] = label; size++; }
            if (size > largest.Size) largest = (label, size);
            label++;
        }
        return Enumerable.Range(0, rings.Length).Where(i => piece[i] == largest.Label).ToArray();
    }

    static bool[] Reach(int[][] neighbours, IEnumerable<int> from, Func<int, bool> allowed)
    {
        var seen = new bool[neighbours.Length];
        var queue = new Queue<int>();
        foreach (var s in from) if (allowed(s) && !seen[s]) { seen[s] = true; queue.Enqueue(s); }
        while (queue.TryDequeue(out var i))
            foreach (var n in neighbours[i])
                if (!seen[n] && allowed(n)) { seen[n] = true; queue.Enqueue(n); }
        return seen;
    }

    static int[][] EdgeNeighbours(int[][] rings)
    {
        var firstOwner = new Dictionary<(int, int), int>();
        var neighbours = rings.Select(_ => new SortedSet<int>()).ToArray();
        for (var c = 0; c < rings.Length; c++)
            for (var i = 0; i < rings[c].Length; i++)
            {
                var (a, b) = (rings[c][i], rings[c][(i + 1) % rings[c].Length]);
                var edge = a < b ? (a, b) : (b, a);
                if (firstOwner.Remove(edge, out var other)) { neighbours[c].Add(other); neighbours[other].Add(c); }
                else firstOwner[edge] = c;
            }
        return neighbours.Select(n => n.ToArray()).ToArray();
    }

    static List<int> WithoutRepeats(List<int> ring)
    {
        var result = new List<int>(ring.Count);
        foreach (var v in ring) if (result.Count == 0 || result[^1] != v) result.Add(v);
        while (result.Count > 1 && result[0] == result[^1]) result.RemoveAt(result.Count - 1);
        return result;
    }

    /// <summary>Voronoi vertices by value, so that a vertex shared by three cells is one number.</summary>
    sealed class VertexTable
    {
        readonly List<Coordinate> coordinates = [];
        readonly Dictionary<(double, double), int> ids = [];

        public Coordinate this[int id] => coordinates[id];

        public int[] Ring(Coordinate[] closed)
        {
            var ring = new int[closed.Length - 1];
            for (var i = 0; i < ring.Length; i++)
            {
                var key = (closed[i].X, closed[i].Y);
                if (!ids.TryGetValue(key, out var id)) { ids[key] = id = coordinates.Count; coordinates.Add(closed[i]); }
                ring[i] = id;
            }
            return ring;
        }

        /// <summary>Maps each vertex to the first vertex within <paramref name="metres"/> of it (itself if none).</summary>
        public Dictionary<int, int> Merge(IEnumerable<int> used, double metres)
        {
            var map = new Dictionary<int, int>();
            var buckets = new Dictionary<(long, long), List<int>>();
            foreach (var v in used.Distinct().Order())
            {
                var c = coordinates[v];
                var (bx, by) = ((long)Math.Floor(c.X / metres), (long)Math.Floor(c.Y / metres));
                var target = v;
                for (var i = bx - 1; i <= bx + 1 && target == v; i++)
                    for (var j = by - 1; j <= by + 1 && target == v; j++)
                        if (buckets.TryGetValue((i, j), out var near))
                            foreach (var r in near)
                                if (coordinates[r].Distance(c) < metres) { target = r; break; }
                map[v] = target;
                if (target == v)
                {
                    if (!buckets.TryGetValue((bx, by), out var list)) buckets[(bx, by)] = list = [];
                    list.Add(v);
                }
            }
            return map;
        }
    }
}
