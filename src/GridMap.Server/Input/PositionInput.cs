namespace GridMap.Server.Input;

/// <summary>
/// The one check of a lon/lat pair given to the API, in a body or a query string: each of
/// <c>lon</c> and <c>lat</c> that is missing, not a number or out of range is named with the
/// reason, for a 400 ValidationProblem.
/// </summary>
public static class PositionInput
{
    public static readonly string LonReason = $"lon must be a number from {LonLat.LonRange}";
    public static readonly string LatReason = $"lat must be a number from {LonLat.LatRange}";

    /// <summary>Field → reason; empty when both are given and in range.</summary>
    public static Dictionary<string, string[]> Problems(double? lon, double? lat)
    {
        var errors = new Dictionary<string, string[]>();
        if (lon is not { } x || !LonLat.IsLon(x)) errors["lon"] = [LonReason];
        if (lat is not { } y || !LonLat.IsLat(y)) errors["lat"] = [LatReason];
        return errors;
    }

    /// <summary>As <see cref="Problems(double?, double?)"/> for query-string text, read by <see cref="QueryNumbers"/>.</summary>
    public static Dictionary<string, string[]> Problems(string? lon, string? lat, out double x, out double y)
    {
        x = lon is not null && QueryNumbers.TryParse(lon, out var a) ? a : double.NaN;
        y = lat is not null && QueryNumbers.TryParse(lat, out var b) ? b : double.NaN;
        return Problems(x, y);
    }

    /// <summary>A place that may be left out: neither, or both in range.</summary>
    public static Dictionary<string, string[]> OptionalProblems(double? lon, double? lat)
    {
        var errors = new Dictionary<string, string[]>();
        if (lon is { } x && !LonLat.IsLon(x)) errors["lon"] = [LonReason];
        if (lat is { } y && !LonLat.IsLat(y)) errors["lat"] = [LatReason];
        if (errors.Count == 0 && (lon is null) != (lat is null)) errors[lon is null ? "lon" : "lat"] = ["give lon and lat together, or neither"];
        return errors;
    }
}
