namespace GridMap.Demo;

/// <summary>
/// SplitMix64: a specified generator, unlike <see cref="Random"/>, so a seed gives the same demo
/// district on every .NET version. Each stage draws from its own named stream, so that adding
/// staff does not move every household.
/// </summary>
sealed class DemoRandom(ulong state)
{
    public static DemoRandom Stream(int seed, string name) => new(Mix((ulong)(uint)seed, Fnv(name)));

    /// <summary>A value in [0, 1) that depends only on its arguments: jitter that no draw order can move.</summary>
    public static double Hash(int seed, long a, long b, long c) =>
        Unit(Mix(Mix(Mix((ulong)(uint)seed, (ulong)a), (ulong)b), (ulong)c));

    public double NextDouble() => Unit(Next64());
    public double Between(double min, double max) => min + (max - min) * NextDouble();
    public int Next(int maxExclusive) => (int)(NextDouble() * maxExclusive);
    public int Next(int min, int maxInclusive) => min + Next(maxInclusive - min + 1);
    public bool Chance(double probability) => NextDouble() < probability;
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>An index drawn with the given weights.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var r = NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count - 1; i++)
            if ((r -= weights[i]) < 0) return i;
        return weights.Count - 1;
    }

    /// <summary>A few distinct items in a random order (partial Fisher–Yates).</summary>
    public List<T> Sample<T>(IReadOnlyList<T> items, int count)
    {
        var copy = items.ToList();
        for (var i = 0; i < count; i++)
        {
            var j = i + Next(copy.Count - i);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy.GetRange(0, count);
    }

    ulong Next64() => Finish(state += Golden);

    const ulong Golden = 0x9E3779B97F4A7C15;
    static ulong Mix(ulong a, ulong b) => Finish(a * Golden + b + Golden);
    static ulong Finish(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
    static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    static ulong Fnv(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in s) h = (h ^ ch) * 1099511628211UL;
        return h;
    }
}
