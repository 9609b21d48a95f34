using GridMap.Core.Spatial;

namespace GridMap.Demo;

/// <summary>
/// A believable, reproducible demo district around Haimen (海门区, Nantong): streets, communities
/// and grids that tile each other exactly, Party-member households, service stations and staff.
/// The same options always give the same district, to the byte.
/// </summary>
public static class DemoDistrict
{
    /// <summary>海门街道, the district seat.</summary>
    public const double HaimenLon = 121.17, HaimenLat = 31.87;
    /// <summary>Half the width of the committed 400-grid district, about 6.5 km; larger districts grow with √grids.</summary>
    const double RadiusMetresPer400Grids = 6500;

    /// <param name="rules">The case categories and clocks, needed only for cases; data/'s when absent.</param>
    public static DemoDistrictData Generate(DemoOptions options, IProgress<DemoProgress>? progress = null, DemoCaseRules? rules = null)
    {
        var projection = new LocalProjection(HaimenLon, HaimenLat);
        var plan = Plan(options.Seed, options.Grids, options.Streets);
        var tiling = GridTiling.Build(plan, projection, options.Seed, options.Grids, progress);
        var territory = DemoTerritory.Build(plan, tiling, options, progress);
        var phones = new PhoneBook(DemoRandom.Stream(options.Seed, "phones"));
        var households = DemoHouseholds.Place(territory, tiling, projection, options.Households, options.Seed, phones, progress);
        var stations = DemoStations.Place(territory, tiling, projection, options);
        var staff = DemoStaffing.Place(territory, tiling, projection, options, phones);
        var roads = RoadNetwork.Build(territory.Grids.Select(g => g.Area.Boundary));
        List<DemoCase> cases = [];
        if (options.Cases > 0)
        {
            rules ??= DemoCaseRules.FromDataFolder();
            cases = DemoCases.Generate(options, territory, tiling, staff, rules.Catalogue, rules.Clocks, projection, progress);
        }
        var areas = territory.Areas.Concat(DemoMicroGrids.Split(territory.Grids.Select(g => g.Area).ToList(), options.MicroGrids)).ToList();
        return new DemoDistrictData(projection, areas, households, stations, staff, roads, cases);
    }

    /// <summary>Only the grids (no hierarchy, names or people): fast, for benchmarks.</summary>
    public static DemoGrids GenerateGrids(int count, int seed = DemoOptions.DefaultSeed, IProgress<DemoProgress>? progress = null)
    {
        var projection = new LocalProjection(HaimenLon, HaimenLat);
        var tiling = GridTiling.Build(Plan(seed, count, new DemoOptions { Grids = count }.Streets), projection, seed, count, progress);
        return new DemoGrids { Boundaries = tiling.Cells, Projection = projection, MetricRings = tiling.MetricRings };
    }

    /// <summary><paramref name="count"/> points spread evenly over the grids, each well inside the grid it names.</summary>
    public static DemoPoints GenerateHouseholdPoints(DemoGrids grids, int count, int seed = DemoOptions.DefaultSeed)
    {
        var random = DemoRandom.Stream(seed, "household points");
        var (lon, lat, grid) = (new double[count], new double[count], new int[count]);
        for (var i = 0; i < count; i++)
        {
            grid[i] = (int)((long)i * grids.Boundaries.Length / count);
            var p = RingSampler.LonLat(grids.Projection, RingSampler.Inside(grids.MetricRings[grid[i]], random));
            (lon[i], lat[i]) = (p.X, p.Y);
        }
        return new DemoPoints(lon, lat, grid);
    }

    static DistrictPlan Plan(int seed, int grids, int streets) =>
        new(seed, RadiusMetresPer400Grids * Math.Sqrt(grids / 400.0), streets);
}
