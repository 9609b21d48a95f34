using GridMap.Core.Spatial;

namespace GridMap.Bench.Coverage;

static class GeodesicBench
{
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
    }
}
