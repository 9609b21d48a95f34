using Xunit.Abstractions;

namespace GridMap.Core.Tests.Coverage;

public class SiteSelectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Suggestion_covers_at_least_95_percent_of_the_exhaustive_optimum_on_small_instances()
    {
        double worst = 1, worstGreedy = 1;
        int belowOptimum = 0, greedyBelowOptimum = 0;
        for (int seed = 1; seed <= 25; seed++)
        {
            var random = new Random(seed);
            var (lon, lat, _) = Haimen.Households(300, random, halfWidthDegrees: 0.015);
            var candidates = Haimen.Stations(30, random, 0, 0, halfWidthDegrees: 0.015).Select(s => new SiteCandidate(s.Lon, s.Lat)).ToList();
            const double radius = 450;
            var sets = candidates.Select(c => (IReadOnlyCollection<int>)Enumerable.Range(0, lon.Length)
                .Where(i => Geodesic.DistanceMetres(c.Lon, c.Lat, lon[i], lat[i]) <= radius).ToList()).ToList();
            var bruteForce = CandidateCoverage.FromSets(sets, Enumerable.Repeat(1, lon.Length).ToList());
            long optimum = ExhaustiveOptimum(bruteForce, 3);

            var suggestion = SiteSelector.Suggest(CoverageIndex.Build(lon, lat), candidates, 3, radius);

            Assert.Equal(bruteForce.Gain(suggestion.Sites.Select(s => s.Candidate)), suggestion.TotalGain);
            double ratio = (double)suggestion.TotalGain / optimum;
            worst = Math.Min(worst, ratio);
            worstGreedy = Math.Min(worstGreedy, (double)suggestion.GreedyGain / optimum);
            if (suggestion.TotalGain < optimum) belowOptimum++;
            if (suggestion.GreedyGain < optimum) greedyBelowOptimum++;
        }
        output.WriteLine($"worst ratio to the exhaustive optimum over 25 instances: {worst:P2} " +
                         $"(plain greedy alone: {worstGreedy:P2}); " +
                         $"below optimum in {belowOptimum} instances (plain greedy: {greedyBelowOptimum})");
        Assert.True(worst >= 0.95, $"worst ratio {worst:P2}");
    }

    [Fact]
    public void Candidate_sets_are_the_households_within_the_radius_by_exact_geodesic_minus_those_already_covered()
    {
        var random = new Random(3);
        var (lon, lat, people) = Haimen.Households(2000, random, halfWidthDegrees: 0.02);
        var candidates = Haimen.Stations(40, random, 0, 0, 0.02).Select(s => new SiteCandidate(s.Lon, s.Lat)).ToList();
        var existingStations = Haimen.Stations(5, random, 400, 600, 0.02);
        var index = CoverageIndex.Build(lon, lat, people);
        var existing = index.Count(existingStations);

        var coverage = CandidateCoverage.Of(index, candidates, 500, existing, weighByPeople: true);

        for (int c = 0; c < candidates.Count; c++)
        {
            var expected = Enumerable.Range(0, lon.Length).Where(i => !existing.IsCovered(i) &&
                Geodesic.DistanceMetres(candidates[c].Lon, candidates[c].Lat, lon[i], lat[i]) <= 500);
            Assert.Equal(expected, coverage.Covers(c).ToArray().Order());
        }
        Assert.All(Enumerable.Range(0, lon.Length), i => Assert.Equal(people[i], coverage.Weight(i)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Lazy_greedy_chooses_exactly_what_plain_greedy_chooses(int seed)
    {
        var coverage = RandomCoverage(seed, candidates: 300, elements: 5000, meanSetSize: 60);

        var lazy = SiteSelector.Greedy(coverage, 25, lazy: true);
        var plain = SiteSelector.Greedy(coverage, 25, lazy: false);

        Assert.Equal(plain, lazy);
        Assert.Equal(25, lazy.Count);
        Assert.Equal(SiteSelector.Greedy(coverage, 25, lazy: false, first: 7), SiteSelector.Greedy(coverage, 25, lazy: true, first: 7));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Marginal_gains_add_up_to_the_total_and_swaps_never_lose_coverage(int seed)
    {
        var coverage = RandomCoverage(seed, candidates: 200, elements: 3000, meanSetSize: 80);

        var selection = SiteSelector.Select(coverage, 15);

        Assert.Equal(coverage.Gain(selection.Sites.Select(s => s.Candidate)), selection.TotalGain);
        Assert.Equal(selection.TotalGain, selection.Sites.Sum(s => s.MarginalGain));
        Assert.True(selection.TotalGain >= selection.GreedyGain);
        Assert.True(selection.Sites.Zip(selection.Sites.Skip(1)).All(p => p.First.MarginalGain >= p.Second.MarginalGain));
        output.WriteLine($"greedy {selection.GreedyGain}, after {selection.Swaps} swaps {selection.TotalGain}");
    }

    [Fact]
    public void Pairs_to_test_bound_the_pairs_kept_and_are_every_pair_when_each_window_holds_every_household()
    {
        var random = new Random(6);
        var (lon, lat, _) = Haimen.Households(3000, random, halfWidthDegrees: 0.02);
        var candidates = Haimen.Stations(50, random, 0, 0, 0.02).Select(s => new SiteCandidate(s.Lon, s.Lat)).ToList();
        var index = CoverageIndex.Build(lon, lat);

        var near = CandidateCoverage.Of(index, candidates, 400);
        long kept = Enumerable.Range(0, near.Candidates).Sum(c => (long)near.Covers(c).Length);
        long toTest = CandidateCoverage.PairsToTest(index, candidates, 400);
        Assert.InRange(toTest, kept, 4L * kept); // a window is the box around the circle, in whole cells

        Assert.Equal(50L * 3000, CandidateCoverage.PairsToTest(index, candidates, 20_000));
    }

    [Fact]
    public void A_spent_work_allowance_stops_the_search_at_greedys_choice_and_says_so()
    {
        // As in the swap test below: greedy covers 5, one swap 6.
        var coverage = CandidateCoverage.FromSets([[0, 1, 2, 3], [0, 1, 4], [2, 3, 5]], [1, 1, 1, 1, 1, 1]);

        var stopped = SiteSelector.Select(coverage, 2, maxWork: 1);
        var full = SiteSelector.Select(coverage, 2);

        Assert.True(stopped.WorkLimitReached);
        Assert.Equal((5, 0), (stopped.TotalGain, stopped.Swaps));
        Assert.False(full.WorkLimitReached);
        Assert.Equal((6, 1), (full.TotalGain, full.Swaps));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void A_work_allowance_bounds_the_search_without_losing_greedys_coverage(int seed)
    {
        var coverage = RandomCoverage(seed, candidates: 400, elements: 6000, meanSetSize: 120);

        var bounded = SiteSelector.Select(coverage, 30, maxWork: 20_000);

        Assert.True(bounded.WorkLimitReached);
        Assert.Equal(coverage.Gain(bounded.Sites.Select(s => s.Candidate)), bounded.TotalGain);
        Assert.True(bounded.TotalGain >= bounded.GreedyGain);
        Assert.Equal(SiteSelector.Greedy(coverage, 30).Sum(s => s.MarginalGain), bounded.GreedyGain);
    }

    [Fact]
    public void Swap_search_finds_the_pair_that_greedy_misses()
    {
        // Greedy takes the big site 0 first and can then add only 1; sites 1 and 2 together cover 6.
        var coverage = CandidateCoverage.FromSets([[0, 1, 2, 3], [0, 1, 4], [2, 3, 5]], [1, 1, 1, 1, 1, 1]);

        var selection = SiteSelector.Select(coverage, 2);

        Assert.Equal(5, selection.GreedyGain);
        Assert.Equal(6, selection.TotalGain);
        Assert.Equal([1, 2], selection.Sites.Select(s => s.Candidate).Order());
        Assert.Equal(1, selection.Swaps);
    }

    [Fact]
    public void Ties_go_to_the_lowest_candidate_and_useless_sites_are_not_suggested()
    {
        var coverage = CandidateCoverage.FromSets([[0, 1], [2, 3], [0, 1], []], [1, 1, 1, 1]);

        var selection = SiteSelector.Select(coverage, 4);

        Assert.Equal([new SiteChoice(0, 2), new SiteChoice(1, 2)], selection.Sites);
    }

    [Fact]
    public void Weighing_by_people_prefers_the_site_with_more_people()
    {
        var coverage = CandidateCoverage.FromSets([[0, 1, 2], [3]], [1, 1, 1, 10]);

        Assert.Equal(1, SiteSelector.Select(coverage, 1).Sites[0].Candidate);
    }

    static long ExhaustiveOptimum(CandidateCoverage coverage, int k)
    {
        long best = 0;
        int n = coverage.Candidates;
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                for (int c = b + 1; c < n; c++)
                    best = Math.Max(best, coverage.Gain([a, b, c]));
        return k == 3 ? best : throw new ArgumentException("only k = 3 is enumerated");
    }

    static CandidateCoverage RandomCoverage(int seed, int candidates, int elements, int meanSetSize)
    {
        var random = new Random(seed);
        var sets = new List<IReadOnlyCollection<int>>();
        for (int c = 0; c < candidates; c++)
        {
            // Clustered sets, as sites near one another share households.
            int centre = random.Next(elements), size = random.Next(1, 2 * meanSetSize);
            sets.Add(Enumerable.Range(0, size).Select(_ => Math.Clamp(centre + random.Next(-3 * meanSetSize, 3 * meanSetSize), 0, elements - 1)).Distinct().ToList());
        }
        return CandidateCoverage.FromSets(sets, Enumerable.Range(0, elements).Select(_ => random.Next(1, 5)).ToList());
    }
}
