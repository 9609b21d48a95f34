using System.Diagnostics;
using GridMap.Demo;
using GridMap.Server.Cases;
using GridMap.Server.Territory;
using NpgsqlTypes;

namespace GridMap.Server.Demo;

/// <summary>
/// Loads a demo district (the files <c>demo generate</c> writes) into an empty database, all in one
/// transaction, so a failed load leaves the database empty. The areas go through the area import
/// and its topology checks like any other file; households, stations, staff, cases and their audit
/// trail go in by binary COPY. Work that the row triggers would do one row at a time is done once
/// for the set: households get their grid by one spatial join, and the indexes and foreign keys of
/// cases and case_events are rebuilt after the COPY rather than maintained row by row (as pg_restore
/// does), and the roads' routing topology is worked out in one pass. Events older than
/// <c>Live:SnapshotDays</c> go in without their case's snapshot, as the live stream's retention
/// would have left them (<see cref="LiveSnapshotRetention"/>). No statement has a client-side timeout: the size of the files decides how long it takes.
/// </summary>
public static class DemoLoader
{
    /// <summary>Times of the load's stages, in order: what <c>bench city</c> reports.</summary>
    public sealed record LoadTimes(IReadOnlyList<(string Stage, TimeSpan Time)> Stages, TimeSpan Total)
    {
        public TimeSpan Of(string stage) => Stages.FirstOrDefault(s => s.Stage == stage).Time;
    }

    public static async Task<bool> LoadIfEmptyAsync(NpgsqlDataSource db, string dir, TextWriter log, CancellationToken ct = default) =>
        await LoadAsync(db, dir, log, TimeProvider.System, LiveOptions.DefaultSnapshotDays, null, ct) is not null;

    /// <summary>
    /// Null when the database has areas already (nothing is loaded then). The cases' events keep
    /// their snapshots for the last <paramref name="snapshotDays"/>, as the live stream would
    /// have kept them (<see cref="LiveSnapshotRetention"/>).
    /// </summary>
    public static async Task<LoadTimes?> LoadAsync(NpgsqlDataSource db, string dir, TextWriter log, TimeProvider time, int snapshotDays,
        IProgress<DemoProgress>? progress, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if ((bool)(await Command(conn, "SELECT EXISTS (SELECT 1 FROM areas)").ExecuteScalarAsync(ct))!)
        {
            log.WriteLine("demo data: the database already has areas; nothing loaded");
            return null;
        }
        var stages = new List<(string, TimeSpan)>();
        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        void Done(string stage, string what)
        {
            stages.Add((stage, clock.Elapsed));
            log.WriteLine($"demo data: {what} in {clock.Elapsed.TotalSeconds:0.0} s");
            clock.Restart();
        }

        await using var tx = await DataChanges.BeginAsync(conn, "gridmap demo load", "demo load", ct);
        // Room to sort in when the indexes are rebuilt (the default 64 MB spills the city's to disk); this transaction only.
        await Command(conn, "SET LOCAL maintenance_work_mem = '512MB'").ExecuteNonQueryAsync(ct);
        // Areas go through the import checks like any other file: the demo must pass them too.
        await using (var areas = File.OpenRead(Path.Combine(dir, "areas.geojson")))
        {
            var outcome = await AreaImporter.ImportAsync(conn, areas, new ImportStages(progress), ct);
            if (outcome is not ImportOutcome.Imported imported)
                throw new InvalidOperationException($"demo data: areas.geojson was not imported: {Describe(outcome)}");
            Done("territory", $"areas.geojson: {string.Join(", ", imported.ByLevel.Select(l => $"{l.Value} {l.Key}"))} with every topology check");
        }
        var areaIds = await AreaIdsAsync(conn, ct);
        // The cases are read and replayed on the cores the database leaves idle while it takes the rest.
        var now = time.GetUtcNow();
        var cases = File.Exists(Path.Combine(dir, DemoCasesFile.FileName)) ? Task.Run(() => CaseCopy.Prepare(dir, now), ct) : null;

        var households = await CopyHouseholdsAsync(conn, Path.Combine(dir, "households.geojson"), progress, ct);
        Done("households", $"households.geojson: {households:N0} rows, each in its grid");
        var stations = await CopyStationsAsync(conn, Path.Combine(dir, "stations.geojson"), areaIds, progress, ct);
        var staffIds = await CopyStaffAsync(conn, Path.Combine(dir, "staff.geojson"), areaIds, now, progress, ct);
        Done("stations and staff", $"stations.geojson: {stations:N0} rows; staff.geojson: {staffIds.Count:N0} rows");
        var (volunteers, visits) = await DemoService.LoadAsync(conn, Visits.VisitsApi.Today(time), ct);
        Done("members serving", $"Party members serving: {volunteers:N0} registered with their communities, {visits:N0} household visits");

        // Roads are optional (older demo folders have none, a server may lack pgRouting): without
        // them only straight-line coverage is offered.
        var roads = Path.Combine(dir, "roads.geojson");
        var routing = (bool)(await Command(conn, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgrouting')").ExecuteScalarAsync(ct))!;
        if (File.Exists(roads) && !routing) log.WriteLine("demo data: roads.geojson: not loaded, as the database has no pgRouting");
        if (File.Exists(roads) && routing)
        {
            var rows = await CopyRoadsAsync(conn, roads, progress, ct);
            Done("roads", $"roads.geojson: {rows:N0} rows with their routing topology");
        }

        if (cases is not null)
        {
            progress?.Report(new("replaying cases", 0, 1));
            var prepared = await cases;
            progress?.Report(new("replaying cases", 1, 1));
            Done("cases replayed", $"{DemoCasesFile.FileName}: {prepared.Cases.Length:N0} cases replayed through the workflow (while the above loaded)");
            var (count, summonses, events) = await CaseCopy.LoadAsync(conn, prepared, areaIds, staffIds, now.AddDays(-snapshotDays), progress, log, ct);
            Done("cases", $"{DemoCasesFile.FileName}: {count:N0} cases, {summonses:N0} summonses (吹哨), {events:N0} audit events");
        }
        await Command(conn, "ANALYZE areas; ANALYZE households; ANALYZE service_stations; ANALYZE staff; ANALYZE cases; ANALYZE case_summons; ANALYZE case_events").ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        Done("analyse and commit", "statistics: analysed and committed");
        log.WriteLine($"demo data: loaded in {total.Elapsed.TotalSeconds:0.0} s");
        return new(stages, total.Elapsed);
    }

    /// <summary>A command on the load's connection with no client-side timeout.</summary>
    internal static NpgsqlCommand Command(NpgsqlConnection conn, string sql) => new(sql, conn) { CommandTimeout = 0 };

    /// <summary>A binary COPY with no client-side timeout.</summary>
    internal static async Task<NpgsqlBinaryImporter> CopyAsync(NpgsqlConnection conn, string copy, CancellationToken ct)
    {
        var importer = await conn.BeginBinaryImportAsync(copy, ct);
        importer.Timeout = TimeSpan.Zero;
        return importer;
    }

    static string Describe(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Rejected r => $"{r.Problems.Count} problem(s), the first: feature {r.Problems[0].Index} {r.Problems[0].Field}: {r.Problems[0].Reason}",
        ImportOutcome.Unreadable u => u.Reason,
        ImportOutcome.Refused f => f.Reason,
        _ => outcome.ToString(),
    };

    /// <summary>Every area's id by code (grids and micro-grids of the Party-building layer).</summary>
    static async Task<Dictionary<string, long>> AreaIdsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var cmd = Command(conn, "SELECT code, id FROM areas WHERE layer IS NULL OR layer = 'party'");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids[r.GetString(0)] = r.GetInt64(1);
        return ids;
    }

    /// <summary>
    /// By COPY into a slim table, then into households by one INSERT that gives each its grid by one
    /// spatial join, as grid_at() decides it (the lowest id on a shared edge), instead of the row
    /// trigger's lookup one row at a time. One statement means one audit statement: each household's
    /// trail in data_changes is its insert, with its grid (not an insert and then an update).
    /// </summary>
    static async Task<long> CopyHouseholdsAsync(NpgsqlConnection conn, string path, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        using var file = await ReadFeaturesAsync(path, ct);
        var features = file.RootElement.GetProperty("features");
        var count = features.GetArrayLength();
        await Command(conn, """
            CREATE TEMP TABLE loaded_households (n int, name text, members int, kind text, phone text, location geometry(Point, 4326))
            ON COMMIT DROP
            """).ExecuteNonQueryAsync(ct);
        await using (var copy = await CopyAsync(conn, "COPY loaded_households (n, name, members, kind, phone, location) FROM STDIN (FORMAT BINARY)", ct))
        {
            var done = 0;
            foreach (var f in features.EnumerateArray())
            {
                var p = f.GetProperty("properties");
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(done, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(p.GetProperty("name").GetString(), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.GetProperty("members").GetInt32(), NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(p.GetProperty("kind").GetString(), NpgsqlDbType.Text, ct);
                await WriteTextOrNullAsync(copy, p, "phone", ct);
                await copy.WriteAsync(PointWkb(f), NpgsqlDbType.Bytea, ct);
                if (++done % 10_000 == 0) progress?.Report(new("households", done, count));
            }
            await copy.CompleteAsync(ct);
            progress?.Report(new("households", count, count));
        }
        progress?.Report(new("households' grids", 0, 1));
        // Grid by grid, each finding its households through an index: the same polygon tested again
        // and again is prepared once by PostGIS, where a household at a time tests a different one
        // each time (30 times slower).
        await Command(conn, "CREATE INDEX ON loaded_households USING gist (location); ANALYZE loaded_households").ExecuteNonQueryAsync(ct);
        await Command(conn, "ALTER TABLE households DISABLE TRIGGER households_derive_grid").ExecuteNonQueryAsync(ct);
        await Command(conn, """
            INSERT INTO households (name, members, kind, phone, location, grid_id)
            SELECT h.name, h.members, h.kind, h.phone, h.location, g.grid_id
            FROM loaded_households h
            LEFT JOIN (SELECT DISTINCT ON (h.n) h.n, a.id AS grid_id
                       FROM areas a JOIN loaded_households h ON ST_Covers(a.boundary, h.location)
                       WHERE a.level = 'grid' AND a.layer = 'party'
                       ORDER BY h.n, a.id) g ON g.n = h.n
            ORDER BY h.n
            """).ExecuteNonQueryAsync(ct);
        await Command(conn, "ALTER TABLE households ENABLE TRIGGER households_derive_grid").ExecuteNonQueryAsync(ct);
        progress?.Report(new("households' grids", 1, 1));
        return count;
    }

    static async Task<long> CopyStationsAsync(NpgsqlConnection conn, string path, Dictionary<string, long> areaIds,
        IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        using var file = await ReadFeaturesAsync(path, ct);
        var features = file.RootElement.GetProperty("features");
        await using var copy = await CopyAsync(conn,
            "COPY service_stations (name, level, location, radius_m, opening_hours, services, area_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var f in features.EnumerateArray())
        {
            var p = f.GetProperty("properties");
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.GetProperty("name").GetString(), NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.GetProperty("level").GetString(), NpgsqlDbType.Text, ct);
            await copy.WriteAsync(PointWkb(f), NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(p.GetProperty("radiusM").GetDouble(), NpgsqlDbType.Double, ct);
            await WriteTextOrNullAsync(copy, p, "openingHours", ct);
            await copy.WriteAsync(p.TryGetProperty("services", out var s) ? s.EnumerateArray().Select(x => x.GetString()!).ToArray() : [],
                NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            if (p.TryGetProperty("areaCode", out var code) && areaIds.TryGetValue(code.GetString()!, out var id))
                await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            else await copy.WriteNullAsync(ct);
        }
        var rows = (long)await copy.CompleteAsync(ct);
        progress?.Report(new("stations", rows, rows));
        return rows;
    }

    /// <summary>Returns the new staff ids in file order, for the cases' assignees.</summary>
    static async Task<List<long>> CopyStaffAsync(NpgsqlConnection conn, string path, Dictionary<string, long> areaIds, DateTimeOffset now,
        IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        using var file = await ReadFeaturesAsync(path, ct);
        var features = file.RootElement.GetProperty("features");
        // Nobody else may add staff meanwhile: ids in id order are then the file's order.
        await Command(conn, "LOCK TABLE staff IN EXCLUSIVE MODE").ExecuteNonQueryAsync(ct);
        var before = (long)(await Command(conn, "SELECT coalesce(max(id), 0) FROM staff").ExecuteScalarAsync(ct))!;
        await using (var copy = await CopyAsync(conn,
            "COPY staff (name, role, home_grid_id, phone, on_duty, location, located_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var f in features.EnumerateArray())
            {
                var p = f.GetProperty("properties");
                var grid = p.GetProperty("homeGridCode").GetString()!;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(p.GetProperty("name").GetString(), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.GetProperty("role").GetString(), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(areaIds.TryGetValue(grid, out var id) ? id
                    : throw new InvalidDataException($"staff.geojson: no grid {grid}"), NpgsqlDbType.Bigint, ct);
                await WriteTextOrNullAsync(copy, p, "phone", ct);
                await copy.WriteAsync(p.GetProperty("onDuty").GetBoolean(), NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(PointWkb(f), NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        var ids = new List<long>(features.GetArrayLength());
        await using (var cmd = Command(conn, "SELECT id FROM staff WHERE id > @before ORDER BY id"))
        {
            cmd.Parameters.AddWithValue("before", before);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) ids.Add(r.GetInt64(0));
        }
        progress?.Report(new("staff", ids.Count, ids.Count));
        return ids;
    }

    /// <summary>
    /// The roads with the topology road_topology() would give them (pgr_createTopology, one road at
    /// a time: four minutes for the city's 25,000), worked out here in one pass: ends at the same
    /// point to 1e-7° (the tolerance road_topology() uses, and the files' precision) are one vertex.
    /// Lengths are geodesic metres, as road_topology() computes them, for the whole set at once.
    /// </summary>
    static async Task<long> CopyRoadsAsync(NpgsqlConnection conn, string path, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        using var file = await ReadFeaturesAsync(path, ct);
        var features = file.RootElement.GetProperty("features");
        var vertices = new Dictionary<(long, long), long>();
        long Vertex(JsonElement position) =>
            vertices.TryGetValue((Key(position[0]), Key(position[1])), out var id) ? id
            : vertices[(Key(position[0]), Key(position[1]))] = vertices.Count + 1;
        static long Key(JsonElement degrees) => (long)Math.Round(degrees.GetDouble() * 1e7);
        long rows;
        await using (var copy = await CopyAsync(conn, "COPY roads (kind, line, source, target) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var f in features.EnumerateArray())
            {
                var line = f.GetProperty("geometry").GetProperty("coordinates");
                await copy.StartRowAsync(ct);
                await WriteTextOrNullAsync(copy, f.GetProperty("properties"), "kind", ct);
                await copy.WriteAsync(Ewkb.LineString(line), NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(Vertex(line[0]), NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(Vertex(line[line.GetArrayLength() - 1]), NpgsqlDbType.Bigint, ct);
            }
            rows = (long)await copy.CompleteAsync(ct);
        }
        await Command(conn, "UPDATE roads SET length_m = ST_Length(line::geography)").ExecuteNonQueryAsync(ct);
        progress?.Report(new("roads", rows, rows));
        return rows;
    }

    static async Task WriteTextOrNullAsync(NpgsqlBinaryImporter copy, JsonElement properties, string name, CancellationToken ct)
    {
        if (properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) await copy.WriteAsync(v.GetString(), NpgsqlDbType.Text, ct);
        else await copy.WriteNullAsync(ct);
    }

    static async Task<JsonDocument> ReadFeaturesAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
    }

    static byte[] PointWkb(JsonElement feature)
    {
        var c = feature.GetProperty("geometry").GetProperty("coordinates");
        return Ewkb.Point(c[0].GetDouble(), c[1].GetDouble());
    }

    /// <summary>The territory import's steps as progress bars.</summary>
    sealed class ImportStages(IProgress<DemoProgress>? progress) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => progress?.Report(new("territory: " + value.Step, value.Done, value.Total));
    }
}

/// <summary>PostGIS's extended WKB, which a geometry column reads from a binary COPY as it is.</summary>
static class Ewkb
{
    public static byte[] Point(double lon, double lat)
    {
        var b = new byte[25];
        b[0] = 1; // little-endian
        BitConverter.TryWriteBytes(b.AsSpan(1), 0x2000_0001u); // Point, with an SRID
        BitConverter.TryWriteBytes(b.AsSpan(5), 4326);
        BitConverter.TryWriteBytes(b.AsSpan(9), lon);
        BitConverter.TryWriteBytes(b.AsSpan(17), lat);
        return b;
    }

    public static byte[] LineString(JsonElement coordinates)
    {
        var n = coordinates.GetArrayLength();
        var b = new byte[13 + 16 * n];
        b[0] = 1;
        BitConverter.TryWriteBytes(b.AsSpan(1), 0x2000_0002u); // LineString, with an SRID
        BitConverter.TryWriteBytes(b.AsSpan(5), 4326);
        BitConverter.TryWriteBytes(b.AsSpan(9), n);
        var i = 13;
        foreach (var p in coordinates.EnumerateArray())
        {
            BitConverter.TryWriteBytes(b.AsSpan(i), p[0].GetDouble());
            BitConverter.TryWriteBytes(b.AsSpan(i + 8), p[1].GetDouble());
            i += 16;
        }
        return b;
    }
}
