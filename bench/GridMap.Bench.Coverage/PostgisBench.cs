using System.Diagnostics;
using GridMap.Core.Coverage;
using GridMap.Core.Spatial;
using Npgsql;
using NpgsqlTypes;

namespace GridMap.Bench.Coverage;

/// <summary>
/// The baseline: the same households and stations in a throwaway PostGIS database, covered
/// households found by <c>EXISTS (… ST_DWithin(geography …))</c>; checks that both agree
/// household by household and compares the times.
/// </summary>
static class PostgisBench
{
    // With the radius a column of stations, PostgreSQL cannot use the stations index inside
    // EXISTS and falls back to a nested loop over all pairs (100 s for 100k × 500 here), so the
    // baselines are the two forms that do use an index: EXISTS with the radius as a constant
    // (the planner's override), and a join driven by the stations.
    static readonly (string Name, string Sql)[] Queries =
    [
        ("PostGIS: EXISTS(ST_DWithin(geography, @radius))", """
            SELECT h.id FROM households h
            WHERE EXISTS (SELECT 1 FROM stations s WHERE ST_DWithin(h.location::geography, s.location::geography, @radius))
            """),
        ("PostGIS: DISTINCT over stations JOIN ST_DWithin(geography, s.radius_m)", """
            SELECT DISTINCT h.id FROM stations s
            JOIN households h ON ST_DWithin(h.location::geography, s.location::geography, s.radius_m)
            """),
    ];

    public static async Task Run(Options o, Table table)
    {
        var random = new Random(o.Seed);
        var (lon, lat, people) = Workload.Households(o.Households, random);
        var stations = Workload.Stations(o.Stations, o.RadiusMetres, random);
        var edges = Workload.NearEdges(stations, 16, random);
        lon = [.. lon, .. edges.Lon];
        lat = [.. lat, .. edges.Lat];
        people = [.. people, .. edges.Lon.Select(_ => 1)];
        o = o with { Households = lon.Length };
        var index = CoverageIndex.Build(lon, lat, people);
        CoverageResult core = null!;
        var coreTimes = Workload.Time(o.Runs, () => core = index.Count(stations));

        var admin = AdminConnectionString();
        string name = "gm_bench_" + Guid.NewGuid().ToString("N")[..10];
        await Execute(admin, $"CREATE DATABASE {name}");
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, CommandTimeout = 0 }.ConnectionString;
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            await Load(conn, lon, lat, stations);

            string size = $"{o.Households:N0} households × {o.Stations:N0} stations, r = {o.RadiusMetres} m";
            table.Add("core: CoverageIndex.Count (warm)", size, coreTimes);
            double fastest = double.MaxValue;
            foreach (var (queryName, sql) in Queries)
            {
                var (ids, times) = await Covered(conn, sql, o.RadiusMetres, Math.Max(3, o.Runs / 3));
                table.Add(queryName + " (warm)", size, (times, times.Select(_ => double.NaN).ToArray()));
                fastest = Math.Min(fastest, Median(times));

                var inPostgis = new bool[o.Households];
                foreach (int id in ids) inPostgis[id] = true;
                var disagreements = Enumerable.Range(0, o.Households).Where(i => inPostgis[i] != core.IsCovered(i)).ToList();
                double worstEdge = disagreements.Count == 0 ? 0 : disagreements.Max(i =>
                    stations.Min(s => Math.Abs(Geodesic.DistanceMetres(s.Lon, s.Lat, lon[i], lat[i]) - s.RadiusMetres)));
                table.Note($"{queryName}: covered {ids.Count:N0}, core {core.CoveredHouseholds:N0}; households that disagree: {disagreements.Count}" +
                           (disagreements.Count > 0 ? $" (all within {worstEdge:0.000000} m of an edge)" : ""));
            }
            double ratio = fastest / Median(coreTimes.Wall);
            table.Note($"core is {ratio:0}× faster than the faster PostGIS form (goal ≥ 20×: {(ratio >= 20 ? "met" : "not met")})");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    static async Task<(List<int> Ids, double[] Millis)> Covered(NpgsqlConnection conn, string sql, double radiusMetres, int runs)
    {
        var ids = new List<int>();
        var millis = new double[runs];
        for (int r = -1; r < runs; r++) // one warm-up run
        {
            ids.Clear();
            var sw = Stopwatch.StartNew();
            await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            cmd.Parameters.AddWithValue("radius", radiusMetres);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetInt32(0));
            if (r >= 0) millis[r] = sw.Elapsed.TotalMilliseconds;
        }
        return (ids, millis);
    }

    static async Task Load(NpgsqlConnection conn, double[] lon, double[] lat, List<Station> stations)
    {
        await Execute(conn, """
            CREATE EXTENSION postgis;
            CREATE TABLE households (id int PRIMARY KEY, location geometry(Point, 4326) NOT NULL);
            CREATE TABLE stations (id int PRIMARY KEY, location geometry(Point, 4326) NOT NULL, radius_m double precision NOT NULL);
            CREATE TEMP TABLE raw (id int, lon float8, lat float8, radius_m float8);
            """);
        await using (var copy = await conn.BeginBinaryImportAsync("COPY raw (id, lon, lat) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < lon.Length; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(i, NpgsqlDbType.Integer);
                await copy.WriteAsync(lon[i], NpgsqlDbType.Double);
                await copy.WriteAsync(lat[i], NpgsqlDbType.Double);
            }
            await copy.CompleteAsync();
        }
        await Execute(conn, "INSERT INTO households SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326) FROM raw; TRUNCATE raw;");
        await using (var copy = await conn.BeginBinaryImportAsync("COPY raw (id, lon, lat, radius_m) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < stations.Count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(i, NpgsqlDbType.Integer);
                await copy.WriteAsync(stations[i].Lon, NpgsqlDbType.Double);
                await copy.WriteAsync(stations[i].Lat, NpgsqlDbType.Double);
                await copy.WriteAsync(stations[i].RadiusMetres, NpgsqlDbType.Double);
            }
            await copy.CompleteAsync();
        }
        // Indexes as a tuned deployment would have them: on the geography each side is cast to.
        await Execute(conn, """
            INSERT INTO stations SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326), radius_m FROM raw;
            CREATE INDEX ON households USING gist ((location::geography));
            CREATE INDEX ON stations USING gist ((location::geography));
            ANALYZE households; ANALYZE stations;
            """);
    }

    static async Task Execute(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await Execute(conn, sql);
    }

    static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>GRIDMAP_TEST_ADMIN_DB, or the private cluster that ./gridmap db-url --admin starts.</summary>
    static string AdminConnectionString()
    {
        if (Environment.GetEnvironmentVariable("GRIDMAP_TEST_ADMIN_DB") is { Length: > 0 } cs) return cs;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "gridmap");
            if (!File.Exists(script) || !File.Exists(Path.Combine(dir.FullName, "GridMap.sln"))) continue;
            var psi = new ProcessStartInfo(script, "db-url --admin") { RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            if (p.ExitCode == 0) return output;
            throw new InvalidOperationException("./gridmap db-url --admin failed");
        }
        throw new InvalidOperationException("set GRIDMAP_TEST_ADMIN_DB or run from a GridMap checkout");
    }
}
