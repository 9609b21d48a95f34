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
    /// The households within <paramref name="radiusMetres"/> of each candidate, leaving out those
    /// <paramref name="existing"/> already covers. Each weighs 1, or its people with
    /// <paramref name="weighByPeople"/>. Elements are households by the caller's index.
    /// </summary>
    public static CandidateCoverage Of(CoverageIndex households, IReadOnlyList<SiteCandidate> candidates, double radiusMetres,
        CoverageResult? existing = null, bool weighByPeople = false)
    {
        CoverageIndex.CheckRadius(radiusMetres);
        var excluded = existing?.CoveredSorted;
        if (existing is not null && existing.Households != households.Households)
            throw new ArgumentException("existing coverage belongs to another index", nameof(existing));
        // Chunks of candidates fill their own buffers in parallel; the buffers are then laid end to
        // end, households renamed from cell order to the caller's order on the way.
        int chunkSize = Math.Max(1, candidates.Count / 64);
        int chunks = (candidates.Count + chunkSize - 1) / chunkSize;
        var buffers = new List<int>[chunks];
        var start = new int[candidates.Count + 1];
        Parallel.For(0, chunks, chunk =>
        {
            var buffer = buffers[chunk] = new List<int>();
            for (int c = chunk * chunkSize; c < Math.Min(candidates.Count, (chunk + 1) * chunkSize); c++)
            {
                int before = buffer.Count;
                var collect = new Collect(buffer, excluded);
                households.Visit(candidates[c].Lon, candidates[c].Lat, radiusMetres, ref collect);
                start[c + 1] = buffer.Count - before;
            }
        });
        for (int c = 0; c < candidates.Count; c++) start[c + 1] = checked(start[c] + start[c + 1]);
        var members = new int[start[^1]];
        Parallel.For(0, chunks, chunk =>
        {
            int offset = start[chunk * chunkSize];
            foreach (int position in buffers[chunk]) members[offset++] = households.Original[position];
        });
        var weight = new int[households.Households];
        for (int p = 0; p < weight.Length; p++) weight[households.Original[p]] = weighByPeople ? households.PeopleSorted[p] : 1;
        return new CandidateCoverage(start, members, weight);
    }

    readonly struct Collect(List<int> within, byte[]? excluded) : CoverageIndex.IVisitor
    {
        public bool Skip(int position) => excluded is not null && excluded[position] != 0;
        public void Within(int position) => within.Add(position);
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
