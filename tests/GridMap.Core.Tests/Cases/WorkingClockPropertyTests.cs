using System.Text.Json;
using static GridMap.Core.Tests.Cases.DataFiles;

namespace GridMap.Core.Tests.Cases;

/// <summary>
/// The clock against a minute-by-minute count written separately: its own reading of
/// holidays.json and its own rule for which minutes are worked.
/// </summary>
public class WorkingClockPropertyTests
{
    static readonly WorkingClock Office = new(WorkCalendar.Office(Holidays));
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    static readonly (HashSet<DateOnly> Off, HashSet<DateOnly> On) Days = ReadDays();

    static (HashSet<DateOnly>, HashSet<DateOnly>) ReadDays()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf("holidays.json")));
        HashSet<DateOnly> Dates(string list) =>
            [.. doc.RootElement.GetProperty(list).EnumerateArray().Select(e => DateOnly.Parse(e.GetProperty("date").GetString()!))];
        return (Dates("holidays"), Dates("workdays"));
    }

    static bool Worked(DateTimeOffset minute, TimeRange[] pauses)
    {
        var local = minute.ToOffset(TimeSpan.FromHours(8));
        var day = DateOnly.FromDateTime(local.DateTime);
        var workingDay = !Days.Off.Contains(day) && (Days.On.Contains(day) || local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        var t = local.TimeOfDay;
        var inHours = (t >= new TimeSpan(8, 30, 0) && t < new TimeSpan(12, 0, 0)) || (t >= new TimeSpan(13, 30, 0) && t < new TimeSpan(17, 30, 0));
        return workingDay && inHours && !pauses.Any(p => p.From <= minute && minute < p.To);
    }

    static DateTimeOffset CountedDeadline(DateTimeOffset start, int limitMinutes, TimeRange[] pauses)
    {
        if (limitMinutes == 0) return start;
        for (var (t, counted) = (start, 0); ; t += Minute)
            if (Worked(t, pauses) && ++counted == limitMinutes) return t + Minute;
    }

    static TimeSpan CountedBetween(DateTimeOffset from, DateTimeOffset to, TimeRange[] pauses)
    {
        var minutes = 0;
        for (var t = from; t < to; t += Minute) if (Worked(t, pauses)) minutes++;
        return TimeSpan.FromMinutes(minutes);
    }

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Deadline_matches_a_minute_by_minute_count_and_working_time_between_inverts_it(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 60; i++)
        {
            // Minute-aligned starts over both years of the calendar, limits up to 60 working hours.
            var start = At("2024-12-20 00:00") + TimeSpan.FromMinutes(random.Next(0, 2 * 366 * 24 * 60));
            var limit = random.Next(4) == 0 ? random.Next(0, 30) : random.Next(0, 60 * 60);
            var pauses = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ =>
                {
                    var from = start + TimeSpan.FromMinutes(random.Next(-3 * 24 * 60, 10 * 24 * 60));
                    return new TimeRange(from, from + TimeSpan.FromMinutes(random.Next(0, 3 * 24 * 60)));
                })
                .ToArray();

            var due = Office.Deadline(start, TimeSpan.FromMinutes(limit), pauses);
            Assert.Equal(CountedDeadline(start, limit, pauses), due);
            Assert.Equal(TimeSpan.FromMinutes(limit), Office.WorkingTimeBetween(start, due, pauses));

            var end = start + TimeSpan.FromMinutes(random.Next(0, 14 * 24 * 60));
            var between = Office.WorkingTimeBetween(start, end, pauses);
            Assert.Equal(CountedBetween(start, end, pauses), between);
            // The deadline for that much work is no later than the end, and nothing is worked in between.
            var back = Office.Deadline(start, between, pauses);
            Assert.True(back <= end);
            Assert.Equal(TimeSpan.Zero, Office.WorkingTimeBetween(back, end, pauses));
        }
    }
}
