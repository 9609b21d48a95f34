namespace GridMap.Core.Coverage;

/// <summary>Which households a set of stations covers, with totals over all households.</summary>
public sealed class CoverageResult
{
    readonly CoverageIndex _index;

    internal CoverageResult(CoverageIndex index, byte[] coveredSorted)
    {
        _index = index;
        CoveredSorted = coveredSorted;
        var people = index.PeopleSorted;
        for (int p = 0; p < coveredSorted.Length; p++)
        {
            int covered = coveredSorted[p];
            CoveredHouseholds += covered;
            CoveredPeople += covered * people[p];
        }
    }

    /// <summary>Coverage by position in the index's cell order, for site selection.</summary>
    internal byte[] CoveredSorted { get; }

    public int Households => _index.Households;
    public int CoveredHouseholds { get; }
    public long People => _index.People;
    public long CoveredPeople { get; }

    public double HouseholdShare => Households == 0 ? 0 : (double)CoveredHouseholds / Households;

    /// <summary>Share of people covered; null when people counts were not given.</summary>
    public double? PeopleShare => !_index.HasPeople ? null : People == 0 ? 0 : (double)CoveredPeople / People;

    /// <summary>Whether the household (by the caller's index) is within some station's radius.</summary>
    public bool IsCovered(int household) => CoveredSorted[_index.PositionOf[household]] != 0;

    /// <summary>The caller's indices of the households outside every radius, ascending.</summary>
    public int[] UncoveredHouseholds()
    {
        var uncovered = new int[Households - CoveredHouseholds];
        int next = 0;
        for (int i = 0; i < Households; i++)
            if (!IsCovered(i)) uncovered[next++] = i;
        return uncovered;
    }

    /// <summary>
    /// One row per area (community or grid): households and people inside and covered.
    /// <paramref name="areaOfHousehold"/> gives each household's area in 0..areaCount-1, by the
    /// caller's index; households with a negative area (outside every area) are left out.
    /// </summary>
    public AreaCoverage[] ByArea(ReadOnlySpan<int> areaOfHousehold, int areaCount)
    {
        if (areaOfHousehold.Length != Households)
            throw new ArgumentException("one area per household is needed", nameof(areaOfHousehold));
        var households = new int[areaCount];
        var covered = new int[areaCount];
        var people = new long[areaCount];
        var coveredPeople = new long[areaCount];
        for (int p = 0; p < CoveredSorted.Length; p++)
        {
            int area = areaOfHousehold[_index.Original[p]];
            if (area < 0) continue;
            if (area >= areaCount) throw new ArgumentOutOfRangeException(nameof(areaOfHousehold), area, "area index out of range");
            int members = _index.PeopleSorted[p];
            households[area]++;
            people[area] += members;
            if (CoveredSorted[p] == 0) continue;
            covered[area]++;
            coveredPeople[area] += members;
        }
        var rows = new AreaCoverage[areaCount];
        for (int a = 0; a < areaCount; a++)
            rows[a] = new AreaCoverage(a, households[a], covered[a], people[a], coveredPeople[a]);
        return rows;
    }
}

/// <summary>Coverage within one area: the row a planner sees per community or grid.</summary>
public readonly record struct AreaCoverage(int Area, int Households, int CoveredHouseholds, long People, long CoveredPeople)
{
    public double HouseholdShare => Households == 0 ? 0 : (double)CoveredHouseholds / Households;
    public double PeopleShare => People == 0 ? 0 : (double)CoveredPeople / People;
}
