namespace GridMap.Core.Cases;

/// <summary>One department summoned by a whistle (吹哨) and whether it has confirmed (报到).</summary>
public sealed record Summons(string Department, DateTimeOffset SummonedAt, DateTimeOffset DueAt, DateTimeOffset? ConfirmedAt = null)
{
    public bool IsConfirmed => ConfirmedAt is not null;

    /// <summary>Confirmed after <see cref="DueAt"/>, or still unconfirmed with <paramref name="now"/> past it.</summary>
    public bool IsLate(DateTimeOffset now) => (ConfirmedAt ?? now) > DueAt;
}

/// <summary>
/// The whistles blown on one case: which departments were summoned, which have confirmed and
/// which have not. Immutable; each change returns a new value to store.
/// </summary>
public sealed class Escalation
{
    public static Escalation None { get; } = new([]);

    /// <exception cref="ArgumentException">A department appears twice.</exception>
    public Escalation(IEnumerable<Summons> summonses)
    {
        Summonses = [.. summonses];
        var twice = Summonses.GroupBy(s => s.Department).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"Department {twice.Key} is summoned twice.", nameof(summonses));
    }

    /// <summary>In the order they were summoned.</summary>
    public IReadOnlyList<Summons> Summonses { get; }

    public IEnumerable<Summons> Confirmed => Summonses.Where(s => s.IsConfirmed);
    public IEnumerable<Summons> Pending => Summonses.Where(s => !s.IsConfirmed);
    public IEnumerable<Summons> Late(DateTimeOffset now) => Summonses.Where(s => s.IsLate(now));

    /// <summary>
    /// Summons departments at <paramref name="at"/>, each due within its own confirmation limit
    /// on <paramref name="clock"/>. A department already summoned keeps its first summons.
    /// </summary>
    public Escalation Summon(IEnumerable<FunctionalDepartment> departments, DateTimeOffset at, WorkingClock clock)
    {
        var known = Summonses.Select(s => s.Department).ToHashSet();
        var added = departments
            .Where(d => known.Add(d.Code))
            .Select(d => new Summons(d.Code, at, clock.Deadline(at, d.ConfirmLimit)));
        return new([.. Summonses, .. added]);
    }

    /// <summary>Records 报到. Confirming twice keeps the first time, so a retried request is harmless.</summary>
    /// <exception cref="ArgumentException">The department was not summoned.</exception>
    public Escalation Confirm(string department, DateTimeOffset at)
    {
        if (Summonses.All(s => s.Department != department))
            throw new ArgumentException($"Department {department} was not summoned on this case.", nameof(department));
        return new(Summonses.Select(s => s.Department == department && !s.IsConfirmed ? s with { ConfirmedAt = at } : s));
    }
}
