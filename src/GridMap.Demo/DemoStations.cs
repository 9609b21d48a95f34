using GridMap.Core.Spatial;

namespace GridMap.Demo;

/// <summary>
/// Party-mass service centres and stations (党群服务中心/站) at every level, with the service radii
/// planners use: 1,500 m for the district, 1,000 m for a street, 500–800 m for a community,
/// 300 m (a five-minute walk) for a grid.
/// </summary>
static class DemoStations
{
    static readonly string[] AllServices = ["党员教育", "政务代办", "便民服务", "矛盾调解", "志愿服务", "老年日间照料", "就业指导", "法律咨询", "文体活动", "儿童托管"];
    const string OfficeHours = "周一至周五 08:30-17:30；周六 09:00-12:00";
    static readonly string[] CommunityHours = [OfficeHours, "周一至周六 08:30-17:30", "周一至周日 08:00-18:00"];
    static readonly string[] GridHours = ["周一至周日 08:00-20:00", "周一至周五 09:00-17:00；周六 09:00-12:00", "周一至周六 08:30-17:00"];

    public static List<DemoStation> Place(DemoTerritory territory, GridTiling tiling, LocalProjection projection, DemoOptions options)
    {
        var random = DemoRandom.Stream(options.Seed, "stations");
        NetTopologySuite.Geometries.Point In(int cell) => RingSampler.LonLat(projection, RingSampler.Inside(tiling.MetricRings[cell], random));
        List<string> Services(int min, int max) =>
            ["便民服务", .. random.Sample(AllServices.Where(s => s != "便民服务").ToList(), random.Next(min, max) - 1).OrderBy(s => Array.IndexOf(AllServices, s))];

        var stations = new List<DemoStation>
        {
            new(DemoTerritory.DistrictName + "党群服务中心", "district", territory.District.Code,
                In(territory.StreetCentres[0]), 1500, OfficeHours, AllServices),
        };
        for (var s = 0; s < territory.Streets.Count; s++)
            stations.Add(new(territory.Streets[s].Name + "党群服务中心", "street", territory.Streets[s].Code,
                In(territory.StreetCentres[s]), 1000, OfficeHours, Services(6, 8)));
        for (var c = 0; c < territory.Communities.Count; c++)
            stations.Add(new(territory.Communities[c].Name + "党群服务中心", "community", territory.Communities[c].Code,
                In(territory.CommunityCentres[c]), 50 * random.Next(10, 16), random.Pick(CommunityHours), Services(4, 6)));
        var gridIndices = random.Sample(Enumerable.Range(0, territory.Grids.Count).ToList(), Math.Min(options.GridStations, territory.Grids.Count));
        foreach (var g in gridIndices.Order())
        {
            var (grid, cell) = territory.Grids[g];
            stations.Add(new(grid.Name + "党群服务站", "grid", grid.Code, In(cell), 300, random.Pick(GridHours), Services(3, 4)));
        }
        return stations;
    }
}
