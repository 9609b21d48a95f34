using GridMap.Core.Coverage;
using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GridMap.Bench.Coverage;

static class SuggestBench
{
    public static void Run(Options o, Table table)
    {
        var random = new Random(o.Seed);
        var (lon, lat, people) = Workload.Households(o.Households, random);
        var index = CoverageIndex.Build(lon, lat, people);

        // Default candidates: a square lattice over the box, spaced to give about the number asked for.
        var box = new GeometryFactory().ToGeometry(new Envelope(
            Workload.Lon - Workload.HalfLon, Workload.Lon + Workload.HalfLon, Workload.Lat - Workload.HalfLat, Workload.Lat + Workload.HalfLat));
        double spacing = Math.Sqrt(LocalProjection.For(box.EnvelopeInternal).Project(box).Area / o.Candidates);
        List<SiteCandidate> candidates = null!;
        var lattice = Workload.Time(o.Runs, () => candidates = SiteCandidates.Lattice(box, spacing));
        table.Add("lattice candidates", $"{candidates.Count:N0} points at {spacing:0} m", lattice);
        string size = $"k = {o.K}, {candidates.Count:N0} candidates, {o.Households:N0} households, r = {o.RadiusMetres} m";

        SiteSelection selection = null!;
        var total = Workload.Time(o.Runs, () => selection = SiteSelector.Suggest(index, candidates, o.K, o.RadiusMetres));
        table.Add("suggest (all steps)", size, total, 1000);

        CandidateCoverage coverage = null!;
        var sets = Workload.Time(o.Runs, () => coverage = CandidateCoverage.Of(index, candidates, o.RadiusMetres));
        table.Add("  candidate sets", $"{coverage.Candidates:N0} sets", sets);
        var select = Workload.Time(o.Runs, () => SiteSelector.Select(coverage, o.K));
        table.Add("  selection: lazy greedy + swaps, 4 starts (inverse lists cached after run 1)", size, select);
        var plain = Workload.Time(o.Runs, () => SiteSelector.Greedy(coverage, o.K, lazy: false));
        table.Add("  plain greedy (for comparison)", size, plain);

        // Realistic case: only households outside 2,000 existing 500 m stations are eligible.
        var existing = index.Count(Workload.Stations(2_000, 500, random));
        var gaps = Workload.Time(o.Runs, () => SiteSelector.Suggest(index, candidates, o.K, o.RadiusMetres, existing));
        table.Add("suggest over uncovered only", $"{existing.Households - existing.CoveredHouseholds:N0} uncovered of {o.Households:N0}", gaps, 1000);

        table.Note($"plain greedy covered {selection.GreedyGain:N0}; the suggestion covers {selection.TotalGain:N0} households ({selection.Swaps} swaps in the winning start); " +
                   $"first site adds {selection.Sites[0].MarginalGain:N0}, last adds {selection.Sites[^1].MarginalGain:N0}");
    }
}
