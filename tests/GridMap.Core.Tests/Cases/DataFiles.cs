namespace GridMap.Core.Tests.Cases;

/// <summary>The repository's data/ files, found by walking up from the test binaries.</summary>
static class DataFiles
{
    public static string PathOf(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"data/{name} not found above {AppContext.BaseDirectory}");
    }

    public static HolidayCalendar Holidays { get; } = HolidayCalendar.Load(PathOf("holidays.json"));
    public static CaseCatalogue Catalogue { get; } = CaseCatalogue.Load(PathOf("case-categories.json"));

    /// <summary>A moment in China Standard Time, e.g. At("2026-02-13 16:00").</summary>
    public static DateTimeOffset At(string local) =>
        new(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", null), TimeSpan.FromHours(8));
}
