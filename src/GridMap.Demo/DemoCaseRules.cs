using GridMap.Core.Cases;

namespace GridMap.Demo;

/// <summary>What generated cases follow: the category catalogue (limits) and the clocks (holidays) the server uses.</summary>
public sealed record DemoCaseRules(CaseCatalogue Catalogue, CaseClocks Clocks)
{
    /// <summary>From the repository's data/ (or GRIDMAP_DATA), as the server loads them.</summary>
    public static DemoCaseRules FromDataFolder()
    {
        var data = DataFolder();
        return new(CaseCatalogue.Load(Path.Combine(data, "case-categories.json")),
            CaseClocks.Default(HolidayCalendar.Load(Path.Combine(data, "holidays.json"))));
    }

    /// <summary>
    /// A functional department's demo sign-in, <c>dept-&lt;department code&gt;</c>, which reports (报到)
    /// in the cases' trails. The demo load's users (Server's Demo/DemoUsers.cs) are made by this rule.
    /// </summary>
    public static string DepartmentUsername(string department) => $"dept-{department}";

    static string DataFolder()
    {
        if (Environment.GetEnvironmentVariable("GRIDMAP_DATA") is { Length: > 0 } data) return data;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "data", "case-categories.json"))) return Path.Combine(dir.FullName, "data");
        return Path.Combine(AppContext.BaseDirectory, "data");
    }
}
