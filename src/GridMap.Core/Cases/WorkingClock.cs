using System.Diagnostics;

namespace GridMap.Core.Cases;

/// <summary>
/// Counts working time on a <see cref="WorkCalendar"/> in China Standard Time (UTC+8, no daylight
/// saving): deadlines from limits, and how much working time lies between two moments. Pauses
/// (a case parked or waiting for an extension decision) are cut out of the working time.
/// Results are given at offset +08:00.
/// </summary>
public sealed class WorkingClock(WorkCalendar calendar)
{
    public static TimeSpan ChinaStandardTime { get; } = TimeSpan.FromHours(8);

    public WorkCalendar Calendar => calendar;

    public DateTimeOffset Deadline(DateTimeOffset start, TimeSpan workingLimit) => Deadline(start, workingLimit, []);

    /// <summary>
    /// The earliest moment by which <paramref name="workingLimit"/> of working time, outside the
    /// pauses, has passed since <paramref name="start"/>. A limit used up exactly at 12:00 is due at
    /// 12:00, not when work resumes. A zero limit is due at <paramref name="start"/>.
    /// </summary>
    public DateTimeOffset Deadline(DateTimeOffset start, TimeSpan workingLimit, IEnumerable<TimeRange> pauses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingLimit, TimeSpan.Zero);
        var from = start.ToOffset(ChinaStandardTime);
        var remaining = workingLimit;
        if (remaining == TimeSpan.Zero) return from;
        foreach (var stretch in WorkingStretches(from, Merge(pauses)))
        {
            if (stretch.Length >= remaining) return stretch.From + remaining;
            remaining -= stretch.Length;
        }
        throw new UnreachableException("Working stretches never run out.");
    }

    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to) => WorkingTimeBetween(from, to, []);

    /// <summary>
    /// Working time in [from, to) outside the pauses; negative when <paramref name="to"/> is
    /// earlier, so <c>WorkingTimeBetween(now, deadline)</c> is the time left and turns negative once overdue.
    /// </summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to, IEnumerable<TimeRange> pauses)
    {
        if (to < from) return -WorkingTimeBetween(to, from, pauses);
        var total = TimeSpan.Zero;
        foreach (var stretch in WorkingStretches(from.ToOffset(ChinaStandardTime), Merge(pauses)))
        {
            if (stretch.From >= to) break;
            total += (stretch.To < to ? stretch.To : to) - stretch.From;
        }
        return total;
    }

    /// <summary>The working stretches from <paramref name="from"/> on, in order, pauses cut out. Endless.</summary>
    IEnumerable<TimeRange> WorkingStretches(DateTimeOffset from, List<TimeRange> pauses)
    {
        var p = 0;
        for (var day = DateOnly.FromDateTime(from.DateTime); ; day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day)) continue;
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaStandardTime);
            foreach (var period in calendar.Periods)
            {
                var start = midnight + period.Start;
                var end = midnight + period.End;
                if (start < from) start = from;
                while (start < end)
                {
                    while (p < pauses.Count && pauses[p].To <= start) p++;
                    if (p == pauses.Count || pauses[p].From >= end)
                    {
                        yield return new(start, end);
                        break;
                    }
                    if (pauses[p].From > start) yield return new(start, pauses[p].From);
                    start = pauses[p].To;
                }
            }
        }
    }

    /// <summary>Pauses sorted and merged, so overlapping ones are not subtracted twice.</summary>
    static List<TimeRange> Merge(IEnumerable<TimeRange> pauses)
    {
        var merged = new List<TimeRange>();
        foreach (var pause in pauses.Where(x => x.Length > TimeSpan.Zero).OrderBy(x => x.From))
        {
            if (merged.Count > 0 && pause.From <= merged[^1].To)
            {
                if (pause.To > merged[^1].To) merged[^1] = new(merged[^1].From, pause.To);
            }
            else merged.Add(pause);
        }
        return merged;
    }
}
