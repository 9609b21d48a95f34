namespace GridMap.Core.Spatial;

/// <summary>
/// The offsets Chinese web maps apply to WGS84: GCJ-02 (国测局, used by Amap and Tencent) and
/// BD-09 (Baidu, GCJ-02 offset once more). The forward formulas are the ones published with the
/// open reimplementations (googollee/eviltransform, wandergis/coordtransform); the official
/// inverse is not published, so it is found by fixed-point iteration of the forward formula,
/// to within <see cref="InverseToleranceDegrees"/> (about 1 cm), well inside the 0.5 m asked.
/// Outside China's rough bounding box GCJ-02 is WGS84, as the services themselves treat it.
/// </summary>
public static class ChinaOffsets
{
    public const double InverseToleranceDegrees = 1e-7;
    const int MaxIterations = 30;

    // Krasovsky 1940 semi-major axis and eccentricity², as the published formula uses them.
    const double A = 6378245.0;
    const double Ee = 0.00669342162296594323;
    const double BdPi = Math.PI * 3000.0 / 180.0;

    public static bool OutsideChina(double lon, double lat) => lon is < 72.004 or > 137.8347 || lat is < 0.8293 or > 55.8271;

    public static (double Lon, double Lat) Gcj02FromWgs84(double lon, double lat)
    {
        if (OutsideChina(lon, lat)) return (lon, lat);
        var dLat = OffsetLat(lon - 105.0, lat - 35.0);
        var dLon = OffsetLon(lon - 105.0, lat - 35.0);
        var radLat = lat / 180.0 * Math.PI;
        var magic = 1 - Ee * Math.Sin(radLat) * Math.Sin(radLat);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (A * (1 - Ee) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (A / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (lon + dLon, lat + dLat);
    }

    public static (double Lon, double Lat) Bd09FromGcj02(double lon, double lat)
    {
        var z = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * BdPi);
        var theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * BdPi);
        return (z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    public static (double Lon, double Lat) Bd09FromWgs84(double lon, double lat)
    {
        var (gLon, gLat) = Gcj02FromWgs84(lon, lat);
        return Bd09FromGcj02(gLon, gLat);
    }

    public static (double Lon, double Lat) Wgs84FromGcj02(double lon, double lat) => Invert(Gcj02FromWgs84, lon, lat);

    public static (double Lon, double Lat) Wgs84FromBd09(double lon, double lat) => Invert(Bd09FromWgs84, lon, lat);

    /// <summary>
    /// The point whose image under <paramref name="forward"/> is (lon, lat): the offsets change
    /// slowly with position (far less than 1 per degree), so stepping back by the residual converges
    /// in a handful of steps.
    /// </summary>
    static (double Lon, double Lat) Invert(Func<double, double, (double Lon, double Lat)> forward, double lon, double lat)
    {
        var (x, y) = (lon, lat);
        for (var i = 0; i < MaxIterations; i++)
        {
            var (fx, fy) = forward(x, y);
            var (dx, dy) = (fx - lon, fy - lat);
            if (Math.Abs(dx) < InverseToleranceDegrees / 10 && Math.Abs(dy) < InverseToleranceDegrees / 10) break;
            x -= dx;
            y -= dy;
        }
        return (x, y);
    }

    static double OffsetLat(double x, double y)
    {
        var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    static double OffsetLon(double x, double y)
    {
        var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
