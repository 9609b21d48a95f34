using GridMap.Core.Coverage;

namespace GridMap.Bench.Coverage;

static class CoverageBench
{
    public static void Run(Options o, Table table)
    {
        var random = new Random(o.Seed);
        var (lon, lat, people) = Workload.Households(o.Households, random);
        var stations = Workload.Stations(o.Stations, o.RadiusMetres, random);

        CoverageIndex index = null!;
        var build = Workload.TimeOnce(() => index = CoverageIndex.Build(lon, lat, people));
        table.Add("build index (cold, once)", $"{o.Households:N0} households", build);

        CoverageResult result = null!;
        var own = Workload.Time(o.Runs, () => result = index.Count(stations));
        table.Add("count covered (own radius)", $"{o.Households:N0} households × {o.Stations:N0} stations, r = {o.RadiusMetres} m", own, 100);

        var at1000 = Workload.Time(o.Runs, () => index.Count(stations, radiusOverrideMetres: 1000));
        table.Add("count covered (override 1000 m)", $"{o.Households:N0} × {o.Stations:N0}", at1000);

        var grid = new int[o.Households];
        for (int i = 0; i < grid.Length; i++)
            grid[i] = (int)((lat[i] - Workload.Lat + Workload.HalfLat) / (2 * Workload.HalfLat) * 40) % 40 * 40
                    + (int)((lon[i] - Workload.Lon + Workload.HalfLon) / (2 * Workload.HalfLon) * 40) % 40;
        var byArea = Workload.Time(o.Runs, () => result.ByArea(grid, 1600));
        table.Add("rows per grid", "1,600 grids", byArea);

        table.Note($"covered {result.CoveredHouseholds:N0} of {result.Households:N0} households ({result.HouseholdShare:P1}), " +
                   $"{result.CoveredPeople:N0} of {result.People:N0} people");
    }
}
