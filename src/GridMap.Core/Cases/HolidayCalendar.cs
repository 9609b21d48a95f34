using System.Text.Json;

namespace GridMap.Core.Cases;

/// <summary>A date with what it is called, e.g. 2026-02-14 "春节调休上班".</summary>
public sealed record NamedDate(DateOnly Date, string Name);

/// <summary>
/// Official days off (法定节假日, whole 放假调休 ranges) and make-up working days (调休上班: a
/// Saturday or Sunday that is worked), as announced each year by the State Council.
/// </summary>
public sealed class HolidayCalendar
{
    readonly Dictionary<DateOnly, string> holidays;
    readonly Dictionary<DateOnly, string> workdays;

    public static HolidayCalendar None { get; } = new([], []);

    /// <exception cref="InvalidDataException">A date listed twice, in both lists, or a make-up day that is not a weekend.</exception>
    public HolidayCalendar(IEnumerable<NamedDate> holidays, IEnumerable<NamedDate> workdays)
    {
        this.holidays = ToDictionary(holidays, "holidays");
        this.workdays = ToDictionary(workdays, "workdays");
        foreach (var day in this.workdays.Keys)
        {
            if (this.holidays.ContainsKey(day))
                throw new InvalidDataException($"{day:yyyy-MM-dd} is listed both as a holiday and as a make-up working day.");
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                throw new InvalidDataException($"Make-up working day {day:yyyy-MM-dd} is a {day.DayOfWeek}, not a weekend day.");
        }
    }

    public IEnumerable<NamedDate> Holidays => holidays.Select(p => new NamedDate(p.Key, p.Value)).OrderBy(d => d.Date);
    public IEnumerable<NamedDate> MakeUpWorkdays => workdays.Select(p => new NamedDate(p.Key, p.Value)).OrderBy(d => d.Date);

    public bool IsHoliday(DateOnly day) => holidays.ContainsKey(day);
    public bool IsMakeUpWorkday(DateOnly day) => workdays.ContainsKey(day);

    /// <summary>The holiday or make-up day's name, or null for an ordinary day.</summary>
    public string? NameOf(DateOnly day) =>
        holidays.TryGetValue(day, out var name) || workdays.TryGetValue(day, out name) ? name : null;

    public static HolidayCalendar Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads {"holidays":[{"date":"2026-01-01","name":"元旦"}, ...], "workdays":[...]}; other keys are ignored.</summary>
    /// <exception cref="InvalidDataException">A list is missing or malformed, or the dates contradict each other.</exception>
    public static HolidayCalendar Parse(string json)
    {
        HolidayFile? file;
        try { file = JsonSerializer.Deserialize(json, CasesJson.Default.HolidayFile); }
        catch (JsonException e) { throw new InvalidDataException($"Holiday calendar: {e.Message}", e); }
        if (file is null) throw new InvalidDataException("The holiday calendar is empty.");
        return new HolidayCalendar(file.Holidays, file.Workdays);
    }

    static Dictionary<DateOnly, string> ToDictionary(IEnumerable<NamedDate> dates, string list)
    {
        var result = new Dictionary<DateOnly, string>();
        foreach (var d in dates)
            if (!result.TryAdd(d.Date, d.Name))
                throw new InvalidDataException($"{d.Date:yyyy-MM-dd} is listed twice in {list}.");
        return result;
    }
}
