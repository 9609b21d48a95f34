using System.Diagnostics;
using GridMap.Core.Coverage;

namespace GridMap.Bench.Coverage;

/// <summary>Uniform random points in a box of about 38 km × 33 km around Haimen (31.87°N, 121.17°E).</summary>
static class Workload
{
    public const double Lon = 121.17, Lat = 31.87, HalfLon = 0.2, HalfLat = 0.15;

    public static (double[] Lon, double[] Lat, int[] People) Households(int count, Random random)
    {
        var (lon, lat, people) = (new double[count], new double[count], new int[count]);
        for (int i = 0; i < count; i++)
        {
            lon[i] = Lon + (random.NextDouble() * 2 - 1) * HalfLon;
            lat[i] = Lat + (random.NextDouble() * 2 - 1) * HalfLat;
            people[i] = 1 + random.Next(5);
        }
        return (lon, lat, people);
    }

    /// <summary>
    /// Households placed just inside and just outside station circles (±1 µm to ±0.5 m), where
    /// an approximate distance would disagree with PostGIS; found by bisection on the geodesic.
    /// </summary>
    public static (double[] Lon, double[] Lat) NearEdges(IReadOnlyList<Station> stations, int perStation, Random random)
    {
        double[] offsets = [-0.5, -0.01, -1e-3, -1e-6, 1e-6, 1e-3, 0.01, 0.5];
        var (lon, lat) = (new List<double>(), new List<double>());
        foreach (var s in stations.Take(200))
            for (int i = 0; i < perStation; i++)
            {
                double bearing = random.NextDouble() * 2 * Math.PI, target = s.RadiusMetres + offsets[i % offsets.Length];
                double dLon = Math.Sin(bearing) / Math.Cos(s.Lat * Math.PI / 180), dLat = Math.Cos(bearing);
                double low = 0, high = target / 100_000 + 1e-6;
                for (int step = 0; step < 200 && high - low > 1e-15; step++)
                {
                    double mid = (low + high) / 2;
                    if (GridMap.Core.Spatial.Geodesic.DistanceMetres(s.Lon, s.Lat, s.Lon + mid * dLon, s.Lat + mid * dLat) < target) low = mid; else high = mid;
                }
                lon.Add(s.Lon + high * dLon);
                lat.Add(s.Lat + high * dLat);
            }
        return (lon.ToArray(), lat.ToArray());
    }

    public static List<Station> Stations(int count, double radiusMetres, Random random) =>
        Enumerable.Range(0, count).Select(_ => new Station(
            Lon + (random.NextDouble() * 2 - 1) * HalfLon, Lat + (random.NextDouble() * 2 - 1) * HalfLat, radiusMetres)).ToList();

    public static List<SiteCandidate> Candidates(int count, Random random) =>
        Enumerable.Range(0, count).Select(_ => new SiteCandidate(
            Lon + (random.NextDouble() * 2 - 1) * HalfLon, Lat + (random.NextDouble() * 2 - 1) * HalfLat)).ToList();

    /// <summary>
    /// Runs the action twice to warm up, then times it: wall-clock and process CPU milliseconds
    /// per run (CPU time says what the work costs when other processes share the cores).
    /// </summary>
    public static (double[] Wall, double[] Cpu) Time(int runs, Action action)
    {
        action(); action();
        var (wall, cpu) = (new double[runs], new double[runs]);
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < runs; r++)
        {
            GC.Collect();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            wall[r] = sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpu0).TotalMilliseconds;
        }
        return (wall, cpu);
    }

    public static (double[] Wall, double[] Cpu) TimeOnce(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return ([sw.Elapsed.TotalMilliseconds], [double.NaN]);
    }
}
