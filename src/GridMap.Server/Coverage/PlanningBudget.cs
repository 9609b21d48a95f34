using GridMap.Core.Coverage;

namespace GridMap.Server.Coverage;

/// <summary>
/// What one planning request may cost, judged from estimates made before the work starts: a
/// request over a limit is refused at once (422) with the parameters that drive it. The limits
/// keep any accepted suggestion within a few seconds and a few hundred MB on the demo district
/// (measured: docs/benchmarks.md, <c>./gridmap bench planner</c>).
/// </summary>
public static class PlanningBudget
{
    /// <summary>
    /// Candidate × household pairs tested (<see cref="CandidateCoverage.PairsToTest"/>): the time
    /// to build the candidates' sets, and at 8 bytes a pair kept (sets and their inverse), the memory.
    /// </summary>
    public const long MaxPairs = 10_000_000;

    /// <summary>
    /// Positions of the default candidates' lattice over the area's envelope
    /// (<see cref="SiteCandidates.LatticePositions"/>): each point is projected and located in the
    /// area, about 10 µs a point on a loaded machine. The default spacing stays near 10,000 points.
    /// </summary>
    public const long MaxLatticePoints = 50_000;

    /// <summary>
    /// Steps of the site search after which it stops trying further starts and swaps
    /// (<see cref="SiteSelector.Select"/>): what bounds the cost of k, as a swap round weighs every
    /// candidate against each of the k sites.
    /// </summary>
    public const long SelectionSteps = 30_000_000;

    /// <summary>
    /// Rows a walking search may return (<c>pgr_drivingDistance</c>: a road end reached from a
    /// start, about 24 bytes each when kept): estimated as the road ends within the straight-line
    /// search radius of each start, as a walk is never shorter.
    /// </summary>
    public const long MaxWalkingRows = 2_000_000;

    /// <summary>Above these, a request is a heavy job: one at a time per server (<see cref="PlanningJobs"/>).</summary>
    public const long HeavyPairs = 1_000_000, HeavySearch = 1_000_000;

    public static bool IsHeavy(long pairs, int k, int candidates) => pairs > HeavyPairs || (long)k * candidates > HeavySearch;

    /// <summary>422: the estimate, the limit, and each parameter that drives the estimate with what to do about it.</summary>
    public static ProblemHttpResult OverBudget(string what, long estimate, long limit, Dictionary<string, string[]> parameters) =>
        TypedResults.Problem(
            title: "Over the planning budget",
            detail: $"This request would take {Count(estimate)} {what}; one request may take at most {Count(limit)}. " +
                    $"Change {string.Join(" or ", parameters.Keys)} as the errors say.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?>
            {
                ["budget"] = what, ["estimate"] = estimate, ["limit"] = limit, ["errors"] = parameters,
            });

    static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
