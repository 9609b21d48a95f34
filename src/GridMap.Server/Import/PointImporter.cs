using System.Text.RegularExpressions;
using GridMap.Core.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NpgsqlTypes;

namespace GridMap.Server.Import;

/// <summary>One bad row: where a person finds it (<paramref name="Line"/>, 0 for the file as a whole), which column, and why.</summary>
public sealed record ImportProblem(int Line, string Field, string Reason);

/// <summary>
/// What an import did, or in a dry run would do: rows added, changed and left alone by their
/// source id, and every bad row. <paramref name="ImportId"/> is set once applied.
/// </summary>
public sealed record ImportReport(string Kind, string File, string Format, string? Encoding, string Crs, bool DryRun,
    int Rows, int Added, int Changed, int Unchanged, string LineWord, IReadOnlyList<ImportProblem> Problems,
    IReadOnlyList<string> Notes, IReadOnlyList<string> IgnoredColumns, long? ImportId)
{
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// Imports households, service stations or staff from a <see cref="SourceTable"/>, all or nothing:
/// every row is checked (key, name, values, position converted from the declared <see cref="Crs"/>
/// and found inside the district, grid code), compared by its source id (<c>source_key</c>) with
/// the stored rows, and, unless it is a dry run or any row is bad, the added and changed rows are
/// written in one transaction named <c>import N</c> in <c>data_changes</c> and recorded in
/// <c>imports</c>. Rows go in by binary COPY into a temporary table and two set-based
/// statements, so the audit trail's statement triggers see each import as one insert and one update.
/// </summary>
public static partial class PointImporter
{
    /// <summary>One import of people's data at a time: the comparison must still hold when the rows are written.</summary>
    internal const long ImportLock = 0x706f_696e_745f_696d; // "point_im"

    /// <summary>Stored positions are kept to 1e-9° (0.1 mm), as areas are, so that a re-import of the same file compares equal.</summary>
    static double Round(double degrees) => Math.Round(degrees, 9);

    /// <summary>What one kind stores: its table, its entity in data_changes, and its columns beside source_key and location.</summary>
    sealed record Spec(ImportKind Kind, string Table, string Entity, bool LocationRequired, (string Name, NpgsqlDbType Type)[] Columns);

    static Spec SpecOf(ImportKind kind) => kind switch
    {
        ImportKind.Households => new(kind, "households", "household", true,
            [("name", NpgsqlDbType.Text), ("members", NpgsqlDbType.Integer), ("kind", NpgsqlDbType.Text), ("phone", NpgsqlDbType.Text)]),
        ImportKind.Stations => new(kind, "service_stations", "station", true,
            [("name", NpgsqlDbType.Text), ("level", NpgsqlDbType.Text), ("radius_m", NpgsqlDbType.Double), ("opening_hours", NpgsqlDbType.Text),
             ("services", NpgsqlDbType.Array | NpgsqlDbType.Text), ("area_id", NpgsqlDbType.Bigint)]),
        ImportKind.Staff => new(kind, "staff", "staff", false,
            [("name", NpgsqlDbType.Text), ("role", NpgsqlDbType.Text), ("phone", NpgsqlDbType.Text), ("home_grid_id", NpgsqlDbType.Bigint)]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "areas have their own import"),
    };

    /// <summary>A row that passed every check: its values in the order of <see cref="Spec.Columns"/>.</summary>
    sealed record Checked(int Line, string Key, object?[] Values, double? Lon, double? Lat)
    {
        public bool Added { get; set; }
        public bool Changed { get; set; }
    }

    public static async Task<ImportReport> RunAsync(NpgsqlDataSource db, ImportKind kind, SourceTable table, string fileName, Crs crs,
        bool dryRun, string actor, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var spec = SpecOf(kind);
        await using var conn = await db.OpenConnectionAsync(ct);
        long? importId = null;
        if (!dryRun)
            await using (var next = conn.Command("SELECT nextval(pg_get_serial_sequence('imports', 'id'))"))
                importId = (long)(await next.ExecuteScalarAsync(ct))!;
        await using var tx = await DataChanges.BeginAsync(conn, actor, importId is { } n ? $"import {n}" : "import dry run", ct);
        if (!dryRun)
            await using (var lockCmd = conn.Command("SELECT pg_advisory_xact_lock(@key)", ("key", ImportLock)))
            {
                lockCmd.CommandTimeout = 0;
                await lockCmd.ExecuteNonQueryAsync(ct);
            }

        var problems = new List<ImportProblem>();
        var notes = new List<string>();
        var (columns, unknown) = ImportFields.Match(kind, table.Columns);
        foreach (var f in ImportFields.Of(kind).Where(f => f.Required && columns[f.Name] is null))
            problems.Add(new(1, f.Name, $"no column for {f.Name}: name it one of {string.Join(", ", f.Aliases)}"));
        var hasPosition = (columns["lon"] is not null && columns["lat"] is not null) || table.Rows.Any(r => r.Geometry is not null || r.GeometryError is not null);
        if (spec.LocationRequired && !hasPosition)
            problems.Add(new(1, "lon", "no position: give lon and lat (经度, 纬度) columns, or a file with point geometries"));
        if (columns.GetValueOrDefault("address") is { } address)
            notes.Add($"the column '{address}' is read but not stored: households keep a position, not an address");

        var rows = new List<Checked>();
        if (problems.Count == 0)
        {
            var context = await Context.LoadAsync(conn, kind, columns, ct);
            var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
            var outside = 0;
            var positioned = 0;
            var done = 0;
            foreach (var row in table.Rows)
            {
                var before = problems.Count;
                var c = Check(spec, row, columns, crs, context, problems, ref outside, ref positioned);
                if (c is not null && byKey.TryGetValue(c.Key, out var firstLine))
                    problems.Add(new(row.Line, "id", $"duplicate id \"{c.Key}\": {table.LineWord} {firstLine} has it too"));
                else if (c is not null) byKey[c.Key] = row.Line;
                if (c is not null && problems.Count == before) rows.Add(c);
                if ((++done & 4095) == 0) progress?.Report(new("checking", done, table.Rows.Count));
            }
            progress?.Report(new("checking", table.Rows.Count, table.Rows.Count));
            if (outside > 0 && outside * 2 >= positioned)
                notes.Add($"{outside} of {positioned} positions lie outside the district: the file's coordinates are probably not {crs.Name}. "
                    + "Amap and Tencent give GCJ02, Baidu BD09, a surveyor's file a CGCS2000 Gauss–Krüger zone (EPSG:4513–4554)");
            await CompareAsync(conn, spec, rows, ct);
            progress?.Report(new("comparing", rows.Count, rows.Count));
        }

        var (added, changed) = (rows.Count(r => r.Added), rows.Count(r => r.Changed));
        var report = new ImportReport(kind.ToString().ToLowerInvariant(), fileName, table.Format, table.Encoding, crs.Name, dryRun,
            table.Rows.Count, added, changed, rows.Count - added - changed, table.LineWord,
            problems.OrderBy(p => p.Line).ToList(), notes, unknown, null);
        if (dryRun || !report.Accepted) return report; // the transaction rolls back: nothing was written

        try
        {
            await WriteAsync(conn, spec, rows.Where(r => r.Added || r.Changed).ToList(), progress, ct);
        }
        catch (PostgresException e)
        {
            // Another writer got in between the comparison and the write (a row given the same id by an edit, say).
            throw new ImportFileException(409, $"the database refused the rows: {e.MessageText}; nothing was written");
        }
        await using (var record = conn.Command("""
            INSERT INTO imports (id, actor, kind, file_name, crs, added, changed, unchanged)
            VALUES (@id, @actor, @kind, @file, @crs, @added, @changed, @unchanged)
            """, ("id", importId), ("actor", actor), ("kind", report.Kind), ("file", fileName), ("crs", crs.Name),
            ("added", report.Added), ("changed", report.Changed), ("unchanged", report.Unchanged)))
            await record.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return report with { ImportId = importId };
    }

    /// <summary>What the checks need from the database: the district, the Party grids and the areas stations may belong to.</summary>
    sealed class Context
    {
        public required GridIndex District { get; init; }
        public required Dictionary<string, long> GridIds { get; init; }
        public GridIndex? Grids { get; init; }
        public Dictionary<(string Level, string Code), long> AreaIds { get; init; } = [];
        public Dictionary<string, GridIndex> AreasByLevel { get; init; } = [];

        public static async Task<Context> LoadAsync(NpgsqlConnection conn, ImportKind kind, Dictionary<string, string?> columns, CancellationToken ct)
        {
            var districts = await AreasAsync(conn, "level = 'district'", ct);
            if (districts.Count == 0)
                throw new ImportFileException(409, "no district is stored yet: import the district's areas first (kind areas), then its people and places");
            var gridIds = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var cmd = conn.Command("SELECT code, id FROM areas WHERE level = 'grid' AND layer = 'party'"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) gridIds[r.GetString(0)] = r.GetInt64(1);
            var context = new Context
            {
                District = new GridIndex(districts.Select(a => (a.Id, a.Boundary))),
                GridIds = gridIds,
                // Only to check that a household lies in the grid its row names.
                Grids = kind == ImportKind.Households && columns.GetValueOrDefault("grid") is not null
                    ? new GridIndex((await AreasAsync(conn, "level = 'grid' AND layer = 'party'", ct)).Select(a => (a.Id, a.Boundary))) : null,
            };
            if (kind == ImportKind.Stations)
            {
                var areas = await AreasAsync(conn, "level IN ('district', 'street', 'community') OR (level = 'grid' AND layer = 'party')", ct);
                foreach (var level in areas.GroupBy(a => a.Level))
                {
                    context.AreasByLevel[level.Key] = new GridIndex(level.Select(a => (a.Id, a.Boundary)));
                    foreach (var a in level) context.AreaIds[(level.Key, a.Code)] = a.Id;
                }
            }
            return context;
        }

        static async Task<List<(long Id, string Level, string Code, Geometry Boundary)>> AreasAsync(NpgsqlConnection conn, string where, CancellationToken ct)
        {
            var wkb = new WKBReader(GeoJson.Wgs84.GeometryServices);
            var areas = new List<(long, string, string, Geometry)>();
            await using var cmd = conn.Command($"SELECT id, level, code, ST_AsBinary(boundary) FROM areas WHERE {where}");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) areas.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), wkb.Read(r.GetFieldValue<byte[]>(3))));
            return areas;
        }
    }

    static Checked? Check(Spec spec, SourceRow row, Dictionary<string, string?> columns, Crs crs, Context context,
        List<ImportProblem> problems, ref int outside, ref int positioned)
    {
        var line = row.Line;
        var ok = true;
        void Problem(string field, string reason) { problems.Add(new(line, field, reason)); ok = false; }
        string? Cell(string field) => columns.GetValueOrDefault(field) is { } column && row.Cells.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        string? Text(string field, int maxLength, bool required)
        {
            var v = Cell(field);
            if (v is null) { if (required) Problem(field, $"missing: every row needs a {field}"); return null; }
            if (StorableText.Problem(field, v) is { } refused) { Problem(field, refused); return null; }
            if (StorableText.Length(v) > maxLength) { Problem(field, $"longer than {maxLength} characters"); return null; }
            return v;
        }
        string? Word(string field, IReadOnlyDictionary<string, string> words)
        {
            var v = Cell(field);
            if (v is null) { Problem(field, "missing"); return null; }
            if (words.TryGetValue(v, out var name)) return name;
            Problem(field, $"\"{v}\" is not a {field}: one of {ImportFields.List(words)}");
            return null;
        }

        var key = Text("id", 100, true);
        var name = Text("name", 200, true);
        var (lon, lat) = Position(row, columns, crs, spec.LocationRequired, Problem);
        if (lon is { } x && lat is { } y)
        {
            positioned++;
            if (context.District.Locate(x, y) is null)
            {
                outside++;
                var swapped = Swapped(row, columns, crs) is { } s && context.District.Locate(s.Lon, s.Lat) is not null;
                Problem("lon", $"the position {x:0.######}, {y:0.######} (lon, lat after converting from {crs.Name}) lies outside the district: "
                    + (swapped ? "lon and lat (or x and y) look swapped" : $"the usual sign of a wrong crs, or of a wrong position"));
            }
        }

        object?[] values;
        switch (spec.Kind)
        {
            case ImportKind.Households:
            {
                int? members = null;
                if (Cell("members") is not { } m) Problem("members", "missing: how many people live in the household");
                // A spreadsheet hands "3" over as the number 3.0.
                else if (double.TryParse(m, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d))
                {
                    if (d is >= 1 and <= 50) members = (int)d;
                    else Problem("members", $"{m} is not a household's size: 1 to 50");
                }
                else Problem("members", $"\"{m}\" is not a whole number");
                var householdKind = Word("kind", ImportFields.HouseholdKinds);
                var phone = Phone(Cell("phone"), Problem);
                if (Cell("grid") is { } gridCode && lon is { } hx && lat is { } hy && ok)
                {
                    if (!context.GridIds.TryGetValue(gridCode, out var gridId)) Problem("grid", $"unknown grid code \"{gridCode}\": no Party grid has it");
                    else if (context.Grids!.Locate(hx, hy) is var at && at != gridId)
                        Problem("grid", at is null ? $"the position lies in no grid, not in grid {gridCode}" : $"the position lies in another grid than {gridCode}: check the position, the crs or the grid code");
                }
                values = [name, members, householdKind, phone];
                break;
            }
            case ImportKind.Stations:
            {
                var level = Word("level", ImportFields.StationLevels);
                double? radius = null;
                if (Cell("radius") is not { } rText) Problem("radius", "missing: the station's service radius in metres");
                else if (double.TryParse(rText, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 && r <= 20_000) radius = r;
                else Problem("radius", $"\"{rText}\" is not a radius in metres: more than 0, at most 20000");
                var hours = Text("hours", 200, false);
                var services = Cell("services") is { } sv
                    ? ServiceSeparators().Split(sv).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray() : [];
                if (services.FirstOrDefault(s => StorableText.Problem("services", s) is not null) is { } bad) Problem("services", StorableText.Problem("services", bad)!);
                long? areaId = null;
                if (level is not null)
                {
                    if (Cell("area") is { } areaCode)
                    {
                        if (context.AreaIds.TryGetValue((level, areaCode), out var id)) areaId = id;
                        else Problem("area", $"unknown area code \"{areaCode}\": no {level} has it");
                    }
                    else if (lon is { } sx && lat is { } sy && context.AreasByLevel.TryGetValue(level, out var index)) areaId = index.Locate(sx, sy);
                }
                values = [name, level, radius, hours, services, areaId];
                break;
            }
            default:
            {
                var role = Word("role", ImportFields.StaffRoles);
                var phone = Phone(Cell("phone"), Problem);
                long? homeGrid = null;
                if (Cell("grid") is not { } gridCode) Problem("grid", "missing: a staff member's home grid code");
                else if (context.GridIds.TryGetValue(gridCode, out var gridId)) homeGrid = gridId;
                else Problem("grid", $"unknown grid code \"{gridCode}\": no Party grid has it");
                values = [name, role, phone, homeGrid];
                break;
            }
        }
        // A bad row with a key is still returned, so that a later row with the same key is named a duplicate.
        return key is null ? null : new Checked(line, key, values, lon, lat);
    }

    [GeneratedRegex("[;；、,，|]")]
    private static partial Regex ServiceSeparators();

    /// <summary>
    /// A mainland phone number as offices write it: a mobile (1 and ten digits) or a landline with
    /// its area code (0 and 9 to 11 digits), with or without +86, spaces, dashes and brackets.
    /// Stored as written (trimmed): the office's way of writing it stays theirs.
    /// </summary>
    static string? Phone(string? text, Action<string, string> problem)
    {
        if (text is null) return null;
        var digits = PhoneNoise().Replace(text, "");
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("86", StringComparison.Ordinal) && digits.Length == 13) digits = digits[2..];
        if (MobileOrLandline().IsMatch(digits)) return text;
        problem("phone", $"\"{text}\" is not a phone number: a mobile 1xxxxxxxxxx or a landline with its area code, 0xx-xxxxxxxx");
        return null;
    }

    [GeneratedRegex(@"[\s\-()（）]")]
    private static partial Regex PhoneNoise();

    [GeneratedRegex(@"^(1[3-9][0-9]{9}|0[1-9][0-9]{8,10})$")]
    private static partial Regex MobileOrLandline();

    /// <summary>The row's WGS84 position: from its point geometry or its lon/lat (x/y) columns, converted from the declared system.</summary>
    static (double? Lon, double? Lat) Position(SourceRow row, Dictionary<string, string?> columns, Crs crs, bool required, Action<string, string> problem)
    {
        if (Raw(row, columns, out var reason) is not { } raw)
        {
            if (reason is not null) problem("lon", reason);
            else if (required) problem("lon", "missing coordinate: give lon and lat (经度, 纬度)");
            return (null, null);
        }
        var (x, y) = raw;
        if (crs.IsGeographic && (!LonLat.IsLon(x) || !LonLat.IsLat(y)))
        {
            problem("lon", $"{x}, {y} is not a longitude and latitude; if these are metres, declare their Gauss–Krüger zone (crs=EPSG:4513 to EPSG:4554)");
            return (null, null);
        }
        var (lon, lat) = crs.ToWgs84(x, y);
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || !LonLat.IsLon(lon) || !LonLat.IsLat(lat))
        {
            problem("lon", $"{x}, {y} is no position in {crs.Name}");
            return (null, null);
        }
        return (Round(lon), Round(lat));
    }

    /// <summary>The coordinates as the file gives them, or null with the reason (null too when there are none).</summary>
    static (double X, double Y)? Raw(SourceRow row, Dictionary<string, string?> columns, out string? reason)
    {
        reason = null;
        if (row.GeometryError is { } error) { reason = $"unparsable coordinate: {error}"; return null; }
        if (row.Geometry is { } g)
        {
            var point = g switch { Point p => p, MultiPoint { NumGeometries: 1 } m => (Point)m.GetGeometryN(0), _ => null };
            if (point is null) { reason = $"a {g.GeometryType} is not a position: expected a Point"; return null; }
            return (point.X, point.Y);
        }
        string? Cell(string field) => columns.GetValueOrDefault(field) is { } c && row.Cells.TryGetValue(c, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var (xText, yText) = (Cell("lon"), Cell("lat"));
        if (xText is null && yText is null) return null;
        if (xText is null || yText is null) { reason = $"missing coordinate: {(xText is null ? "lon" : "lat")} is empty"; return null; }
        if (!double.TryParse(xText, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
        { reason = $"unparsable coordinate: lon \"{xText}\" is not a number"; return null; }
        if (!double.TryParse(yText, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) || !double.IsFinite(y))
        { reason = $"unparsable coordinate: lat \"{yText}\" is not a number"; return null; }
        return (x, y);
    }

    static (double Lon, double Lat)? Swapped(SourceRow row, Dictionary<string, string?> columns, Crs crs)
    {
        if (Raw(row, columns, out _) is not { } raw) return null;
        if (crs.IsGeographic && (!LonLat.IsLon(raw.Y) || !LonLat.IsLat(raw.X))) return null;
        var (lon, lat) = crs.ToWgs84(raw.Y, raw.X);
        return double.IsFinite(lon) && double.IsFinite(lat) ? (lon, lat) : null;
    }

    /// <summary>Marks each row added (no stored row has its key) or changed (a stored one differs); the rest are unchanged.</summary>
    static async Task CompareAsync(NpgsqlConnection conn, Spec spec, List<Checked> rows, CancellationToken ct)
    {
        var byKey = rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        foreach (var r in rows) r.Added = true;
        var columns = string.Join(", ", spec.Columns.Select(c => c.Name));
        await using var cmd = conn.Command($"""
            SELECT source_key, {columns}, ST_X(location), ST_Y(location) FROM {spec.Table}
            WHERE source_key = ANY(@keys)
            """, ("keys", byKey.Keys.ToArray()));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = byKey[reader.GetString(0)];
            row.Added = false;
            var n = spec.Columns.Length;
            for (var i = 0; i < n && !row.Changed; i++)
                row.Changed = !Same(reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1), row.Values[i]);
            // A staff row without a position leaves the stored one as it is.
            if (row.Lon is { } lon && row.Lat is { } lat)
                row.Changed |= reader.IsDBNull(n + 1) || reader.GetDouble(n + 1) != lon || reader.GetDouble(n + 2) != lat;
        }
    }

    static bool Same(object? stored, object? value) => (stored, value) switch
    {
        (null, null) => true,
        (string[] a, string[] b) => a.SequenceEqual(b),
        (null, string[] { Length: 0 }) => true,
        (string[] { Length: 0 }, null) => true,
        _ => Equals(stored, value),
    };

    static async Task WriteAsync(NpgsqlConnection conn, Spec spec, List<Checked> rows, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var columns = spec.Columns.Select(c => c.Name).ToArray();
        var types = string.Join(", ", spec.Columns.Select(c => $"{c.Name} {SqlType(c.Type)}"));
        await using (var create = conn.Command($"CREATE TEMP TABLE import_rows (key text, added boolean, lon float8, lat float8, {types}) ON COMMIT DROP"))
            await create.ExecuteNonQueryAsync(ct);
        await using (var copy = await conn.BeginBinaryImportAsync(
            $"COPY import_rows (key, added, lon, lat, {string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", ct))
        {
            copy.Timeout = TimeSpan.Zero;
            var written = 0;
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Key, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Added, NpgsqlDbType.Boolean, ct);
                if (r.Lon is { } lon) await copy.WriteAsync(lon, NpgsqlDbType.Double, ct); else await copy.WriteNullAsync(ct);
                if (r.Lat is { } lat) await copy.WriteAsync(lat, NpgsqlDbType.Double, ct); else await copy.WriteNullAsync(ct);
                for (var i = 0; i < spec.Columns.Length; i++)
                    if (r.Values[i] is { } v) await copy.WriteAsync(v, spec.Columns[i].Type, ct); else await copy.WriteNullAsync(ct);
                if ((++written & 8191) == 0) progress?.Report(new("writing", written, rows.Count));
            }
            await copy.CompleteAsync(ct);
        }
        const string Point = "ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)";
        await using (var update = conn.Command($"""
            UPDATE {spec.Table} x SET {string.Join(", ", columns.Select(c => $"{c} = t.{c}"))}, location = coalesce({Point}, x.location)
            FROM import_rows t WHERE NOT t.added AND x.source_key = t.key
            """))
        {
            update.CommandTimeout = 0;
            await update.ExecuteNonQueryAsync(ct);
        }
        await using (var insert = conn.Command($"""
            INSERT INTO {spec.Table} (source_key, {string.Join(", ", columns)}, location)
            SELECT t.key, {string.Join(", ", columns.Select(c => $"t.{c}"))}, {Point} FROM import_rows t WHERE t.added
            """))
        {
            insert.CommandTimeout = 0;
            await insert.ExecuteNonQueryAsync(ct);
        }
        progress?.Report(new("writing", rows.Count, rows.Count));
    }

    static string SqlType(NpgsqlDbType t) => t switch
    {
        NpgsqlDbType.Text => "text",
        NpgsqlDbType.Integer => "integer",
        NpgsqlDbType.Bigint => "bigint",
        NpgsqlDbType.Double => "float8",
        NpgsqlDbType.Array | NpgsqlDbType.Text => "text[]",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    /// <summary>Why an import cannot be undone, or what undoing it did.</summary>
    public abstract record UndoOutcome
    {
        public sealed record Undone(long ImportId, int Deleted, int Restored) : UndoOutcome;
        public sealed record NotFound : UndoOutcome;
        public sealed record Refused(string Reason) : UndoOutcome;
    }

    /// <summary>
    /// Undoes import <paramref name="importId"/>: deletes the rows it added and restores the
    /// before-images (from data_changes) of the rows it changed, in one transaction named
    /// <c>undo import N</c>. Only the last import not yet undone can be, and only while no later
    /// import or edit has touched its rows.
    /// </summary>
    public static async Task<UndoOutcome> UndoAsync(NpgsqlDataSource db, long importId, string actor, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, actor, $"undo import {importId}", ct);
        await using (var lockCmd = conn.Command("SELECT pg_advisory_xact_lock(@key)", ("key", ImportLock)))
        {
            lockCmd.CommandTimeout = 0;
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        string kind;
        await using (var find = conn.Command("SELECT kind, undone_at IS NOT NULL FROM imports WHERE id = @id", ("id", importId)))
        await using (var r = await find.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return new UndoOutcome.NotFound();
            kind = r.GetString(0);
            if (r.GetBoolean(1)) return new UndoOutcome.Refused($"import {importId} was undone already");
        }
        if (!Enum.TryParse<ImportKind>(kind, ignoreCase: true, out var k) || k == ImportKind.Areas)
            return new UndoOutcome.Refused($"import {importId} brought in areas, which are not undone here: cases and people may refer to them");
        await using (var later = conn.Command("SELECT min(id) FROM imports WHERE id > @id AND undone_at IS NULL", ("id", importId)))
            if (await later.ExecuteScalarAsync(ct) is long laterId)
                return new UndoOutcome.Refused($"import {laterId} came later: undo it first (only the last import can be undone)");
        var spec = SpecOf(k);
        var reason = $"import {importId}";
        await using (var touched = conn.Command("""
            SELECT min(later.reason) FROM data_changes mine
            JOIN data_changes later ON later.entity = mine.entity AND later.entity_id = mine.entity_id AND later.id > mine.id
            WHERE mine.reason = @reason AND mine.entity = @entity
            """, ("reason", reason), ("entity", spec.Entity)))
            if (await touched.ExecuteScalarAsync(ct) is string by)
                return new UndoOutcome.Refused($"rows of import {importId} have been changed since ({by}): undoing it would lose that change");

        var columns = spec.Columns.Select(c => c.Name).Append("source_key").ToArray();
        int restored, deleted;
        await using (var restore = conn.Command($"""
            UPDATE {spec.Table} x SET {string.Join(", ", columns.Select(c => $"{c} = b.{c}"))},
                location = ST_SetSRID(ST_MakePoint((c.before->'location'->>0)::float8, (c.before->'location'->>1)::float8), 4326)
            FROM data_changes c CROSS JOIN LATERAL jsonb_populate_record(NULL::{spec.Table}, c.before - 'location') b
            WHERE c.reason = @reason AND c.entity = @entity AND c.before IS NOT NULL AND c.after IS NOT NULL AND x.id = c.entity_id
            """, ("reason", reason), ("entity", spec.Entity)))
        {
            restore.CommandTimeout = 0;
            restored = await restore.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await using var delete = conn.Command($"""
                DELETE FROM {spec.Table} WHERE id IN (
                    SELECT entity_id FROM data_changes WHERE reason = @reason AND entity = @entity AND before IS NULL)
                """, ("reason", reason), ("entity", spec.Entity));
            delete.CommandTimeout = 0;
            deleted = await delete.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return new UndoOutcome.Refused($"rows import {importId} added are referred to since ({e.TableName ?? "another table"}): they cannot be deleted");
        }
        await using (var mark = conn.Command("UPDATE imports SET undone_at = now(), undone_by = @actor WHERE id = @id", ("actor", actor), ("id", importId)))
            await mark.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return new UndoOutcome.Undone(importId, deleted, restored);
    }
}
