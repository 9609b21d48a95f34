using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.KdTree;
using NetTopologySuite.Operation.OverlayNG;

namespace GridMap.Demo;

/// <summary>
/// The district's areas, coded as Beijing DB11/T 2157 does: the GB/T 2260 district code, then three
/// digits each for street, community and grid (320614 → 320614001 → 320614001001 → 320614001001001).
/// Streets grow from their towns, communities from runs of grids within each street; every parent
/// boundary is the exact union of its children.
/// </summary>
sealed class DemoTerritory
{
    public const string DistrictCode = "320614";
    public const string DistrictName = "海门区";

    public required DemoArea District { get; init; }
    public required List<DemoArea> Streets { get; init; }
    public required List<DemoArea> Communities { get; init; }
    /// <summary>Grids in code order, with the tiling cell each one is.</summary>
    public required List<(DemoArea Area, int Cell)> Grids { get; init; }
    /// <summary>The cell at the heart of each street and community, where its service centre stands.</summary>
    public required int[] StreetCentres { get; init; }
    public required int[] CommunityCentres { get; init; }

    public IEnumerable<DemoArea> Areas =>
        new[] { District }.Concat(Streets).Concat(Communities).Concat(Grids.Select(g => g.Area));

    public static DemoTerritory Build(DistrictPlan plan, GridTiling tiling, DemoOptions options, IProgress<DemoProgress>? progress)
    {
        progress?.Report(new("areas", 0, options.Communities));
        var seeds = tiling.Seeds;
        var hilbertAt = Regions.HilbertOrder(new GeometryFactory().CreateMultiPointFromCoords(seeds).EnvelopeInternal);
        long Hilbert(int cell) => hilbertAt(seeds[cell]);

        var townCells = NearestDistinctCells(seeds, plan.Towns.Select(t => new Coordinate(t.X, t.Y)).ToList());
        var street = Regions.Grow(tiling, townCells, (_, _) => true);
        var streetCells = townCells.Select(_ => new List<int>()).ToList();
        for (var cell = 0; cell < seeds.Length; cell++) streetCells[street[cell]].Add(cell);

        var perStreet = Regions.Apportion(options.Communities, streetCells.Select(c => (double)c.Count).ToList(),
            1, streetCells.Select(c => Math.Min(c.Count, 999)).ToList());
        // Within a street, communities are numbered along the Hilbert curve, so that 001 and 002 lie near each other.
        var communitySources = streetCells
            .SelectMany((cells, s) => Regions.HilbertSources(cells, perStreet[s], Hilbert, seeds).OrderBy(Hilbert))
            .ToList();
        var community = Regions.Grow(tiling, communitySources, (a, b) => street[a] == street[b]);
        var communityCells = communitySources.Select(_ => new List<int>()).ToArray();
        foreach (var cell in Enumerable.Range(0, seeds.Length).OrderBy(Hilbert)) communityCells[community[cell]].Add(cell);

        var names = DemoRandom.Stream(options.Seed, "area names");
        var people = DemoRandom.Stream(options.Seed, "population");
        var taken = new HashSet<string>();
        var streets = new List<DemoArea>();
        var communities = new List<DemoArea>();
        var grids = new List<(DemoArea, int)>();
        var c = 0;
        for (var s = 0; s < townCells.Count; s++)
        {
            var streetCode = $"{DistrictCode}{s + 1:D3}";
            var streetName = plan.Towns[s].Name ?? ChineseNames.Place(names, taken, urban: false) + "镇";
            var streetCommunities = new List<DemoArea>();
            for (var k = 0; k < perStreet[s]; k++, c++)
            {
                var centre = seeds[communitySources[c]];
                var urban = plan.IsUrban(centre.X, centre.Y);
                var communityCode = $"{streetCode}{k + 1:D3}";
                var communityName = ChineseNames.Place(names, taken, urban) + (urban ? "社区" : "村");
                if (communityCells[c].Count > 999) throw new InvalidOperationException($"{communityName} has more than 999 grids");
                var communityGrids = communityCells[c].Select((cell, g) =>
                {
                    // A basic grid holds 300–500 households of about 2.6 people.
                    var population = (int)Math.Round(people.Next(300, 500) * people.Between(2.4, 2.8));
                    var area = new DemoArea("grid", "party", $"{communityCode}{g + 1:D3}", $"{communityName}第{g + 1}网格",
                        communityCode, population, Multi(tiling.Cells[cell]));
                    return (area, cell);
                }).ToList();
                grids.AddRange(communityGrids);
                streetCommunities.Add(Parent("community", communityCode, communityName, streetCode, communityGrids.Select(g => g.area).ToList()));
                progress?.Report(new("areas", c + 1, communitySources.Count));
            }
            communities.AddRange(streetCommunities);
            streets.Add(Parent("street", streetCode, streetName, DistrictCode, streetCommunities));
        }
        return new DemoTerritory
        {
            District = Parent("district", DistrictCode, DistrictName, null, streets),
            Streets = streets,
            Communities = communities,
            Grids = grids,
            StreetCentres = townCells.ToArray(),
            CommunityCentres = communitySources.ToArray(),
        };
    }

    static DemoArea Parent(string level, string code, string name, string? parentCode, IReadOnlyList<DemoArea> children)
    {
        var union = CoverageUnion.Union(GeoJson.Wgs84.CreateMultiPolygon(children.SelectMany(Polygons).ToArray()));
        if (union is not Polygon polygon || !polygon.IsValid)
            throw new InvalidOperationException($"{name} ({code}) is not one valid polygon but a {union.GeometryType}");
        return new DemoArea(level, null, code, name, parentCode, children.Sum(a => a.Population), Multi(polygon));
    }

    static IEnumerable<Polygon> Polygons(DemoArea area) => area.Boundary.Geometries.Cast<Polygon>();

    /// <summary>RFC 7946 orientation: shells counter-clockwise, holes clockwise.</summary>
    static MultiPolygon Multi(Polygon p)
    {
        var shell = p.Shell.IsCCW ? p.Shell : (LinearRing)p.Shell.Reverse();
        var holes = p.Holes.Select(h => h.IsCCW ? (LinearRing)h.Reverse() : h).ToArray();
        return GeoJson.Wgs84.CreateMultiPolygon([GeoJson.Wgs84.CreatePolygon(shell, holes)]);
    }

    /// <summary>For each point the cell whose seed is nearest, never giving one cell to two points.</summary>
    static List<int> NearestDistinctCells(Coordinate[] seeds, IReadOnlyList<Coordinate> points)
    {
        var index = new KdTree<object>();
        // A KdTree is not rebalanced: insert in a scrambled order, not the lattice's spatial one.
        foreach (var i in Enumerable.Range(0, seeds.Length).OrderBy(i => DemoRandom.Hash(0, i, 0, 0))) index.Insert(seeds[i], i);
        var taken = new HashSet<int>();
        return points.Select(p =>
        {
            var cell = (int)index.NearestNeighbor(p).Data;
            // Towns lie kilometres apart, so a shared nearest cell is rare enough for a full scan.
            if (taken.Contains(cell))
                cell = Enumerable.Range(0, seeds.Length).Where(i => !taken.Contains(i)).MinBy(i => seeds[i].Distance(p));
            taken.Add(cell);
            return cell;
        }).ToList();
    }
}
