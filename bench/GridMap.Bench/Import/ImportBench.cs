using System.Diagnostics;
using System.Globalization;
using System.Text;
using GridMap.Core.Spatial;
using GridMap.Server.Import;
using Npgsql;
using NpgsqlTypes;

namespace GridMap.Bench.Import;

/// <summary>
/// <c>bench import</c>: a CSV of N households (UTF-8, Chinese headers, in GCJ-02 as Amap gives
/// them) brought in as <c>POST /api/import/households</c> does it (read, dry run, then apply:
/// checks, comparison by source id, COPY, upsert, audit trail), timed against a plain binary COPY
/// of the same rows into the same table with the same triggers. Each run starts with no households.
/// </summary>
public static class ImportBench
{
    public static async Task<int> RunAsync(Options options)
    {
        var rows = options.Int("households", 100_000);
        var runs = options.Int("runs", 3);
        var command = $"./gridmap bench import --households {rows} --runs {runs}";
        Console.WriteLine($"{command}\nuptime: {Uptime()}");

        await using var database = await DistrictAsync();
        var csv = Households(rows);
        Console.WriteLine($"{rows:N0} households, {csv.Length / 1048576.0:0.0} MB of CSV; district of 100 Party grids");

        var db = NpgsqlDataSource.Create(database.ConnectionString);
        ImportFile.RegisterEncodings();
        var limits = new ImportLimits(64L << 20, 200_000, 200L << 20, 20);
        // Each run starts from no households; emptying the table (and the audit rows that makes) is not timed.
        var imports = new List<(TimeSpan Dry, TimeSpan Apply)>();
        var copies = new List<TimeSpan>();
        for (var run = 0; run <= runs; run++) // run 0 warms up
        {
            await database.ExecuteAsync("DELETE FROM households");
            var clock = Stopwatch.StartNew();
            var report = await PointImporter.RunAsync(db, ImportKind.Households, ImportFile.Read(csv, limits), "bench.csv", Crs.Gcj02, true, "bench");
            var dry = clock.Elapsed;
            if (!report.Accepted || report.Added != rows) throw new InvalidOperationException($"dry run: {report.Problems.Count} problems, {report.Added} added");
            clock.Restart();
            report = await PointImporter.RunAsync(db, ImportKind.Households, ImportFile.Read(csv, limits), "bench.csv", Crs.Gcj02, false, "bench",
                new Progress<GridMap.Core.Territory.ImportProgress>(_ => { }));
            var apply = clock.Elapsed;
            if (report.ImportId is null) throw new InvalidOperationException("not applied");
            Console.Error.WriteLine($"  import run {run}/{runs}: dry run {Measure.Format(dry)}, apply {Measure.Format(apply)}{(run == 0 ? " (warm-up)" : "")}");
            if (run > 0) imports.Add((dry, apply));

            await database.ExecuteAsync("DELETE FROM households");
            copies.Add(await Measure.OnceAsync(() => CopyAsync(db, csv)));
            Console.Error.WriteLine($"  copy run {run}/{runs}: {Measure.Format(copies[^1])}{(run == 0 ? " (warm-up)" : "")}");
            if (run == 0) copies.Clear();
        }
        var import = Measure.Median(imports.Select(i => i.Dry + i.Apply).ToList());
        var (lastDry, lastApply) = imports[^1];
        var copy = Measure.Median(copies);

        var audited = await Scalar(database, "SELECT count(*) FROM data_changes WHERE reason LIKE 'import %'");
        Console.WriteLine();
        Console.WriteLine("| rows | import: dry run + apply (median) | dry run / apply (last run) | plain COPY (median) | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {rows:N0} | {Measure.Format(import)} | {Measure.Format(lastDry)} / {Measure.Format(lastApply)} | {Measure.Format(copy)} | {import / copy:0.0}× |");
        Console.WriteLine($"audit rows written by the imports: {audited:N0}; uptime at the end: {Uptime()}");
        return 0;
    }

    static async Task<long> Scalar(ThrowawayDatabase database, string sql)
    {
        await using var conn = await database.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, conn).ExecuteScalarAsync())!;
    }

    /// <summary>The baseline: the same rows parsed from the same CSV and COPYed as they are, no checks, no comparison.</summary>
    static async Task CopyAsync(NpgsqlDataSource db, byte[] csv)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var writer = await conn.BeginBinaryImportAsync(
            "COPY households (source_key, name, members, kind, phone, location) FROM STDIN (FORMAT BINARY)");
        foreach (var line in Encoding.UTF8.GetString(csv).Split("\r\n").Skip(1))
        {
            if (line.Length == 0) continue;
            var c = line.Split(',');
            var (lon, lat) = Crs.Gcj02.ToWgs84(double.Parse(c[5], CultureInfo.InvariantCulture), double.Parse(c[6], CultureInfo.InvariantCulture));
            await writer.StartRowAsync();
            await writer.WriteAsync(c[0], NpgsqlDbType.Text);
            await writer.WriteAsync(c[1], NpgsqlDbType.Text);
            await writer.WriteAsync(int.Parse(c[2], CultureInfo.InvariantCulture), NpgsqlDbType.Integer);
            await writer.WriteAsync("member", NpgsqlDbType.Text);
            await writer.WriteAsync(c[4], NpgsqlDbType.Text);
            await writer.WriteAsync(PointEwkb(lon, lat), NpgsqlDbType.Bytea);
        }
        await writer.CompleteAsync();
    }

    static byte[] PointEwkb(double lon, double lat)
    {
        var b = new byte[25];
        b[0] = 1;
        BitConverter.TryWriteBytes(b.AsSpan(1), 0x20000001u);
        BitConverter.TryWriteBytes(b.AsSpan(5), 4326);
        BitConverter.TryWriteBytes(b.AsSpan(9), lon);
        BitConverter.TryWriteBytes(b.AsSpan(17), lat);
        return b;
    }

    /// <summary>A district of 10 × 10 Party grids over 121.10–121.30°E × 31.80–31.95°N.</summary>
    const string Territory = """
        INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE VALUES
          (1, 'district', NULL, '320614', '海门区', NULL, ST_Multi(ST_MakeEnvelope(121.10, 31.80, 121.30, 31.95, 4326))),
          (2, 'street', NULL, '320614001', '海门街道', 1, ST_Multi(ST_MakeEnvelope(121.10, 31.80, 121.30, 31.95, 4326))),
          (3, 'community', NULL, '320614001001', '秀山社区', 2, ST_Multi(ST_MakeEnvelope(121.10, 31.80, 121.30, 31.95, 4326)));
        INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE
        SELECT 4 + i * 10 + j, 'grid', 'party', '320614001' || lpad((i * 10 + j + 1)::text, 6, '0'), '网格' || (i * 10 + j + 1), 3,
               ST_Multi(ST_MakeEnvelope(121.10 + i * 0.02, 31.80 + j * 0.015, 121.12 + i * 0.02, 31.815 + j * 0.015, 4326))
        FROM generate_series(0, 9) i, generate_series(0, 9) j;
        """;

    /// <summary>Deterministic households at random places in the district, positions in GCJ-02 as a web map gives them.</summary>
    static byte[] Households(int n)
    {
        var random = new Random(14);
        var csv = new StringBuilder("编号,姓名,人数,类型,电话,经度,纬度\r\n");
        for (var i = 0; i < n; i++)
        {
            var (x, y) = Crs.Gcj02.FromWgs84(121.1005 + random.NextDouble() * 0.199, 31.8005 + random.NextDouble() * 0.149);
            csv.Append(CultureInfo.InvariantCulture, $"H{i:D6},住户{i},{1 + random.Next(6)},党员户,138{random.Next(100_000_000):D8},{x:R},{y:R}\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A throwaway database with the server's schema and the <see cref="Territory"/> district, as the import and audit benches start.</summary>
    internal static async Task<ThrowawayDatabase> DistrictAsync()
    {
        var database = await ThrowawayDatabase.CreateAsync();
        try
        {
            Migrate(database.ConnectionString);
            await database.ExecuteAsync(Territory);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    static void Migrate(string connectionString)
    {
        var psi = DemoServer.Server(DemoServer.ServerDll(), connectionString, null, ["migrate"]);
        using var p = Process.Start(psi)!;
        var errors = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"server migrate failed: {errors.Result}");
    }

    internal static string Uptime() => File.Exists("/proc/loadavg") ? "load average " + File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
