namespace GridMap.Core.Tests.Coverage;

/// <summary>Random test data in a box around Haimen (31.87°N, 121.17°E), and brute-force answers.</summary>
static class Haimen
{
    public const double Lon = 121.17, Lat = 31.87;

    public static (double[] Lon, double[] Lat, int[] People) Households(int count, Random random, double halfWidthDegrees = 0.05)
    {
        var (lon, lat, people) = (new double[count], new double[count], new int[count]);
        for (int i = 0; i < count; i++)
        {
            lon[i] = Lon + (random.NextDouble() * 2 - 1) * halfWidthDegrees;
            lat[i] = Lat + (random.NextDouble() * 2 - 1) * halfWidthDegrees;
            people[i] = 1 + random.Next(6);
        }
        return (lon, lat, people);
    }

    public static List<Station> Stations(int count, Random random, double minRadius, double maxRadius, double halfWidthDegrees = 0.05)
    {
        var stations = new List<Station>();
        for (int i = 0; i < count; i++)
            stations.Add(new Station(
                Lon + (random.NextDouble() * 2 - 1) * halfWidthDegrees,
                Lat + (random.NextDouble() * 2 - 1) * halfWidthDegrees,
                minRadius + random.NextDouble() * (maxRadius - minRadius)));
        return stations;
    }

    /// <summary>A point at the given geodesic distance from (lon, lat) towards a bearing, found by bisection.</summary>
    public static (double Lon, double Lat) AtDistance(double lon, double lat, double bearingRadians, double metres)
    {
        double dLon = Math.Sin(bearingRadians) / Math.Cos(lat * Math.PI / 180), dLat = Math.Cos(bearingRadians);
        double low = 0, high = metres / 100_000 + 1e-6; // degrees along the direction
        for (int i = 0; i < 200 && high - low > 1e-15; i++)
        {
            double mid = (low + high) / 2;
            if (Geodesic.DistanceMetres(lon, lat, lon + mid * dLon, lat + mid * dLat) < metres) low = mid; else high = mid;
        }
        return (lon + high * dLon, lat + high * dLat);
    }

    public static bool[] BruteForceCovered(double[] lon, double[] lat, IReadOnlyList<Station> stations, double? radiusOverride = null)
    {
        var covered = new bool[lon.Length];
        for (int i = 0; i < lon.Length; i++)
            foreach (var s in stations)
                if (Geodesic.DistanceMetres(s.Lon, s.Lat, lon[i], lat[i]) <= (radiusOverride ?? s.RadiusMetres))
                {
                    covered[i] = true;
                    break;
                }
        return covered;
    }
}
