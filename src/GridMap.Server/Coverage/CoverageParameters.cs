namespace GridMap.Server.Coverage;

/// <summary>Which stations count: one level or all, with or without the planned ones.</summary>
public sealed record StationFilter(string Level, bool IncludePlanned)
{
    public static readonly string[] Levels = ["all", "district", "street", "community", "grid"];

    public bool Admits(PlannerStation s) => (Level == "all" || s.Level == Level) && (IncludePlanned || s.Status != "planned");
}

/// <summary>
/// The query string of the coverage endpoints: <c>areaId</c> (default: the district),
/// <c>stationLevel</c> (all | district | street | community | grid; default all),
/// <c>includePlanned</c> (default true: planned stations count, so that accepting a suggestion
/// shows at once), <c>radiusM</c> (one radius for every station; default: each station's own),
/// <c>mode</c> (straight | walking; default straight).
/// </summary>
public sealed class CoverageParameters
{
    public const double MaxRadiusM = 20_000; // as service_stations.radius_m allows

    public long? AreaId { get; init; }
    public string? StationLevel { get; init; }
    public bool? IncludePlanned { get; init; }
    public double? RadiusM { get; init; }
    public string? Mode { get; init; }

    public Dictionary<string, string[]> Check()
    {
        var errors = new Dictionary<string, string[]>();
        if (StationLevel is not null && !StationFilter.Levels.Contains(StationLevel))
            errors["stationLevel"] = [$"stationLevel must be one of {string.Join(", ", StationFilter.Levels)}"];
        if (RadiusM is { } r && !(r > 0 && r <= MaxRadiusM))
            errors["radiusM"] = [$"radiusM must be more than 0 and at most {MaxRadiusM} metres"];
        if (Mode is not null && Mode is not ("straight" or "walking"))
            errors["mode"] = ["mode must be straight or walking"];
        return errors;
    }

    public StationFilter Filter => new(StationLevel ?? "all", IncludePlanned ?? true);
    public bool Walking => Mode == "walking";
}
