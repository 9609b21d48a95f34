using GridMap.Core.Coverage;

namespace GridMap.Bench.Coverage;

static class SuggestBench
{
    public static void Run(Options o, Table table)
    {
        var random = new Random(o.Seed);
        var (lon, lat, people) = Workload.Households(o.Households, random);
        var candidates = Workload.Candidates(o.Candidates, random);
        var index = CoverageIndex.Build(lon, lat, people);
        string size = $"k = {o.K}, {o.Candidates:N0} candidates, {o.Households:N0} households, r = {o.RadiusMetres} m";

        SiteSelection selection = null!;
        var total = Workload.Time(o.Runs, () => selection = SiteSelector.Suggest(index, candidates, o.K, o.RadiusMetres));
        table.Add("suggest (all steps)", size, total, 1000);

        CandidateCoverage coverage = null!;
        var sets = Workload.Time(o.Runs, () => coverage = CandidateCoverage.Of(index, candidates, o.RadiusMetres));
        table.Add("  candidate sets", $"{coverage.Candidates:N0} sets", sets);
        var select = Workload.Time(o.Runs, () => SiteSelector.Select(coverage, o.K));
        table.Add("  lazy greedy + swaps", size, select);
        var plain = Workload.Time(o.Runs, () => SiteSelector.Greedy(coverage, o.K, lazy: false));
        table.Add("  plain greedy (for comparison)", size, plain);

        // Realistic case: only households outside 2,000 existing 500 m stations are eligible.
        var existing = index.Count(Workload.Stations(2_000, 500, random));
        var gaps = Workload.Time(o.Runs, () => SiteSelector.Suggest(index, candidates, o.K, o.RadiusMetres, existing));
        table.Add("suggest over uncovered only", $"{existing.Households - existing.CoveredHouseholds:N0} uncovered of {o.Households:N0}", gaps, 1000);

        table.Note($"greedy covered {selection.GreedyGain:N0}; after {selection.Swaps} swaps {selection.TotalGain:N0} households; " +
                   $"first site adds {selection.Sites[0].MarginalGain:N0}, last adds {selection.Sites[^1].MarginalGain:N0}");
    }
}
