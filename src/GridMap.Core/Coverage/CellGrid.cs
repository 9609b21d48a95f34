using GridMap.Core.Spatial;

namespace GridMap.Core.Coverage;

/// <summary>
/// The buckets of a <see cref="CoverageIndex"/>: a row-major grid of lon/lat cells over the
/// households' extent, so that the cells of one row between two longitudes are consecutive.
/// </summary>
readonly record struct CellGrid(double West, double South, double CellLonDegrees, double CellLatDegrees, int Columns, int Rows)
{
    const double DegreesPerRadian = 180 / Math.PI;
    const double E2 = Geodesic.F * (2 - Geodesic.F);
    const double LeastMeridianRadius = Geodesic.A * (1 - E2); // at the equator

    public int Cells => Columns * Rows;

    /// <summary>
    /// Cells about <paramref name="cellMetres"/> on a side at the middle latitude, made coarser
    /// when the extent would need more than four cells per household.
    /// </summary>
    public static CellGrid Fit(double west, double east, double south, double north, double cellMetres, int households)
    {
        double midLat = Math.Clamp((south + north) / 2, -85, 85);
        while (true)
        {
            double cellLat = cellMetres / LeastMeridianRadius * DegreesPerRadian;
            double cellLon = cellMetres / ParallelRadius(midLat) * DegreesPerRadian;
            int columns = (int)Math.Min(int.MaxValue / 4, Math.Floor((east - west) / cellLon) + 1);
            int rows = (int)Math.Min(int.MaxValue / 4, Math.Floor((north - south) / cellLat) + 1);
            if ((long)columns * rows <= Math.Max(4096, 4L * households))
                return new CellGrid(west, south, cellLon, cellLat, columns, rows);
            cellMetres *= 2;
        }
    }

    public int CellOf(double lon, double lat) =>
        Math.Min(Rows - 1, (int)((lat - South) / CellLatDegrees)) * Columns + Math.Min(Columns - 1, (int)((lon - West) / CellLonDegrees));

    public (int First, int Last) RowsBetween(double south, double north) =>
        (Math.Max(0, (int)Math.Floor((south - South) / CellLatDegrees)), Math.Min(Rows - 1, (int)Math.Floor((north - South) / CellLatDegrees)));

    public (int First, int Last) ColumnsBetween(double west, double east) =>
        (Math.Max(0, (int)Math.Floor((west - West) / CellLonDegrees)), Math.Min(Columns - 1, (int)Math.Floor((east - West) / CellLonDegrees)));

    /// <summary>
    /// How far in latitude and longitude (degrees) a path of the given length can go from a point:
    /// latitude changes by at most length / (least meridian radius), longitude by at most
    /// length / (radius of the smallest parallel the path can reach); 360 when that takes in a pole.
    /// </summary>
    public static (double Lat, double Lon) ReachDegrees(double lat, double metres)
    {
        const double slack = 1 + 1e-9;
        double dLat = metres / LeastMeridianRadius * DegreesPerRadian * slack + 1e-12;
        double farLat = Math.Max(Math.Abs(lat - dLat), Math.Abs(lat + dLat));
        double dLon = farLat >= 90 ? 360 : metres / ParallelRadius(farLat) * DegreesPerRadian * slack + 1e-12;
        return (dLat, dLon);
    }

    /// <summary>Radius of the parallel of latitude: N(φ)·cos φ.</summary>
    static double ParallelRadius(double latDegrees)
    {
        var (sin, cos) = Math.SinCos(latDegrees / DegreesPerRadian);
        return Geodesic.A * cos / Math.Sqrt(1 - E2 * sin * sin);
    }
}
