namespace GridMap.Core.Cases;

/// <summary>A half-open stretch of time [From, To), e.g. a case parked from one moment until another.</summary>
public readonly record struct TimeRange
{
    public TimeRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from) throw new ArgumentException($"A time range cannot end ({to:O}) before it starts ({from:O}).", nameof(to));
        From = from;
        To = to;
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }
    public TimeSpan Length => To - From;
}
