namespace GridMap.Core.Tests.Coverage;

public class CoverageIndexTests
{
    [Theory]
    [InlineData(1, 50.0)]
    [InlineData(2, 250.0)]
    [InlineData(3, 1000.0)]
    public void Count_equals_an_exact_geodesic_brute_force_including_households_a_micrometre_from_an_edge(int seed, double cellMetres)
    {
        var random = new Random(seed);
        var stations = Haimen.Stations(40, random, 100, 2000);
        var (lon, lat, people) = Haimen.Households(6000, random);
        var lons = lon.ToList(); var lats = lat.ToList(); var peoples = people.ToList();
        foreach (var s in stations.Take(20))
            foreach (double offset in new[] { -1e-6, 0, 1e-6, -0.3, 0.3 })
            {
                var p = Haimen.AtDistance(s.Lon, s.Lat, random.NextDouble() * 2 * Math.PI, s.RadiusMetres + offset);
                lons.Add(p.Lon); lats.Add(p.Lat); peoples.Add(2);
            }

        var index = CoverageIndex.Build(lons.ToArray(), lats.ToArray(), peoples.ToArray(), cellMetres);
        var result = index.Count(stations);

        var expected = Haimen.BruteForceCovered(lons.ToArray(), lats.ToArray(), stations);
        var mismatches = Enumerable.Range(0, expected.Length).Where(i => expected[i] != result.IsCovered(i)).ToList();
        Assert.Empty(mismatches);
        Assert.Equal(expected.Count(c => c), result.CoveredHouseholds);
        Assert.Equal(Enumerable.Range(0, expected.Length).Where(i => expected[i]).Sum(i => (long)peoples[i]), result.CoveredPeople);
        Assert.Equal(peoples.Sum(p => (long)p), result.People);
        Assert.InRange(result.HouseholdShare, 0.05, 0.95); // a test that covers all or nothing proves little
    }

    [Fact]
    public void A_household_exactly_at_the_radius_is_covered_as_ST_DWithin_counts_it()
    {
        var household = Haimen.AtDistance(Haimen.Lon, Haimen.Lat, 1.0, 500);
        double distance = Geodesic.DistanceMetres(Haimen.Lon, Haimen.Lat, household.Lon, household.Lat);
        var index = CoverageIndex.Build([household.Lon], [household.Lat]);

        Assert.True(index.Count([new Station(Haimen.Lon, Haimen.Lat, distance)]).IsCovered(0));
        Assert.False(index.Count([new Station(Haimen.Lon, Haimen.Lat, Math.BitDecrement(distance))]).IsCovered(0));
    }

    [Fact]
    public void Override_radius_replaces_every_stations_own_radius()
    {
        var random = new Random(11);
        var stations = Haimen.Stations(30, random, 100, 300);
        var (lon, lat, _) = Haimen.Households(5000, random);
        var index = CoverageIndex.Build(lon, lat);

        var own = index.Count(stations);
        var at1000 = index.Count(stations, radiusOverrideMetres: 1000);

        Assert.Equal(Haimen.BruteForceCovered(lon, lat, stations).Count(c => c), own.CoveredHouseholds);
        var expected1000 = Haimen.BruteForceCovered(lon, lat, stations, radiusOverride: 1000);
        Assert.Equal(expected1000.Count(c => c), at1000.CoveredHouseholds);
        Assert.All(Enumerable.Range(0, lon.Length), i => Assert.Equal(expected1000[i], at1000.IsCovered(i)));
        Assert.True(at1000.CoveredHouseholds > own.CoveredHouseholds);
    }

    [Fact]
    public void Rows_per_area_match_brute_force_and_sum_to_the_totals()
    {
        var random = new Random(5);
        var stations = Haimen.Stations(25, random, 200, 800);
        var (lon, lat, people) = Haimen.Households(8000, random);
        // Nine "grids": a 3 × 3 split of the box; every tenth household lies outside all of them.
        var area = Enumerable.Range(0, lon.Length).Select(i => i % 10 == 9 ? -1 :
            3 * (int)Math.Min(2, (lat[i] - (Haimen.Lat - 0.05)) / (0.1 / 3)) + (int)Math.Min(2, (lon[i] - (Haimen.Lon - 0.05)) / (0.1 / 3))).ToArray();

        var result = CoverageIndex.Build(lon, lat, people).Count(stations);
        var rows = result.ByArea(area, 9);

        var covered = Haimen.BruteForceCovered(lon, lat, stations);
        for (int a = 0; a < 9; a++)
        {
            var inArea = Enumerable.Range(0, lon.Length).Where(i => area[i] == a).ToList();
            Assert.Equal(inArea.Count, rows[a].Households);
            Assert.Equal(inArea.Count(i => covered[i]), rows[a].CoveredHouseholds);
            Assert.Equal(inArea.Sum(i => (long)people[i]), rows[a].People);
            Assert.Equal(inArea.Where(i => covered[i]).Sum(i => (long)people[i]), rows[a].CoveredPeople);
        }
        var inside = Enumerable.Range(0, lon.Length).Where(i => area[i] >= 0).ToList();
        Assert.Equal(inside.Count, rows.Sum(r => r.Households));
        Assert.Equal(inside.Count(i => result.IsCovered(i)), rows.Sum(r => r.CoveredHouseholds));
        Assert.Equal(result.CoveredHouseholds, rows.Sum(r => r.CoveredHouseholds) + Enumerable.Range(0, lon.Length).Count(i => area[i] < 0 && covered[i]));
    }

    [Fact]
    public void Uncovered_households_are_the_complement_in_ascending_order()
    {
        var random = new Random(8);
        var (lon, lat, _) = Haimen.Households(3000, random);
        var result = CoverageIndex.Build(lon, lat).Count(Haimen.Stations(10, random, 300, 1000));

        var uncovered = result.UncoveredHouseholds();

        Assert.Equal(Enumerable.Range(0, lon.Length).Where(i => !result.IsCovered(i)), uncovered);
        Assert.Equal(lon.Length - result.CoveredHouseholds, uncovered.Length);
        Assert.Null(result.PeopleShare);
    }

    [Fact]
    public void Stations_across_the_antimeridian_cover_households_on_the_other_side()
    {
        var index = CoverageIndex.Build([-179.999, 179.999, 179.9], [10, 10, 10]);

        var result = index.Count([new Station(179.9995, 10, 500)]);

        Assert.True(result.IsCovered(0));
        Assert.True(result.IsCovered(1));
        Assert.False(result.IsCovered(2));
    }

    [Fact]
    public void No_stations_or_no_households_cover_nothing()
    {
        Assert.Equal(0, CoverageIndex.Build([121.0], [31.0]).Count([]).CoveredHouseholds);
        Assert.Equal(0, CoverageIndex.Build([], []).Count([new Station(121, 31, 500)]).HouseholdShare);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(100_001.0)]
    [InlineData(double.NaN)]
    public void Radius_outside_the_supported_range_is_refused(double radiusMetres)
    {
        var index = CoverageIndex.Build([121.0], [31.0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Count([new Station(121, 31, radiusMetres)]));
    }

    [Fact]
    public void Coverage_given_household_by_household_gives_the_same_totals_and_rows_as_a_count()
    {
        var random = new Random(21);
        var stations = Haimen.Stations(15, random, 200, 600);
        var (lon, lat, people) = Haimen.Households(3000, random);
        var index = CoverageIndex.Build(lon, lat, people);
        var counted = index.Count(stations);
        var flags = Enumerable.Range(0, lon.Length).Select(counted.IsCovered).ToArray();
        var area = Enumerable.Range(0, lon.Length).Select(i => i % 7 - 1).ToArray();

        var given = index.Covering(flags);

        Assert.Equal(counted.CoveredHouseholds, given.CoveredHouseholds);
        Assert.Equal(counted.CoveredPeople, given.CoveredPeople);
        Assert.Equal(counted.ByArea(area, 6), given.ByArea(area, 6));
        Assert.Equal(counted.UncoveredHouseholds(), given.UncoveredHouseholds());
    }
}
