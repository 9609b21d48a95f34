using GridMap.Core.Spatial;

namespace GridMap.Bench.Coverage;

static class GeodesicBench
{
    static double WorstChordError(double metres, Random random)
    {
        double worst = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double lat1 = random.NextDouble() * 160 - 80, lon1 = random.NextDouble() * 360 - 180, bearing = random.NextDouble() * 2 * Math.PI;
            double lat2 = lat1 + metres / 111_000 * Math.Cos(bearing);
            double lon2 = lon1 + metres / 111_000 * Math.Sin(bearing) / Math.Cos(lat1 * Math.PI / 180);
            if (Math.Abs(lat2) > 89) continue;
            worst = Math.Max(worst, Math.Abs(GeodesicChord.ApproxDistanceMetres(lon1, lat1, lon2, lat2) - Geodesic.DistanceMetres(lon1, lat1, lon2, lat2)));
        }
        return worst;
    }

    public static void Run(Options o, Table table)
    {
        var random = new Random(o.Seed);
        const int n = 1_000_000;
        var points = Enumerable.Range(0, n).Select(_ => (Lon: 121.17 + random.NextDouble() * 0.02, Lat: 31.87 + random.NextDouble() * 0.02)).ToArray();
        double sink = 0;
        var exact = Workload.Time(o.Runs, () => { foreach (var p in points) sink += Geodesic.DistanceMetres(121.17, 31.87, p.Lon, p.Lat); });
        table.Add("Karney inverse distance", "1,000,000 pairs ≤ 3 km", exact);
        var chord = Workload.Time(o.Runs, () => { foreach (var p in points) sink += GeodesicChord.ApproxDistanceMetres(121.17, 31.87, p.Lon, p.Lat); });
        table.Add("chord estimate (incl. 2 ECEF conversions)", "1,000,000 pairs ≤ 3 km", chord);
        table.Note($"(checksum {sink:E3})");
        foreach (double metres in new[] { 500.0, 1_000, 5_000, 20_000, 100_000 })
            table.Note($"chord estimate − Karney over 100,000 random pairs of {metres:N0} m at latitudes ±80°: " +
                       $"worst {WorstChordError(metres, random) * 1000:0.000000} mm (stated bound {GeodesicChord.ErrorBoundMetres(metres) * 1000:0.000} mm)");
    }
}
