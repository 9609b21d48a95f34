namespace GridMap.Core.Coverage;

/// <summary>A place where a new station could go, in lon/lat degrees.</summary>
public readonly record struct SiteCandidate(double Lon, double Lat);

/// <summary>
/// The households (elements) each candidate site would cover, with a weight per household: the
/// sets a maximal covering location problem chooses among. Stored as compressed rows.
/// </summary>
public sealed class CandidateCoverage
{
    readonly int[] _start, _members;
    readonly int[] _weight;
    int[]? _byElementStart, _byElement;
    long[]? _singleSiteGains;

    CandidateCoverage(int[] start, int[] members, int[] weight) => (_start, _members, _weight) = (start, members, weight);

    public int Candidates => _start.Length - 1;
    public int Elements => _weight.Length;

    /// <summary>The elements a candidate covers.</summary>
    public ReadOnlySpan<int> Covers(int candidate) => _members.AsSpan(_start[candidate], _start[candidate + 1] - _start[candidate]);

    public int Weight(int element) => _weight[element];

    /// <summary>Total weight of the elements covered by at least one of the chosen candidates.</summary>
    public long Gain(IEnumerable<int> chosen)
    {
        var seen = new bool[Elements];
        long gain = 0;
        foreach (int c in chosen)
            foreach (int e in Covers(c))
                if (!seen[e]) { seen[e] = true; gain += _weight[e]; }
        return gain;
    }

    /// <summary>Sets given directly: <c>sets[c]</c> lists the elements candidate c covers.</summary>
    public static CandidateCoverage FromSets(IReadOnlyList<IReadOnlyCollection<int>> sets, IReadOnlyList<int> weights)
    {
        var start = new int[sets.Count + 1];
        for (int c = 0; c < sets.Count; c++) start[c + 1] = start[c] + sets[c].Count;
        var members = new int[start[^1]];
        for (int c = 0; c < sets.Count; c++)
        {
            var sorted = sets[c].Order().ToArray();
            if (sorted.Distinct().Count() != sorted.Length || sorted.Any(e => e < 0 || e >= weights.Count))
                throw new ArgumentException($"candidate {c} lists an element twice or out of range", nameof(sets));
            sorted.CopyTo(members, start[c]);
        }
        return new CandidateCoverage(start, members, weights.ToArray());
    }

    /// <summary>
    /// The candidate × household pairs <see cref="Of"/> would test: for each candidate the
    /// households in its search window, summed. An upper bound on the pairs it keeps (and so on its
    /// memory, 4 bytes a pair), counted from the index's cells without testing any household: a
    /// few steps per candidate.
    /// </summary>
    public static long PairsToTest(CoverageIndex households, IReadOnlyList<SiteCandidate> candidates, double radiusMetres)
    {
        CoverageIndex.CheckRadius(radiusMetres);
        long pairs = 0;
        foreach (var c in candidates) pairs += households.WindowCount(c.Lon, c.Lat, radiusMetres);
        return pairs;
    }

    /// <summary>
    /// The households within <paramref name="radiusMetres"/> of each candidate, leaving out those
    /// <paramref name="existing"/> already covers. Each weighs 1, or its people with
    /// <paramref name="weighByPeople"/>. Elements are households by the caller's index.
    /// </summary>
    /// <remarks>
    /// Two passes: the first counts each candidate's households, the second writes them straight
    /// to their place, so memory is the pairs kept and nothing more (growing buffers held several
    /// times that at once).
    /// </remarks>
    public static CandidateCoverage Of(CoverageIndex households, IReadOnlyList<SiteCandidate> candidates, double radiusMetres,
        CoverageResult? existing = null, bool weighByPeople = false)
    {
        CoverageIndex.CheckRadius(radiusMetres);
        var excluded = existing?.CoveredSorted;
        if (existing is not null && existing.Households != households.Households)
            throw new ArgumentException("existing coverage belongs to another index", nameof(existing));
        var start = new int[candidates.Count + 1];
        Parallel.For(0, candidates.Count, c =>
        {
            var count = new Count(excluded);
            households.Visit(candidates[c].Lon, candidates[c].Lat, radiusMetres, ref count);
            start[c + 1] = count.Found;
        });
        for (int c = 0; c < candidates.Count; c++) start[c + 1] = checked(start[c] + start[c + 1]);
        var members = new int[start[^1]];
        Parallel.For(0, candidates.Count, c =>
        {
            var write = new Write(members, start[c], households.Original, excluded);
            households.Visit(candidates[c].Lon, candidates[c].Lat, radiusMetres, ref write);
        });
        var weight = new int[households.Households];
        for (int p = 0; p < weight.Length; p++) weight[households.Original[p]] = weighByPeople ? households.PeopleSorted[p] : 1;
        return new CandidateCoverage(start, members, weight);
    }

    struct Count(byte[]? excluded) : CoverageIndex.IVisitor
    {
        public int Found { get; private set; }
        public readonly bool Skip(int position) => excluded is not null && excluded[position] != 0;
        public void Within(int position) => Found++;
    }

    /// <summary>Writes households, renamed from cell order to the caller's order, from <c>next</c> on.</summary>
    struct Write(int[] members, int next, int[] original, byte[]? excluded) : CoverageIndex.IVisitor
    {
        public readonly bool Skip(int position) => excluded is not null && excluded[position] != 0;
        public void Within(int position) => members[next++] = original[position];
    }

    /// <summary>The weight each candidate covers on its own (computed on first use).</summary>
    internal long[] SingleSiteGains()
    {
        if (_singleSiteGains is not null) return _singleSiteGains;
        var gains = new long[Candidates];
        for (int c = 0; c < gains.Length; c++)
            foreach (int e in Covers(c)) gains[c] += _weight[e];
        return _singleSiteGains = gains;
    }

    /// <summary>For each element, the candidates covering it (built on first use).</summary>
    internal (int[] Start, int[] Candidates) ByElement()
    {
        if (_byElement is not null) return (_byElementStart!, _byElement);
        var start = new int[Elements + 1];
        foreach (int e in _members) start[e + 1]++;
        for (int e = 0; e < Elements; e++) start[e + 1] += start[e];
        var next = (int[])start.Clone();
        var byElement = new int[_members.Length];
        for (int c = 0; c < Candidates; c++)
            foreach (int e in Covers(c)) byElement[next[e]++] = c;
        (_byElementStart, _byElement) = (start, byElement);
        return (start, byElement);
    }
}
