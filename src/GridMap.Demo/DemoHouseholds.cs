using GridMap.Core.Spatial;

namespace GridMap.Demo;

/// <summary>Party-member households (党员户): about ten pins per grid, more where more people live.</summary>
static class DemoHouseholds
{
    // Most are ordinary Party-member households; the rest hang a plaque (挂牌亮身份) as a kind of model.
    static readonly string[] Kinds = ["member", "demonstration", "leading", "prosperity", "civility"];
    static readonly double[] KindWeights = [55, 15, 12, 10, 8];
    // Household sizes 1–6, around the 2.6 average of the 2020 census.
    static readonly double[] MemberWeights = [14, 30, 28, 16, 8, 4];

    public static List<DemoHousehold> Place(DemoTerritory territory, GridTiling tiling, LocalProjection projection,
        int count, int seed, PhoneBook phones, IProgress<DemoProgress>? progress)
    {
        var random = DemoRandom.Stream(seed, "households");
        var grids = territory.Grids;
        var perGrid = Regions.Apportion(count, grids.Select(g => (double)g.Area.Population).ToList(), 0,
            grids.Select(_ => int.MaxValue).ToList());
        var households = new List<DemoHousehold>(count);
        progress?.Report(new("households", 0, count));
        for (var g = 0; g < grids.Count; g++)
        {
            for (var h = 0; h < perGrid[g]; h++)
            {
                var location = RingSampler.LonLat(projection, RingSampler.Inside(tiling.MetricRings[grids[g].Cell], random));
                households.Add(new DemoHousehold(ChineseNames.Person(random), random.Weighted(MemberWeights) + 1,
                    Kinds[random.Weighted(KindWeights)], phones.Next(), grids[g].Area.Code, location));
            }
            if (g % 500 == 0) progress?.Report(new("households", households.Count, count));
        }
        progress?.Report(new("households", households.Count, count));
        return households;
    }
}
