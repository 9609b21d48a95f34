using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridMap.Server.Cases;

public static class CaseServices
{
    /// <summary>
    /// The category catalogue and holiday calendar from the data folder (loaded once at start-up:
    /// a broken file stops the server rather than mis-timing cases), the clocks built on them,
    /// the application clock (replaceable in tests) and the overdue watcher.
    /// </summary>
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        var data = ReferenceData.Find();
        var holidays = HolidayCalendar.Load(Path.Combine(data, "holidays.json"));
        services.AddSingleton(CaseCatalogue.Load(Path.Combine(data, "case-categories.json")));
        services.AddSingleton(holidays);
        services.AddSingleton(CaseClocks.Default(holidays));
        services.AddScoped<CaseIntake>();
        services.AddSingleton<ReportFiler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportFiler>());
        services.AddScoped<CaseTransitions>();
        services.AddSingleton<OverdueWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OverdueWatcher>());
        return services;
    }
}

/// <summary>
/// The repository's <c>data/</c> (categories, holidays, demo district), as <see cref="WebRoot"/>
/// finds <c>web/</c>; <c>GRIDMAP_DATA</c> names another. Not the server's own files
/// (<see cref="Server.StateFolder"/>).
/// </summary>
static class ReferenceData
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("GRIDMAP_DATA") is { Length: > 0 } data) return data;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridMap.sln"))) return Path.Combine(dir.FullName, "data");
        // A published image keeps it beside the binaries (the Dockerfile copies data/ to /app/data).
        return Path.Combine(AppContext.BaseDirectory, "data");
    }
}
