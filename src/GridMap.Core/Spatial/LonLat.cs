namespace GridMap.Core.Spatial;

/// <summary>
/// The ranges of WGS84 longitude and latitude in degrees, which every position GridMap takes in
/// must lie within (an imported boundary, a reported case, a staff member's or a station's place).
/// </summary>
public static class LonLat
{
    /// <summary>−180 to 180; false for NaN and infinities too.</summary>
    public static bool IsLon(double lon) => lon is >= -180 and <= 180;

    /// <summary>−90 to 90; false for NaN and infinities too.</summary>
    public static bool IsLat(double lat) => lat is >= -90 and <= 90;

    public const string LonRange = "−180 to 180";
    public const string LatRange = "−90 to 90";
}
