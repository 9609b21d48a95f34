using System.IO.Compression;
using ExcelDataReader;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridMap.Server.Import;

/// <summary>
/// One row of an uploaded file: its cells by column name as the file spells it, and its geometry
/// when the format has one. <paramref name="Line"/> is what a person finds the row by: the
/// spreadsheet's row number (the header is line 1) or the feature's position (from 1).
/// </summary>
public sealed record SourceRow(int Line, IReadOnlyDictionary<string, string?> Cells, Geometry? Geometry, string? GeometryError = null);

/// <summary>A file read into rows. <paramref name="LineWord"/> is "line" for sheets, "feature" for GIS files.</summary>
public sealed record SourceTable(string Format, string? Encoding, IReadOnlyList<string> Columns, IReadOnlyList<SourceRow> Rows, string LineWord);

/// <summary>A file refused as a whole before any row is checked: 4xx with this reason.</summary>
public sealed class ImportFileException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Reads the formats offices keep their data in, by their content rather than their name: CSV
/// (UTF-8 with or without BOM, else GB18030, as Excel in China saves it), XLSX (ExcelDataReader:
/// a forward-only reader that hands numbers over as numbers, so coordinates keep every digit, and
/// needs no other package), GeoJSON, a zipped Shapefile (NetTopologySuite.IO.Esri.Shapefile) and
/// GeoPackage (Microsoft.Data.Sqlite with NetTopologySuite.IO.GeoPackage). Every reader is
/// bounded: rows (<see cref="ImportLimits.MaxRows"/>), and for zips the entries and the bytes
/// they unpack to, counted as they are unpacked (a zip bomb's headers may lie).
/// </summary>
public static class ImportFile
{
    public const string Formats = "CSV, XLSX, GeoJSON, a zipped Shapefile or a GeoPackage";

    /// <summary>
    /// The code pages (GB18030, and Windows-1252, which ExcelDataReader asks for even to read
    /// XLSX), registered once at start-up so that what a request may name does not change midway.
    /// </summary>
    public static void RegisterEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SourceTable Read(byte[] content, ImportLimits limits)
    {
        if (content.Length == 0) throw new ImportFileException(400, "the file is empty");
        if (StartsWith(content, "PK\u0003\u0004"u8)) return ReadZip(content, limits);
        if (StartsWith(content, "SQLite format 3\0"u8)) return ReadGeoPackage(content, limits);
        var (text, encoding) = Decode(content);
        if (text.AsSpan().TrimStart().StartsWith("{")) return ReadGeoJson(content, limits);
        if (text.Contains('\0')) throw new ImportFileException(415, $"the file is not text, nor a format GridMap reads: send {Formats}");
        return ReadCsv(text, encoding, limits);
    }

    static bool StartsWith(byte[] content, ReadOnlySpan<byte> magic) => content.AsSpan().StartsWith(magic);

    /// <summary>UTF-8 when the bytes are UTF-8 (with or without BOM), else GB18030 (which GBK and GB2312 are subsets of).</summary>
    static (string Text, string Encoding) Decode(byte[] content)
    {
        if (content.AsSpan().StartsWith("\uFEFF"u8)) return (Encoding.UTF8.GetString(content, 3, content.Length - 3), "UTF-8");
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Gb18030.GetString(content), "GB18030");
        }
    }

    /// <summary>From the code pages provider itself: registering it for the process would change which charsets requests may name.</summary>
    public static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    // ---- CSV (RFC 4180: quoted cells may hold commas, quotes doubled, line breaks) ----

    static SourceTable ReadCsv(string text, string encoding, ImportLimits limits)
    {
        var records = CsvRecords(text).GetEnumerator();
        if (!records.MoveNext()) throw new ImportFileException(400, "the file is empty");
        var header = Header(records.Current.Cells);
        var rows = new List<SourceRow>();
        while (records.MoveNext())
        {
            var (line, cells) = records.Current;
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            if (rows.Count == limits.MaxRows) throw TooManyRows(limits);
            rows.Add(new(line, Cells(header, cells), null));
        }
        return new("csv", encoding, header, rows, "line");
    }

    static IEnumerable<(int Line, List<string> Cells)> CsvRecords(string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var (line, startLine, i) = (1, 1, 0);
        var quoted = false;
        while (i < text.Length)
        {
            var c = text[i++];
            if (quoted)
            {
                if (c == '"' && i < text.Length && text[i] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i < text.Length && text[i] == '\n') i++;
                cells.Add(cell.ToString());
                cell.Clear();
                yield return (startLine, cells);
                cells = [];
                startLine = ++line;
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            yield return (startLine, cells);
        }
    }

    static List<string> Header(IEnumerable<string?> names)
    {
        var header = names.Select(n => (n ?? "").Trim()).ToList();
        if (header.All(h => h.Length == 0)) throw new ImportFileException(400, "the first row holds no column names");
        return header;
    }

    static Dictionary<string, string?> Cells(List<string> header, IReadOnlyList<string?> cells)
    {
        var row = new Dictionary<string, string?>(header.Count);
        for (var c = 0; c < header.Count; c++)
            if (header[c].Length > 0) row.TryAdd(header[c], c < cells.Count ? cells[c] : null);
        return row;
    }

    /// <summary>What a reader of a hostile or broken file may throw: the file's fault, a 400, never a 500.</summary>
    static bool Unreadable(Exception e) => e is not (ImportFileException or OutOfMemoryException or OperationCanceledException);

    static ImportFileException TooManyRows(ImportLimits limits) =>
        new(413, $"the file has more than {limits.MaxRows:N0} rows; split it, for instance one street at a time");

    // ---- zips: XLSX or a zipped Shapefile ----

    static SourceTable ReadZip(byte[] content, ImportLimits limits)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read); }
        catch (InvalidDataException e) { throw new ImportFileException(400, $"the file looks like a zip but cannot be opened: {e.Message}"); }
        using var _ = zip;
        if (zip.Entries.Count > limits.MaxZipEntries)
            throw new ImportFileException(413, $"the zip holds {zip.Entries.Count} entries; at most {limits.MaxZipEntries} are read");
        // Declared sizes first (cheap), then the bytes actually unpacked (Unzip), which a forged header cannot hide.
        if (zip.Entries.Sum(e => e.Length) > limits.MaxUnzippedBytes) throw Bomb(limits);
        if (zip.GetEntry("xl/workbook.xml") is not null) return ReadXlsx(zip, limits);
        var shp = zip.Entries.Where(e => e.FullName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).ToList();
        if (shp.Count == 1) return ReadShapefile(zip, shp[0], limits);
        if (shp.Count > 1) throw new ImportFileException(400, $"the zip holds {shp.Count} shapefiles ({string.Join(", ", shp.Select(s => s.FullName))}); send one at a time");
        throw new ImportFileException(415, $"the zip is neither an XLSX workbook nor a zipped Shapefile: send {Formats}");
    }

    static ImportFileException Bomb(ImportLimits limits) =>
        new(413, $"the zip unpacks to more than {limits.MaxUnzippedBytes:N0} bytes; it is refused unread");

    /// <summary>An entry's bytes, refused once the whole zip has unpacked to more than the limit.</summary>
    static byte[] Unzip(ZipArchiveEntry entry, ImportLimits limits, ref long unpacked)
    {
        using var from = entry.Open();
        using var to = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = from.Read(buffer)) > 0)
        {
            unpacked += n;
            if (unpacked > limits.MaxUnzippedBytes) throw Bomb(limits);
            to.Write(buffer, 0, n);
        }
        return to.ToArray();
    }

    static SourceTable ReadXlsx(ZipArchive zip, ImportLimits limits)
    {
        // Unpacked and re-zipped under the byte count, so that ExcelDataReader never inflates more than we allowed.
        long unpacked = 0;
        using var copy = new MemoryStream();
        using (var rezip = new ZipArchive(copy, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in zip.Entries)
            {
                var bytes = Unzip(entry, limits, ref unpacked);
                using var s = rezip.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                s.Write(bytes);
            }
        copy.Position = 0;
        try
        {
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(copy);
            if (!reader.Read()) throw new ImportFileException(400, "the first sheet is empty");
            var header = Header(Enumerable.Range(0, reader.FieldCount).Select(i => CellText(reader.GetValue(i))));
            var rows = new List<SourceRow>();
            var line = 1;
            while (reader.Read())
            {
                line++;
                var cells = Enumerable.Range(0, reader.FieldCount).Select(i => CellText(reader.GetValue(i))).ToList();
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count == limits.MaxRows) throw TooManyRows(limits);
                rows.Add(new(line, Cells(header, cells), null));
            }
            return new("xlsx", null, header, rows, "line");
        }
        catch (Exception e) when (Unreadable(e))
        {
            throw new ImportFileException(400, $"the workbook cannot be read: {e.Message}");
        }
    }

    /// <summary>A cell as text: numbers with every digit ("R"), dates as ISO 8601.</summary>
    static string? CellText(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("s", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    static SourceTable ReadShapefile(ZipArchive zip, ZipArchiveEntry shpEntry, ImportLimits limits)
    {
        var stem = shpEntry.FullName[..^4];
        ZipArchiveEntry? Part(string ext) => zip.Entries.FirstOrDefault(e => e.FullName.Equals(stem + ext, StringComparison.OrdinalIgnoreCase));
        var dbfEntry = Part(".dbf") ?? throw new ImportFileException(400, $"the zip has {shpEntry.FullName} but no {stem}.dbf: a shapefile's attributes are in its .dbf");
        long unpacked = 0;
        var shp = Unzip(shpEntry, limits, ref unpacked);
        var dbf = Unzip(dbfEntry, limits, ref unpacked);
        var cpg = Part(".cpg") is { } c ? Encoding.ASCII.GetString(Unzip(c, limits, ref unpacked)).Trim() : null;
        var options = new NetTopologySuite.IO.Esri.Shapefiles.Readers.ShapefileReaderOptions { Encoding = DbfEncoding(cpg, dbf) };
        try
        {
            using var reader = NetTopologySuite.IO.Esri.Shapefile.OpenRead(new MemoryStream(shp), new MemoryStream(dbf), options);
            var header = reader.Fields.Select(f => f.Name).ToList();
            var rows = new List<SourceRow>();
            while (reader.Read(out var deleted))
            {
                if (deleted) continue;
                if (rows.Count == limits.MaxRows) throw TooManyRows(limits);
                var cells = new Dictionary<string, string?>(header.Count);
                foreach (var f in reader.Fields) cells.TryAdd(f.Name, CellText(f.Value) is { } t ? t.Trim() : null);
                rows.Add(new(rows.Count + 1, cells, reader.Geometry is { IsEmpty: false } g ? g : null));
            }
            return new("shapefile", options.Encoding?.WebName, header, rows, "feature");
        }
        catch (Exception e) when (Unreadable(e))
        {
            throw new ImportFileException(400, $"the shapefile cannot be read: {e.Message}");
        }
    }

    /// <summary>The .cpg's code page, else the .dbf's language driver (0x4D: GBK, as ArcGIS writes Chinese), else UTF-8.</summary>
    static Encoding DbfEncoding(string? cpg, byte[] dbf)
    {
        switch (cpg?.ToUpperInvariant())
        {
            case "UTF-8" or "UTF8" or "65001": return new UTF8Encoding(false);
            case "GBK" or "GB2312" or "GB18030" or "936" or "CP936" or "54936": return Gb18030;
        }
        return dbf.Length > 29 && dbf[29] == 0x4D ? Gb18030 : new UTF8Encoding(false);
    }

    // ---- GeoPackage: the first features table ----

    static SourceTable ReadGeoPackage(byte[] content, ImportLimits limits)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gridmap-import-{Guid.NewGuid():N}.gpkg");
        File.WriteAllBytes(path, content);
        try
        {
            using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            conn.Open();
            string table, geometryColumn;
            using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = """
                    SELECT c.table_name, g.column_name FROM gpkg_contents c
                    JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
                    WHERE c.data_type = 'features' ORDER BY c.table_name LIMIT 2
                    """;
                using var r = cmd.ExecuteReader();
                if (!r.Read()) throw new ImportFileException(400, "the GeoPackage has no features table");
                (table, geometryColumn) = (r.GetString(0), r.GetString(1));
                if (r.Read()) throw new ImportFileException(400, "the GeoPackage has more than one features table; send one layer at a time");
            }
            var geo = new GeoPackageGeoReader();
            using var select = conn.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"";
            using var reader = select.ExecuteReader();
            var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<SourceRow>();
            while (reader.Read())
            {
                if (rows.Count == limits.MaxRows) throw TooManyRows(limits);
                var cells = new Dictionary<string, string?>(header.Count);
                Geometry? geometry = null;
                string? error = null;
                for (var i = 0; i < header.Count; i++)
                {
                    if (reader.IsDBNull(i)) { cells.TryAdd(header[i], null); continue; }
                    if (header[i] == geometryColumn)
                    {
                        try { geometry = geo.Read((byte[])reader.GetValue(i)); }
                        catch (Exception e) when (e is ParseException or ArgumentException or InvalidCastException or IndexOutOfRangeException) { error = $"unreadable geometry: {e.Message}"; }
                    }
                    else cells.TryAdd(header[i], CellText(reader.GetValue(i)));
                }
                rows.Add(new(rows.Count + 1, cells, geometry, error));
            }
            return new("geopackage", null, header.Where(h => h != geometryColumn).ToList(), rows, "feature");
        }
        catch (SqliteException e)
        {
            throw new ImportFileException(400, $"the GeoPackage cannot be read: {e.Message}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    // ---- GeoJSON: a FeatureCollection, properties as cells ----

    static SourceTable ReadGeoJson(byte[] content, ImportLimits limits)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(content.AsMemory(content.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0)); }
        catch (JsonException e) { throw new ImportFileException(400, $"malformed JSON: {e.Message}"); }
        using var _ = document;
        IReadOnlyList<GeoJsonFeature> features;
        try { features = GeoJson.ReadFeatureCollection(document.RootElement); }
        catch (GeoJsonException e) { throw new ImportFileException(400, e.Message); }
        if (features.Count > limits.MaxRows) throw TooManyRows(limits);
        var header = new List<string>();
        var rows = new List<SourceRow>(features.Count);
        foreach (var f in features)
        {
            var cells = new Dictionary<string, string?>();
            if (f.Properties.ValueKind == JsonValueKind.Object)
                foreach (var p in f.Properties.EnumerateObject())
                {
                    if (!header.Contains(p.Name)) header.Add(p.Name);
                    cells.TryAdd(p.Name, p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => p.Value.GetRawText(),
                    });
                }
            rows.Add(new(f.Index + 1, cells, f.Geometry, f.Error));
        }
        return new("geojson", "UTF-8", header, rows, "feature");
    }
}

/// <summary>How much one import may ask of the server (<c>GRIDMAP_IMPORT_*</c>).</summary>
public sealed record ImportLimits(long MaxBytes, int MaxRows, long MaxUnzippedBytes, int MaxZipEntries)
{
    /// <summary>50 MB uploaded, 200,000 rows (twice the 100,000 households the benchmark brings in), 200 MB unzipped, 20 entries.</summary>
    public static ImportLimits From(IConfiguration config) => new(
        config.GetValue("GRIDMAP_IMPORT_MAX_BYTES", 50L * 1024 * 1024),
        config.GetValue("GRIDMAP_IMPORT_MAX_ROWS", 200_000),
        config.GetValue("GRIDMAP_IMPORT_MAX_UNZIPPED_BYTES", 200L * 1024 * 1024),
        20);
}
