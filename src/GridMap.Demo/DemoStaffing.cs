using GridMap.Core.Spatial;

namespace GridMap.Demo;

/// <summary>
/// People who sink into the grids (下沉网格): a grid leader (网格长) for every grid, and grid workers
/// (网格员) and in-service Party members (在职党员) spread over the grids, about 70% on duty.
/// </summary>
static class DemoStaffing
{
    const double OnDutyShare = 0.7;
    const double WorkerShare = 0.55;

    public static List<DemoStaff> Place(DemoTerritory territory, GridTiling tiling, LocalProjection projection,
        DemoOptions options, PhoneBook phones)
    {
        var random = DemoRandom.Stream(options.Seed, "staff");
        var grids = territory.Grids;
        var workers = new int[grids.Count];
        var members = new int[grids.Count];
        for (var extra = Math.Max(0, options.Staff - grids.Count); extra > 0; extra--)
            (random.Chance(WorkerShare) ? workers : members)[random.Next(grids.Count)]++;

        var staff = new List<DemoStaff>(options.Staff);
        for (var g = 0; g < grids.Count; g++)
        {
            var roles = Enumerable.Repeat("grid_leader", 1)
                .Concat(Enumerable.Repeat("grid_worker", workers[g]))
                .Concat(Enumerable.Repeat("party_member", members[g]));
            foreach (var role in roles)
                staff.Add(new DemoStaff(ChineseNames.Person(random), role, grids[g].Area.Code, phones.Next(), random.Chance(OnDutyShare),
                    RingSampler.LonLat(projection, RingSampler.Inside(tiling.MetricRings[grids[g].Cell], random))));
        }
        return staff;
    }

    /// <summary>
    /// The demo sign-in of each grid worker (null for the others): <c>worker-&lt;grid code&gt;</c> for
    /// the first of its grid, <c>worker-&lt;grid code&gt;-2</c> and on for the next, in list order, which
    /// is the order of their ids once loaded. The demo load's users (Server's Demo/DemoUsers.cs) are
    /// made by the same rule, and the cases' trails name them.
    /// </summary>
    public static string?[] WorkerUsernames(IReadOnlyList<DemoStaff> staff)
    {
        var seen = new Dictionary<string, int>();
        return [.. staff.Select(s =>
        {
            if (s.Role != "grid_worker") return null;
            var n = seen[s.HomeGridCode] = seen.GetValueOrDefault(s.HomeGridCode) + 1;
            return n == 1 ? $"worker-{s.HomeGridCode}" : $"worker-{s.HomeGridCode}-{n}";
        })];
    }
}
