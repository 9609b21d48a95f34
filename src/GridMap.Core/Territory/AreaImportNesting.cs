using System.Globalization;
using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GridMap.Core.Territory;

/// <summary>The checks between a parent and its children: each child inside the parent, and a community's grids tiling it.</summary>
static class AreaNesting
{
    sealed record Parent(AreaLevel Level, string Code, Geometry? Boundary, AreaCandidate? InFile, ExistingArea? Stored);

    /// <summary>A grid of one community and layer: from the file (<c>Child</c>) or stored.</summary>
    sealed record Tile(AreaCandidate? Child, ExistingArea? Stored, Geometry Boundary)
    {
        public string Describe => Child is { } c ? $"grid {c.Code} (feature {c.Index})" : $"grid {Stored!.Code} (area {Stored.Id} in the database)";
    }

    public static void CheckAll(List<AreaCandidate> candidates, List<ExistingArea> stored, List<AreaProblem> problems,
        IProgress<ImportProgress>? progress)
    {
        // A grid too broken to be placed would show up as a gap: its own problem is enough.
        var broken = candidates.Where(c => !c.Identified && c.GivenCode is not null).Select(c => c.GivenCode!).ToList();
        var storedGrids = stored.Where(a => a.Level == AreaLevel.Grid && a.ParentId is not null).ToLookup(a => a.ParentId!.Value);
        var families = candidates.Where(c => c.FileParent is not null || c.StoredParent is not null)
            .GroupBy(c => (object?)c.FileParent ?? c.StoredParent!).ToList();
        var total = families.Sum(f => f.Count());
        var done = 0;
        foreach (var family in families)
        {
            var parent = family.Key switch
            {
                AreaCandidate c => new Parent(c.Level!.Value, c.Code!, c.Boundary, c, null),
                ExistingArea a => new Parent(a.Level, a.Code, a.Boundary, null, a),
                _ => throw new InvalidOperationException(),
            };
            var grids = parent.Stored is { } s ? storedGrids[s.Id] : [];
            var complete = !broken.Any(code => code.Length > parent.Code.Length && code.StartsWith(parent.Code, StringComparison.Ordinal));
            Check(parent, family.ToList(), grids, complete, problems);
            done += family.Count();
            progress?.Report(new("checking nesting", done, total));
        }
    }

    /// <param name="complete">No feature of the file that looks like a child of this parent was left out as broken.</param>
    static void Check(Parent parent, List<AreaCandidate> children, IEnumerable<ExistingArea> storedGrids, bool complete,
        List<AreaProblem> problems)
    {
        if (parent.Boundary is null) return; // the parent's own problem says why
        var metres = new AreaMetres(parent.Boundary);
        var inside = PreparedGeometryFactory.Prepare(parent.Boundary);
        var outside = children.Where(c => c.Boundary is not null && !inside.Covers(c.Boundary)).ToHashSet();
        foreach (var child in outside)
            if (metres.Excursion(child.Boundary!) is var (farthest, area))
                problems.Add(new(child.Index, child.Code, "geometry",
                    $"reaches {Metres(farthest)} outside its parent {parent.Level.Name()} {parent.Code} " +
                    $"({SquareMetres(area)} of it lies more than {Metres(AreaImport.ToleranceMetres)} outside)",
                    OverlayNGRobust.Overlay(child.Boundary!, parent.Boundary, SpatialFunction.Difference)));

        if (parent.Level != AreaLevel.Community) return;
        foreach (var layer in children.Where(c => c.Level == AreaLevel.Grid).GroupBy(c => c.Layer!.Value))
        {
            var tiles = layer.Where(c => c.Boundary is not null).Select(c => new Tile(c, null, c.Boundary!))
                .Concat(storedGrids.Where(g => g.Layer == layer.Key).Select(g => new Tile(null, g, g.Boundary)))
                .ToList();
            var (covered, mayOverlap) = Union(tiles, metres);
            if (mayOverlap) CheckOverlaps(tiles, metres, problems);
            if (!complete || layer.Any(c => c.Boundary is null)) continue;
            // Grids all inside their community leave gaps of at most the area they fail to cover:
            // when that is within the tolerance, there is no need to overlay the community.
            var allInside = !layer.Any(outside.Contains) && tiles.All(t => t.Child is not null || inside.Covers(t.Boundary));
            if (!allInside || metres.SquareMetresPerSquareDegree * (parent.Boundary.Area - covered.Area) > AreaImport.ToleranceSquareMetres)
                CheckGaps(parent, layer.Key, layer.MinBy(c => c.Index)!, covered, metres, problems);
        }
    }

    /// <summary>
    /// The grids' union, and whether any two of them may overlap by more than the tolerance. Their
    /// areas add up to more than their union by at least any one overlap, so when they add up to
    /// the union no pair can overlap and the pairs need not be overlaid one by one.
    /// </summary>
    static (Geometry Covered, bool MayOverlap) Union(List<Tile> tiles, AreaMetres metres)
    {
        var sum = tiles.Sum(t => t.Boundary.Area);
        bool AddsUp(Geometry union) => metres.SquareMetresPerSquareDegree * Math.Abs(sum - union.Area) <= AreaImport.ToleranceSquareMetres;

        // A hundred times faster when the grids form a clean coverage (neighbours share their
        // vertices), which is the usual case. It does no noding, so its result counts only when
        // it is valid and adds up; any failure falls back to the robust union.
        try
        {
            var polygons = tiles.SelectMany(t => Enumerable.Range(0, t.Boundary.NumGeometries).Select(i => (Polygon)t.Boundary.GetGeometryN(i)));
            var quick = CoverageUnion.Union(GeoJson.Wgs84.CreateMultiPolygon(polygons.ToArray()));
            if (AddsUp(quick) && quick.IsValid) return (quick, false);
        }
        catch (Exception) { }

        var covered = OverlayNGRobust.Union(tiles.Select(t => t.Boundary));
        return (covered, !AddsUp(covered));
    }

    /// <summary>Each overlapping pair is reported once: on the later feature of the file, naming the other.</summary>
    static void CheckOverlaps(List<Tile> tiles, AreaMetres metres, List<AreaProblem> problems)
    {
        var tree = new STRtree<Tile>();
        foreach (var t in tiles) tree.Insert(t.Boundary.EnvelopeInternal, t);
        foreach (var tile in tiles.Where(t => t.Child is not null))
        {
            var prepared = PreparedGeometryFactory.Prepare(tile.Boundary);
            foreach (var other in tree.Query(tile.Boundary.EnvelopeInternal).OrderBy(o => o.Child?.Index ?? -1))
            {
                if (other == tile || other.Child?.Index > tile.Child!.Index || !prepared.Intersects(other.Boundary)) continue;
                var shared = OverlayNGRobust.Overlay(tile.Boundary, other.Boundary, SpatialFunction.Intersection);
                if (shared.Dimension < Dimension.Surface) continue; // neighbours touching along an edge
                var area = metres.Area(shared);
                if (area > AreaImport.ToleranceSquareMetres)
                    problems.Add(new(tile.Child!.Index, tile.Child.Code, "geometry", $"overlaps {other.Describe} by {SquareMetres(area)}", shared));
            }
        }
    }

    /// <summary>Reported on the community when it is in the file, else on its first grid in the file.</summary>
    static void CheckGaps(Parent community, AreaLayer layer, AreaCandidate firstGrid, Geometry covered, AreaMetres metres,
        List<AreaProblem> problems)
    {
        var uncovered = OverlayNGRobust.Overlay(community.Boundary!, covered, SpatialFunction.Difference);
        var gaps = Enumerable.Range(0, uncovered.NumGeometries).Select(uncovered.GetGeometryN)
            .Select(g => (Piece: g, Area: metres.Area(g)))
            .Where(g => g.Area > AreaImport.ToleranceSquareMetres).OrderByDescending(g => g.Area).ToList();
        if (gaps.Count == 0) return;

        var centre = gaps[0].Piece.InteriorPoint;
        var near = FormattableString.Invariant($"[{Math.Round(centre.X, 6)}, {Math.Round(centre.Y, 6)}]");
        var extent = gaps.Count == 1
            ? $"a gap of {SquareMetres(gaps[0].Area)} near {near}"
            : $"{gaps.Count} gaps, {SquareMetres(gaps.Sum(g => g.Area))} in all; the largest ({SquareMetres(gaps[0].Area)}) is near {near}";
        var where = uncovered.Factory.BuildGeometry(gaps.Select(g => g.Piece));
        problems.Add(community.InFile is { } c
            ? new(c.Index, c.Code, "geometry", $"its {layer.Name()} grids leave {extent}", where)
            : new(firstGrid.Index, firstGrid.Code, "geometry", $"the {layer.Name()} grids of community {community.Code} leave {extent}", where));
    }

    static string Metres(double m) => m.ToString(m < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " m";
    static string SquareMetres(double a) => a.ToString(a < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " m²";
}
