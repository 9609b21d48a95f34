namespace GridMap.Core.Coverage;

/// <summary>A chosen site: the candidate's index and the weight it adds to the sites before it.</summary>
public readonly record struct SiteChoice(int Candidate, long MarginalGain);

/// <summary>
/// Chosen sites in the order a planner should build them (each adds the most to those before
/// it), so the marginal gains add up to <see cref="TotalGain"/>. <see cref="GreedyGain"/> is what
/// plain greedy covers, for comparison; <see cref="Swaps"/> the swaps that improved on the start
/// that won. <see cref="WorkLimitReached"/>: the search stopped at its work allowance (later
/// starts or swaps left untried), so the sites are greedy's or better, not a local optimum.
/// </summary>
public sealed record SiteSelection(IReadOnlyList<SiteChoice> Sites, long TotalGain, long GreedyGain, int Swaps, bool WorkLimitReached = false);

/// <summary>
/// "Suggest k new sites" (maximal covering location problem): k candidates that together cover
/// the most not-yet-covered households.
/// </summary>
/// <remarks>
/// Coverage is monotone submodular, so greedy choice is within 1 − 1/e of the optimum. Greedy is
/// run lazily (Minoux): a candidate's gain can only fall as sites are added, so stale gains in a
/// priority queue are upper bounds and only the top one needs recomputing; ties go to the lowest
/// candidate index, which makes the result identical to plain greedy. Then a best-improvement
/// 1-swap local search replaces one chosen site by an unchosen one while that covers more,
/// keeping for every candidate its gain over the current sites up to date incrementally. The
/// search runs from the greedy choice and from greedy choices forced to open with the 2nd, 3rd,
/// … best single site (<c>starts</c> in all); the best result wins. On 25 random instances of
/// 30 candidates and k = 3 this reaches at worst 98.6% of the exhaustive optimum (plain greedy:
/// 96.3%).
/// </remarks>
public static class SiteSelector
{
    /// <summary>Suggests up to k of the candidates; see <see cref="CandidateCoverage.Of"/> for the arguments.</summary>
    public static SiteSelection Suggest(CoverageIndex households, IReadOnlyList<SiteCandidate> candidates, int k, double radiusMetres,
        CoverageResult? existing = null, bool weighByPeople = false, int maxSwaps = 100, int starts = 4) =>
        Select(CandidateCoverage.Of(households, candidates, radiusMetres, existing, weighByPeople), k, maxSwaps, starts);

    /// <summary>
    /// Lazy greedy, then up to <paramref name="maxSwaps"/> improving swaps, from
    /// <paramref name="starts"/> starting choices. Fewer than k sites are returned when further
    /// sites would cover nothing more.
    /// </summary>
    /// <param name="maxWork">
    /// Steps (a household of a candidate's set looked at, or a candidate weighed for a swap) after
    /// which no further start or swap round begins. The first greedy choice always completes; a
    /// swap round costs about k × candidates plus the chosen sites' households' candidates.
    /// </param>
    public static SiteSelection Select(CandidateCoverage coverage, int k, int maxSwaps = 100, int starts = 4, long maxWork = long.MaxValue)
    {
        var work = new Work(maxWork);
        var greedy = Greedy(coverage, k, lazy: true, among: null, first: null, work);
        long greedyGain = greedy.Sum(s => s.MarginalGain);
        int[] best = [];
        long bestGain = -1;
        int bestSwaps = 0;
        // Local search from greedy, and from greedy forced to open with each of the next-best
        // single sites: a different first site often leads to a different local optimum.
        var openers = BestSingleSites(coverage, starts);
        for (int start = 0; start < Math.Max(1, openers.Length) && !(start > 0 && work.Spent); start++)
        {
            var chosen = start == 0 ? greedy.Select(s => s.Candidate).ToArray()
                : Greedy(coverage, k, lazy: true, among: null, first: openers[start], work).Select(s => s.Candidate).ToArray();
            int swaps = ImproveBySwaps(coverage, chosen, maxSwaps, work);
            long gain = coverage.Gain(chosen);
            if (gain > bestGain) (best, bestGain, bestSwaps) = (chosen, gain, swaps);
        }
        var ordered = Greedy(coverage, best.Length, lazy: false, among: best);
        return new SiteSelection(ordered, ordered.Sum(s => s.MarginalGain), greedyGain, bestSwaps, work.Spent);
    }

    /// <summary>Steps taken against an allowance.</summary>
    sealed class Work(long allowance)
    {
        long _steps;
        public bool Spent => _steps >= allowance;
        public void Add(long steps) => _steps += steps;
    }

    /// <summary>
    /// Greedy choice of up to k candidates (from <paramref name="among"/>, or all), lowest index
    /// first on ties, opening with <paramref name="first"/> when given; <paramref name="lazy"/>
    /// only changes the speed.
    /// </summary>
    public static List<SiteChoice> Greedy(CandidateCoverage coverage, int k, bool lazy = true, IReadOnlyCollection<int>? among = null, int? first = null) =>
        Greedy(coverage, k, lazy, among, first, work: null);

    static List<SiteChoice> Greedy(CandidateCoverage coverage, int k, bool lazy, IReadOnlyCollection<int>? among, int? first, Work? work)
    {
        var pool = (among?.Order() ?? Enumerable.Range(0, coverage.Candidates)).Where(c => c != first).ToArray();
        var covered = new bool[coverage.Elements];
        var chosen = new List<SiteChoice>();
        long GainOf(int c)
        {
            work?.Add(coverage.Covers(c).Length);
            long gain = 0;
            foreach (int e in coverage.Covers(c)) if (!covered[e]) gain += coverage.Weight(e);
            return gain;
        }
        void Take(int c, long gain)
        {
            chosen.Add(new SiteChoice(c, gain));
            foreach (int e in coverage.Covers(c)) covered[e] = true;
        }

        if (first is int opener && k > 0) Take(opener, GainOf(opener));
        k = Math.Min(k, pool.Length + chosen.Count);
        if (!lazy)
        {
            var taken = new bool[coverage.Candidates];
            while (chosen.Count < k)
            {
                int best = -1; long bestGain = 0;
                foreach (int c in pool)
                    if (!taken[c]) { long g = GainOf(c); if (g > bestGain) (best, bestGain) = (c, g); }
                if (best < 0) break;
                taken[best] = true;
                Take(best, bestGain);
            }
            return chosen;
        }

        // Priority: larger gain first, then lower index. fresh[c] is the round c's gain was computed in.
        var queue = new PriorityQueue<int, (long Gain, int Candidate)>(pool.Length, Comparer<(long Gain, int Candidate)>.Create(
            (a, b) => a.Gain != b.Gain ? b.Gain.CompareTo(a.Gain) : a.Candidate.CompareTo(b.Candidate)));
        // Single-site gains are exact before the first choice and upper bounds after it.
        var single = coverage.SingleSiteGains();
        var fresh = new int[coverage.Candidates];
        Array.Fill(fresh, chosen.Count == 0 ? 0 : -1);
        foreach (int c in pool) queue.Enqueue(c, (single[c], c));
        while (chosen.Count < k && queue.TryDequeue(out int top, out var priority))
        {
            if (fresh[top] == chosen.Count)
            {
                if (priority.Gain == 0) break;
                Take(top, priority.Gain);
                continue;
            }
            fresh[top] = chosen.Count;
            queue.Enqueue(top, (GainOf(top), top));
        }
        return chosen;
    }

    /// <summary>The candidates that cover most on their own, best first (lowest index on ties).</summary>
    static int[] BestSingleSites(CandidateCoverage coverage, int count)
    {
        var single = coverage.SingleSiteGains();
        return Enumerable.Range(0, single.Length).OrderByDescending(c => single[c]).ThenBy(c => c).Take(count).ToArray();
    }

    /// <summary>Replaces chosen sites in place while a swap covers more; returns the number of swaps.</summary>
    static int ImproveBySwaps(CandidateCoverage coverage, int[] chosen, int maxSwaps, Work work)
    {
        int candidates = coverage.Candidates;
        var (byStart, byElement) = coverage.ByElement();
        var count = new int[coverage.Elements]; // chosen sites covering each element
        var isChosen = new bool[candidates];
        // uncoveredGain[j]: weight j would add to the current sites.
        var uncoveredGain = (long[])coverage.SingleSiteGains().Clone();
        foreach (int c in chosen)
        {
            isChosen[c] = true;
            foreach (int e in coverage.Covers(c))
                if (count[e]++ == 0)
                    for (int t = byStart[e]; t < byStart[e + 1]; t++) uncoveredGain[byElement[t]] -= coverage.Weight(e);
        }

        var regained = new long[candidates]; // weight j would win back of what removing a site loses
        var touched = new List<int>();
        long steps = 0;
        int swaps = 0;
        while (swaps < maxSwaps && !work.Spent)
        {
            long bestDelta = 0;
            int bestSlot = -1, bestIn = -1;
            for (int slot = 0; slot < chosen.Length; slot++)
            {
                long loss = 0;
                foreach (int e in coverage.Covers(chosen[slot]))
                {
                    if (count[e] != 1) continue;
                    long w = coverage.Weight(e);
                    loss += w;
                    steps += byStart[e + 1] - byStart[e];
                    for (int t = byStart[e]; t < byStart[e + 1]; t++)
                    {
                        // Each candidate listed once (weights are not negative): the list stays within the candidates.
                        if (regained[byElement[t]] == 0) touched.Add(byElement[t]);
                        regained[byElement[t]] += w;
                    }
                }
                work.Add(steps + coverage.Covers(chosen[slot]).Length + candidates);
                steps = 0;
                for (int j = 0; j < candidates; j++)
                {
                    if (isChosen[j]) continue;
                    long delta = uncoveredGain[j] + regained[j] - loss;
                    if (delta > bestDelta) (bestDelta, bestSlot, bestIn) = (delta, slot, j);
                }
                foreach (int j in touched) regained[j] = 0;
                touched.Clear();
            }
            if (bestSlot < 0) break;

            int leaving = chosen[bestSlot];
            foreach (int e in coverage.Covers(leaving))
                if (--count[e] == 0)
                    for (int t = byStart[e]; t < byStart[e + 1]; t++) uncoveredGain[byElement[t]] += coverage.Weight(e);
            foreach (int e in coverage.Covers(bestIn))
                if (count[e]++ == 0)
                    for (int t = byStart[e]; t < byStart[e + 1]; t++) uncoveredGain[byElement[t]] -= coverage.Weight(e);
            (isChosen[leaving], isChosen[bestIn], chosen[bestSlot]) = (false, true, bestIn);
            swaps++;
        }
        return swaps;
    }
}
