using System.Diagnostics;
using System.Text.Json;
using GridMap.Core.Spatial;
using GridMap.Core.Territory;
using NetTopologySuite.Geometries;
using NtsCoverage = NetTopologySuite.Coverage;
using OverlayCoverageUnion = NetTopologySuite.Operation.OverlayNG.CoverageUnion;

namespace GridMap.Bench.Tiling;

/// <summary>
/// Benchmark (e): the import's tiling checks of a community's grids (overlaps between them, gaps
/// left in the community, their union) as AreaImport does them (OverlayNG's CoverageUnion, the
/// area sum, the difference with the community) against NTS 2.6's coverage tools
/// (CoverageValidator, CoverageGapFinder, NetTopologySuite.Coverage.CoverageUnion), on the grids
/// of a generated district, clean and with one grid grown into its neighbour and one grid dropped
/// per community. Also times AreaImport.Validate on the whole file for scale.
/// </summary>
public static class TilingBench
{
    sealed record Community(string Code, Geometry Boundary, Geometry[] Grids);

    public static int Run(Options options)
    {
        var path = options.Text("areas", "data/demo/areas.geojson");
        int runs = options.Int("runs", 5);
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var features = Core.Spatial.GeoJson.ReadFeatureCollection(json.RootElement);
        var communities = Communities(features);
        var broken = communities.Select(Break).ToList();
        Console.Error.WriteLine($"{path}: {features.Count:N0} features, {communities.Count} communities, {communities.Sum(c => c.Grids.Length):N0} grids");

        var metresPerSquareDegree = 111_320.0 * 111_320.0 * Math.Cos(communities[0].Boundary.Centroid.Y * Math.PI / 180);
        void HandAll() { foreach (var c in communities) Hand(c, metresPerSquareDegree); }
        void NtsAll() { foreach (var c in communities) Nts(c, metresPerSquareDegree); }
        // The machine is shared: runs alternate so that load hits both alike, and the ratio is the median of each pair's.
        HandAll(); NtsAll();
        var pairs = Enumerable.Range(0, runs).Select(run =>
        {
            var pair = (Hand: Measure.Once(HandAll), Nts: Measure.Once(NtsAll));
            Console.Error.WriteLine($"  run {run + 1}/{runs}: AreaImport {Measure.Format(pair.Hand)}, NTS {Measure.Format(pair.Nts)}");
            return pair;
        }).ToList();
        var hand = Measure.Median(pairs.Select(p => p.Hand).ToList());
        var nts = Measure.Median(pairs.Select(p => p.Nts).ToList());
        var ratio = pairs.Select(p => p.Nts / p.Hand).Order().ElementAt(runs / 2);
        var whole = Measure.Median(Math.Min(runs, 3), "AreaImport.Validate, whole file", () =>
        {
            if (!AreaImport.Validate(features, []).Accepted) throw new InvalidOperationException("the generated district should import");
        });

        Console.WriteLine($"| tiling checks of {communities.Sum(c => c.Grids.Length):N0} grids in {communities.Count} communities | median of {runs} |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| AreaImport (OverlayNG CoverageUnion, area sum, difference) | {Measure.Format(hand)} |");
        Console.WriteLine($"| NTS 2.6 CoverageValidator + CoverageGapFinder + Coverage.CoverageUnion | {Measure.Format(nts)} |");
        Console.WriteLine($"| ratio NTS / AreaImport (median of the runs' ratios) | {ratio:F2} |");
        Console.WriteLine($"| AreaImport.Validate, whole file ({features.Count:N0} features) | {Measure.Format(whole)} |");

        var tJunction = new List<Community> { TJunction() };
        foreach (var (label, set) in new[] { ("clean", communities), ("one grid grown, one dropped per community", broken),
                     ("a grid's vertex in the middle of its neighbour's edge", tJunction) })
        {
            var h = set.Select(c => Hand(c, metresPerSquareDegree)).ToList();
            var n = set.Select(c => Nts(c, metresPerSquareDegree)).ToList();
            Console.WriteLine($"findings, {label}: AreaImport {h.Count(f => f.Overlap)} communities with overlaps, {h.Count(f => f.Gap)} with gaps; " +
                $"NTS {n.Count(f => f.Overlap)} with invalid edges, {n.Count(f => f.Gap)} with gaps; " +
                $"disagreeing on {h.Zip(n).Count(p => p.First != p.Second)}");
        }
        return 0;
    }

    static List<Community> Communities(IReadOnlyList<GeoJsonFeature> features)
    {
        string Prop(GeoJsonFeature f, string name) => f.Properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        var grids = features.Where(f => Prop(f, "level") == "grid" && Prop(f, "layer") == "party")
            .ToLookup(f => AreaCode.ParentOf(Prop(f, "code")) ?? "");
        return features.Where(f => Prop(f, "level") == "community")
            .Select(f => new Community(Prop(f, "code"), f.Geometry!, grids[Prop(f, "code")].Select(g => g.Geometry!).ToArray()))
            .Where(c => c.Grids.Length > 1).ToList();
    }

    /// <summary>The first grid grown by ~20 m into its neighbours, the last one dropped.</summary>
    static Community Break(Community c) =>
        c with { Grids = [c.Grids[0].Buffer(0.0002), .. c.Grids[1..^1]] };

    /// <summary>
    /// A community of two grids that tile it exactly, the left one with a vertex in the middle of
    /// the shared edge that the right one lacks: no overlap, no gap.
    /// </summary>
    static Community TJunction()
    {
        var reader = new NetTopologySuite.IO.WKTReader(NetTopologySuite.NtsGeometryServices.Instance);
        return new("T", reader.Read("POLYGON ((121 31, 121.02 31, 121.02 31.01, 121 31.01, 121 31))"),
            [reader.Read("POLYGON ((121 31, 121.01 31, 121.01 31.005, 121.01 31.01, 121 31.01, 121 31))"),
             reader.Read("POLYGON ((121.01 31, 121.02 31, 121.02 31.01, 121.01 31.01, 121.01 31))")]);
    }

    readonly record struct Findings(bool Overlap, bool Gap);

    /// <summary>The calls AreaNesting makes: the quick union, the area sum against it, the community minus the union.</summary>
    static Findings Hand(Community c, double metresPerSquareDegree)
    {
        var polygons = c.Grids.SelectMany(g => Enumerable.Range(0, g.NumGeometries).Select(i => (Polygon)g.GetGeometryN(i))).ToArray();
        var sum = c.Grids.Sum(g => g.Area);
        Geometry union;
        try
        {
            union = OverlayCoverageUnion.Union(Core.Spatial.GeoJson.Wgs84.CreateMultiPolygon(polygons));
            if (!union.IsValid || metresPerSquareDegree * Math.Abs(sum - union.Area) > AreaImport.ToleranceSquareMetres) throw new TopologyException("not a clean coverage");
        }
        catch (Exception) { union = NetTopologySuite.Operation.OverlayNG.OverlayNGRobust.Union(c.Grids); }
        var overlap = metresPerSquareDegree * Math.Abs(sum - union.Area) > AreaImport.ToleranceSquareMetres;
        var gap = metresPerSquareDegree * Uncovered(c, union) > AreaImport.ToleranceSquareMetres;
        return new(overlap, gap);
    }

    /// <summary>NTS 2.6: invalid edges (overlaps, unmatched shared edges), gaps inside the coverage, the union, and the community minus it.</summary>
    /// <remarks>Coverage.CoverageUnion is defined for valid coverages only: an invalid one is dissolved by the robust overlay, as AreaImport does.</remarks>
    static Findings Nts(Community c, double metresPerSquareDegree)
    {
        var overlap = NtsCoverage.CoverageValidator.HasInvalidResult(NtsCoverage.CoverageValidator.Validate(c.Grids, GapWidthDegrees));
        var inner = NtsCoverage.CoverageGapFinder.FindGaps(c.Grids, GapWidthDegrees);
        var union = overlap ? NetTopologySuite.Operation.OverlayNG.OverlayNGRobust.Union(c.Grids) : NtsCoverage.CoverageUnion.Union(c.Grids);
        var gap = !inner.IsEmpty || metresPerSquareDegree * Uncovered(c, union) > AreaImport.ToleranceSquareMetres;
        return new(overlap, gap);
    }

    /// <summary>~1 m: gaps narrower than the import's tolerance.</summary>
    const double GapWidthDegrees = 0.00001;

    static double Uncovered(Community c, Geometry union) =>
        NetTopologySuite.Operation.OverlayNG.OverlayNGRobust.Overlay(c.Boundary, union, NetTopologySuite.Operation.Overlay.SpatialFunction.Difference).Area;
}
