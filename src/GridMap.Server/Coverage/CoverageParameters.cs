namespace GridMap.Server.Coverage;

/// <summary>Which stations count: one level or all, with or without the planned ones.</summary>
public sealed record StationFilter(string Level, bool IncludePlanned)
{
    public static readonly string[] Levels = ["all", .. AreaNames.StationLevels.Select(l => l.Name())];

    /// <summary>What a question that names no filter counts: every station, planned ones too.</summary>
    public static readonly StationFilter Default = new("all", true);

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

    public StationFilter Filter => new(StationLevel ?? StationFilter.Default.Level, IncludePlanned ?? StationFilter.Default.IncludePlanned);
    public bool Walking => Mode == "walking";
}

/// <summary>
/// The query string as sent, parsed here rather than by the framework so that a malformed number
/// or flag is a 400 that names its field like any other mistake.
/// </summary>
public sealed record CoverageQuery(string? AreaId, string? StationLevel, string? IncludePlanned, string? RadiusM, string? Mode)
{
    public (CoverageParameters Parameters, Dictionary<string, string[]> Errors) Parse()
    {
        var errors = new Dictionary<string, string[]>();
        long? areaId = null;
        if (AreaId is not null)
        {
            if (long.TryParse(AreaId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) areaId = id;
            else errors["areaId"] = ["areaId must be an area's id (a whole number)"];
        }
        bool? includePlanned = null;
        if (IncludePlanned is not null)
        {
            if (bool.TryParse(IncludePlanned, out var b)) includePlanned = b;
            else errors["includePlanned"] = ["includePlanned must be true or false"];
        }
        double? radius = null;
        if (RadiusM is not null)
        {
            if (QueryNumbers.TryParse(RadiusM, out var r)) radius = r;
            else errors["radiusM"] = ["radiusM must be a number of metres"];
        }
        var parameters = new CoverageParameters { AreaId = areaId, StationLevel = StationLevel, IncludePlanned = includePlanned, RadiusM = radius, Mode = Mode };
        foreach (var (field, reasons) in parameters.Check()) errors.TryAdd(field, reasons);
        return (parameters, errors);
    }
}
