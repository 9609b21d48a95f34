using NetTopologySuite.Geometries;

namespace GridMap.Demo;

/// <summary>A town: the seat of a street (街道) or town (镇), with a dense core of small grids.</summary>
sealed record Town(string? Name, double X, double Y, double CoreRadiusMetres);

/// <summary>
/// The shape of the demo district in local metres around Haimen: an irregular outline stretched
/// along the Yangtze's north bank (east-north-east), and the towns whose cores hold the small grids.
/// </summary>
sealed class DistrictPlan
{
    // The real seats of Haimen District, placed as on the map: 海门街道 in the middle, 滨江 on the
    // river to the south, 三厂 and 常乐 to the east, 悦来 to the north, 三星 to the west.
    // Positions are fractions of the outline's half-axes; core radii are in metres.
    static readonly (string Name, double U, double V, double Core)[] HaimenTowns =
    [
        ("海门街道", -0.05, 0.05, 2600), ("滨江街道", 0.08, -0.58, 1400), ("三厂街道", 0.48, -0.18, 1300),
        ("常乐镇", 0.72, 0.30, 1100), ("悦来镇", -0.28, 0.58, 1000), ("三星镇", -0.70, -0.08, 1200),
    ];

    const double Rotation = 15 * Math.PI / 180;
    /// <summary>Grids outside every town core are this many times as wide as grids in a core.</summary>
    const double RuralWidthFactor = 4;

    public Polygon Outline { get; }
    public IReadOnlyList<Town> Towns { get; }
    readonly double halfMajor, halfMinor, maxCore;
    readonly Dictionary<(long, long), List<Town>> townBuckets = [];

    /// <param name="radiusMetres">About 6.5 km for the committed 400-grid district.</param>
    public DistrictPlan(int seed, double radiusMetres, int townCount)
    {
        halfMajor = 1.35 * radiusMetres;
        halfMinor = 0.75 * radiusMetres;
        var random = DemoRandom.Stream(seed, "outline");
        Outline = MakeOutline(random);
        Towns = PlaceTowns(random, townCount);
        maxCore = Towns.Max(t => t.CoreRadiusMetres);
        foreach (var town in Towns)
        {
            var key = Bucket(town.X, town.Y);
            if (!townBuckets.TryGetValue(key, out var list)) townBuckets[key] = list = [];
            list.Add(town);
        }
    }

    /// <summary>
    /// How wide a grid should be at (x, y): <paramref name="coreWidthMetres"/> in a town core,
    /// widening smoothly to <see cref="RuralWidthFactor"/> times that in the countryside.
    /// </summary>
    public double GridWidthAt(double x, double y, double coreWidthMetres)
    {
        var (bx, by) = Bucket(x, y);
        var t = 1.0;
        for (var i = bx - 1; i <= bx + 1; i++)
            for (var j = by - 1; j <= by + 1; j++)
                if (townBuckets.TryGetValue((i, j), out var towns))
                    foreach (var town in towns)
                    {
                        var d = Math.Sqrt((x - town.X) * (x - town.X) + (y - town.Y) * (y - town.Y));
                        t = Math.Min(t, Math.Max(0, d / town.CoreRadiusMetres - 1) / TransitionCores);
                    }
        var smooth = t * t * (3 - 2 * t);
        return coreWidthMetres * (1 + (RuralWidthFactor - 1) * smooth);
    }

    /// <summary>Whether (x, y) is in a town core, where areas are 社区 rather than 村.</summary>
    public bool IsUrban(double x, double y) => GridWidthAt(x, y, 1) < 1.5;

    /// <summary>A town stops influencing grid sizes this many core radii beyond its core.</summary>
    const double TransitionCores = 0.8;
    (long, long) Bucket(double x, double y)
    {
        var size = maxCore * (1 + TransitionCores);
        return ((long)Math.Floor(x / size), (long)Math.Floor(y / size));
    }

    (double X, double Y) FromAxes(double u, double v)
    {
        var (x, y) = (u * halfMajor, v * halfMinor);
        return (x * Math.Cos(Rotation) - y * Math.Sin(Rotation), x * Math.Sin(Rotation) + y * Math.Cos(Rotation));
    }

    Polygon MakeOutline(DemoRandom random)
    {
        // An ellipse with a few random harmonics: lobes and bays like a real boundary, never a spiral.
        var harmonics = Enumerable.Range(2, 6)
            .Select(k => (K: k, Amplitude: random.Between(0.01, 0.05), Phase: random.Between(0, 2 * Math.PI)))
            .ToArray();
        const int vertices = 256;
        var ring = new Coordinate[vertices + 1];
        for (var i = 0; i < vertices; i++)
        {
            var theta = 2 * Math.PI * i / vertices;
            var r = 1 + harmonics.Sum(h => h.Amplitude * Math.Cos(h.K * theta + h.Phase));
            var (x, y) = FromAxes(r * Math.Cos(theta), r * Math.Sin(theta));
            ring[i] = new Coordinate(x, y);
        }
        ring[vertices] = ring[0].Copy();
        return new GeometryFactory().CreatePolygon(ring);
    }

    List<Town> PlaceTowns(DemoRandom random, int count)
    {
        var towns = HaimenTowns.Take(count).Select(t =>
        {
            var (x, y) = FromAxes(t.U, t.V);
            return new Town(t.Name, x, y, t.Core);
        }).ToList();
        // More streets than Haimen has (benchmark districts): towns scattered at least a few
        // kilometres apart, each with a smaller core.
        var area = Outline.Area;
        var spacing = 0.6 * Math.Sqrt(area / count);
        var locator = new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(Outline);
        var env = Outline.EnvelopeInternal;
        while (towns.Count < count)
        {
            var (x, y) = (random.Between(env.MinX, env.MaxX), random.Between(env.MinY, env.MaxY));
            if (locator.Locate(new Coordinate(x, y)) != Location.Interior) continue;
            if (towns.Any(t => (t.X - x) * (t.X - x) + (t.Y - y) * (t.Y - y) < spacing * spacing)) { spacing *= 0.999; continue; }
            towns.Add(new Town(null, x, y, random.Between(800, 1300)));
        }
        return towns;
    }
}
