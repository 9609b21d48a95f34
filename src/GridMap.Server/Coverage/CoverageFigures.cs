using GridMap.Core.Coverage;

namespace GridMap.Server.Coverage;

/// <summary>How many of how many are covered, and the share (0 to 1; 0 when there are none).</summary>
public sealed record Tally(long Total, long Covered, double Share)
{
    public static Tally Of(long total, long covered) => new(total, covered, total == 0 ? 0 : (double)covered / total);
}

/// <summary>
/// Coverage in one area: Party-member <c>households</c>; <c>members</c>, the people living in
/// them (households.members); <c>residents</c>, the grids' population (areas.population) spread
/// evenly over each grid and counted where it falls within reach — an estimate, null where no
/// grid's population is known. Totals count households and residents of the area's grids.
/// </summary>
public sealed record CoverageFigures(Tally Households, Tally Members, Tally? Residents);

/// <summary>One community or grid under the area.</summary>
public sealed record CoverageRow(long Id, string Level, string Code, string Name, long? ParentId, Tally Households, Tally Members, Tally? Residents);

/// <summary>Which households and residents some station covers, before they are summed per area.</summary>
/// <remarks>
/// The residents are counted when first asked for, once, whoever asks: the uncovered households
/// and the covered ground, asked for beside the figures, do not need them, and a city's residents
/// are several times its households.
/// </remarks>
public sealed class Measured(CoverageResult households, Func<CoverageResult> residents, int stations)
{
    readonly Lazy<CoverageResult> _residents = new(residents);

    public Measured(CoverageResult households, CoverageResult residents, int stations) : this(households, () => residents, stations) { }

    public CoverageResult Households => households;
    public CoverageResult Residents => _residents.Value;
    public int Stations => stations;
}

public static class CoverageRows
{
    /// <summary>The communities under the area (not the area itself), then its grids; each in code order.</summary>
    public static int[] RowAreas(CoverageTerritory t, int area) =>
        [.. Enumerable.Range(0, t.Areas.Count).Where(i => t.Areas[i].Level == "community" && i != area && t.IsWithin(i, area)).OrderBy(i => t.Areas[i].Code),
         .. Enumerable.Range(0, t.Areas.Count).Where(i => t.Areas[i].Level == "grid" && t.IsWithin(i, area)).OrderBy(i => t.Areas[i].Code)];

    /// <summary>Totals over the area's grids and one row per community and grid under it.</summary>
    public static (CoverageFigures Totals, List<CoverageRow> Rows) Of(CoverageTerritory t, int area, Measured measured)
    {
        var rowAreas = RowAreas(t, area);
        var rowOf = new int[t.Areas.Count];
        Array.Fill(rowOf, -1);
        for (int r = 0; r < rowAreas.Length; r++) rowOf[rowAreas[r]] = r;
        int CommunityRow(int grid) => grid >= 0 && t.Parent[grid] >= 0 ? rowOf[t.Parent[grid]] : -1;

        var householdGrid = t.HouseholdGrid.Select(g => g >= 0 ? rowOf[g] : -1).ToArray();
        var householdCommunity = t.HouseholdGrid.Select(CommunityRow).ToArray();
        var residentGrid = t.Residents.Grid.Select(g => rowOf[g]).ToArray();
        var residentCommunity = t.Residents.Grid.Select(CommunityRow).ToArray();

        // Grid rows are summed by each household's grid, community rows by its grid's community.
        var isGrid = rowAreas.Select(a => t.Areas[a].Level == "grid").ToArray();
        AreaCoverage[] Pick(AreaCoverage[] byGrid, AreaCoverage[] byCommunity) => [.. isGrid.Select((grid, r) => grid ? byGrid[r] : byCommunity[r])];
        var households = Pick(measured.Households.ByArea(householdGrid, rowAreas.Length), measured.Households.ByArea(householdCommunity, rowAreas.Length));
        var residents = Pick(measured.Residents.ByArea(residentGrid, rowAreas.Length), measured.Residents.ByArea(residentCommunity, rowAreas.Length));

        // A row has residents when its own population (a grid) or one of its grids' (a community) is known.
        var known = new bool[rowAreas.Length];
        for (int r = 0; r < rowAreas.Length; r++)
        {
            int a = rowAreas[r];
            if (t.Areas[a].Level != "grid" || t.Areas[a].Population is null) continue;
            known[r] = true;
            if (CommunityRow(a) is var c and >= 0) known[c] = true;
        }

        var rows = new List<CoverageRow>(rowAreas.Length);
        for (int r = 0; r < rowAreas.Length; r++)
        {
            var a = t.Areas[rowAreas[r]];
            rows.Add(new CoverageRow(a.Id, a.Level, a.Code, a.Name, a.ParentId,
                Tally.Of(households[r].Households, households[r].CoveredHouseholds),
                Tally.Of(households[r].People, households[r].CoveredPeople),
                known[r] ? Tally.Of(residents[r].People, residents[r].CoveredPeople) : null));
        }
        var grids = Enumerable.Range(0, rowAreas.Length).Where(r => isGrid[r]).ToList();
        var totals = new CoverageFigures(
            Tally.Of(grids.Sum(r => (long)households[r].Households), grids.Sum(r => (long)households[r].CoveredHouseholds)),
            Tally.Of(grids.Sum(r => households[r].People), grids.Sum(r => households[r].CoveredPeople)),
            grids.Any(r => known[r]) ? Tally.Of(grids.Sum(r => residents[r].People), grids.Sum(r => residents[r].CoveredPeople)) : null);
        return (totals, rows);
    }
}
