using GridMap.Core.Coverage;
using GridMap.Core.Text;
using GridMap.Server.Territory;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Coverage;

/// <summary>
/// "Suggest k new sites": k places for new stations of radius <c>radiusM</c> that together cover
/// the most of the area's households no station covers yet (<see cref="SiteSelector"/>: lazy
/// greedy, then swaps). Existing stations are chosen as for <c>GET /api/coverage</c>
/// (<c>stationLevel</c>, <c>includePlanned</c>), each with its own radius or <c>existingRadiusM</c>.
/// Candidates: the planner's own (a GeoJSON FeatureCollection of points, e.g. available
/// buildings; <c>properties.name</c> kept), or else each grid's centre plus a lattice over the area
/// every <c>latticeSpacingM</c> (default: half the radius, coarser for a large area). Distance is
/// the straight line.
/// </summary>
public static class SiteSuggestion
{
    public const int MaxK = 50, MaxCandidates = 20_000;
    /// <summary>Default lattices stay below about this many positions.</summary>
    const double DefaultLatticePoints = 10_000;

    public sealed record SuggestRequest(long? AreaId, int? K, double? RadiusM, JsonElement? Candidates, double? LatticeSpacingM,
        string? StationLevel, bool? IncludePlanned, double? ExistingRadiusM);

    /// <summary>A suggested site; gains are what it adds to the existing stations and to the sites ranked before it.</summary>
    public sealed record SuggestedSite(int Rank, double Lon, double Lat, string? Name, double RadiusM,
        long GainHouseholds, long GainMembers, long? GainResidents);

    public sealed record SuggestionView(AreaRef Area, int K, double RadiusM, double? ExistingRadiusM, int Candidates, string CandidateSource,
        double? LatticeSpacingM, IReadOnlyList<SuggestedSite> Sites, CoverageFigures Before, CoverageFigures After, long GreedyHouseholds, int Swaps,
        bool WorkLimitReached);

    /// <summary>
    /// Over <see cref="PlanningBudget"/>: 422 at once, before the work. A heavy request while
    /// another runs: 429 with Retry-After (<see cref="PlanningJobs"/>).
    /// </summary>
    public static async Task<Results<Ok<SuggestionView>, ValidationProblem, ProblemHttpResult, RetryLater>> Suggest(
        SuggestRequest body, Caller caller, CoveragePlanner planner, PlanningJobs jobs, CancellationToken ct)
    {
        if (body.K is not (>= 1 and <= MaxK)) return Problems.Invalid("k", $"k must be a whole number from 1 to {MaxK}");
        if (body.RadiusM is not { } radius || !(radius > 0 && radius <= CoverageParameters.MaxRadiusM))
            return Problems.Invalid("radiusM", $"radiusM (the new sites' radius) must be more than 0 and at most {CoverageParameters.MaxRadiusM} metres");
        if (body.ExistingRadiusM is { } existingRadius && !(existingRadius > 0 && existingRadius <= CoverageParameters.MaxRadiusM))
            return Problems.Invalid("existingRadiusM", $"existingRadiusM must be more than 0 and at most {CoverageParameters.MaxRadiusM} metres");
        if (body.LatticeSpacingM is { } spacing && !(spacing >= 10))
            return Problems.Invalid("latticeSpacingM", "latticeSpacingM must be at least 10 metres");
        List<(SiteCandidate Site, string? Name)>? uploaded = null;
        if (body.Candidates is { ValueKind: not JsonValueKind.Null } json)
        {
            var (read, error) = ReadCandidates(json);
            if (error is not null) return Problems.Invalid("candidates", error);
            uploaded = read;
        }

        var existing = new CoverageParameters
        {
            AreaId = body.AreaId, StationLevel = body.StationLevel, IncludePlanned = body.IncludePlanned, RadiusM = body.ExistingRadiusM,
        };
        var outcome = await planner.ScopeAsync(existing, caller, ct);
        if (outcome.Invalid is { } invalid) return invalid;
        if (outcome.Problem is { } problem) return problem;
        var scope = outcome.Scope!;
        var t = scope.State.Territory;
        var area = scope.AreaInfo;
        int k = body.K.Value;

        double? latticeSpacing = null;
        List<(SiteCandidate Site, string? Name)> candidates;
        if (uploaded is not null) candidates = uploaded;
        else
        {
            latticeSpacing = body.LatticeSpacingM ?? DefaultSpacing(area.Boundary, radius);
            long positions = SiteCandidates.LatticePositions(area.Boundary, latticeSpacing.Value);
            if (positions > PlanningBudget.MaxLatticePoints)
                return PlanningBudget.OverBudget("lattice points", positions, PlanningBudget.MaxLatticePoints, new()
                {
                    ["latticeSpacingM"] = [$"a lattice every {latticeSpacing.Value:0.#} m over {area.Name} has {positions:N0} positions, more than {PlanningBudget.MaxLatticePoints:N0}: choose a wider spacing"],
                    ["areaId"] = ["or a smaller area"],
                });
            var grids = Enumerable.Range(0, t.Areas.Count).Where(i => t.Areas[i].Level == "grid" && t.IsWithin(i, scope.Area)).Select(i => t.Areas[i].Boundary);
            candidates = SiteCandidates.Default(area.Boundary, grids, latticeSpacing.Value).Select(c => (c, (string?)null)).ToList();
        }

        var sites = candidates.Select(c => c.Site).ToList();
        long pairs = CandidateCoverage.PairsToTest(t.Households, sites, radius);
        if (pairs > PlanningBudget.MaxPairs)
            return PlanningBudget.OverBudget("candidate × household pairs", pairs, PlanningBudget.MaxPairs, new()
            {
                ["radiusM"] = [$"{candidates.Count:N0} candidates, each tested against the households within about {radius:0.#} m of it, make {pairs:N0} pairs, more than {PlanningBudget.MaxPairs:N0}: choose a smaller radius"],
                [uploaded is null ? "latticeSpacingM" : "candidates"] = [uploaded is null ? "or a wider lattice spacing (fewer candidates)" : "or fewer candidates"],
                ["areaId"] = ["or a smaller area"],
            });

        bool heavy = PlanningBudget.IsHeavy(pairs, k, candidates.Count);
        using var slot = heavy ? jobs.TryStart() : null;
        if (heavy && slot is null) return PlanningJobs.Busy();
        if (slot is not null) await jobs.StartedAsync(ct);

        // Households (and resident points) outside the area or already covered are not to be won.
        var households = Settled(t.Households, scope.Measured.Households, i => t.HouseholdGrid[i] is var g && g >= 0 && t.IsWithin(g, scope.Area));
        var residents = Settled(t.ResidentIndex, scope.Measured.Residents, i => t.IsWithin(t.Residents.Grid[i], scope.Area));
        var sets = CandidateCoverage.Of(t.Households, sites, radius, households);
        var selection = SiteSelector.Select(sets, k, maxWork: PlanningBudget.SelectionSteps);

        var chosen = Gains(t, sets, selection, candidates, radius, residents);
        var before = CoverageRows.Of(t, scope.Area, scope.Measured).Totals;
        var withSites = CoveragePlanner.Circles(scope.Stations, body.ExistingRadiusM)
            .Concat(chosen.Select(s => new Station(s.Lon, s.Lat, radius))).ToList();
        var after = CoverageRows.Of(t, scope.Area, new Measured(t.Households.Count(withSites), t.ResidentIndex.Count(withSites), withSites.Count)).Totals;

        return TypedResults.Ok(new SuggestionView(AreaRef.Of(area), k, radius, body.ExistingRadiusM, candidates.Count,
            uploaded is null ? "default" : "uploaded", latticeSpacing, chosen, before, after, selection.GreedyGain, selection.Swaps,
            selection.WorkLimitReached));
    }

    /// <summary>Covered, or not in the area: as far as new sites go, nothing to win.</summary>
    static CoverageResult Settled(CoverageIndex index, CoverageResult covered, Func<int, bool> inArea) =>
        index.Covering(Enumerable.Range(0, index.Households).Select(i => covered.IsCovered(i) || !inArea(i)).ToArray());

    /// <summary>
    /// Half the radius, widened so that the lattice over the area's envelope stays near
    /// <see cref="DefaultLatticePoints"/> positions, well within the budget whatever the area's shape.
    /// </summary>
    static double DefaultSpacing(Geometry areaLonLat, double radius)
    {
        double squareMetres = LocalProjection.For(areaLonLat.EnvelopeInternal).Project(areaLonLat).EnvelopeInternal.Area;
        return Math.Max(Math.Max(radius / 2, 10), Math.Sqrt(squareMetres / DefaultLatticePoints));
    }

    /// <summary>Each site's gain in households (the selection's own), members and residents, in rank order.</summary>
    static List<SuggestedSite> Gains(CoverageTerritory t, CandidateCoverage sets, SiteSelection selection,
        List<(SiteCandidate Site, string? Name)> candidates, double radius, CoverageResult residentsSettled)
    {
        var wonHousehold = new bool[t.HouseholdIds.Length];
        var wonResident = Enumerable.Range(0, t.Residents.Count).Select(residentsSettled.IsCovered).ToArray();
        bool anyResidents = t.Residents.Count > 0;
        var sites = new List<SuggestedSite>();
        foreach (var choice in selection.Sites)
        {
            var (site, name) = candidates[choice.Candidate];
            long members = 0;
            foreach (int h in sets.Covers(choice.Candidate))
                if (!wonHousehold[h]) { wonHousehold[h] = true; members += t.Members[h]; }
            long residents = 0;
            var reached = t.ResidentIndex.Count([new Station(site.Lon, site.Lat, radius)]);
            for (int i = 0; i < wonResident.Length; i++)
                if (!wonResident[i] && reached.IsCovered(i)) { wonResident[i] = true; residents += t.Residents.Residents[i]; }
            sites.Add(new SuggestedSite(sites.Count + 1, Math.Round(site.Lon, 7), Math.Round(site.Lat, 7), name, radius,
                choice.MarginalGain, members, anyResidents ? residents : null));
        }
        return sites;
    }

    /// <summary>The planner's candidates: a FeatureCollection of points, each with an optional name.</summary>
    static (List<(SiteCandidate, string?)>? Candidates, string? Error) ReadCandidates(JsonElement json)
    {
        IReadOnlyList<GeoJsonFeature> features;
        try { features = GeoJson.ReadFeatureCollection(json); }
        catch (GeoJsonException e) { return (null, e.Message); }
        if (features.Count == 0) return (null, "the FeatureCollection has no features");
        if (features.Count > MaxCandidates) return (null, $"at most {MaxCandidates} candidates");
        var result = new List<(SiteCandidate, string?)>();
        foreach (var f in features)
        {
            if (f.Error is not null) return (null, $"feature {f.Index}: {f.Error}");
            if (f.Geometry is not Point p) return (null, $"feature {f.Index}: a candidate must be a Point, not a {f.Geometry!.GeometryType}");
            if (!LonLat.IsLon(p.X) || !LonLat.IsLat(p.Y)) return (null, $"feature {f.Index}: not a lon/lat position");
            string? name = null;
            if (f.Properties.ValueKind == JsonValueKind.Object && f.Properties.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            {
                if (StorableText.TryRead(n, "name", out var text) is { } refused) return (null, $"feature {f.Index}: {refused}");
                name = text;
            }
            result.Add((new SiteCandidate(p.X, p.Y), name));
        }
        return (result, null);
    }
}
