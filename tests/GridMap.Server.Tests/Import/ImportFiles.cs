using System.IO.Compression;
using System.Text;

namespace GridMap.Tests.Import;

/// <summary>
/// Files as offices bring them, written by someone else where that matters: GDAL's ogr2ogr writes
/// the Shapefile, GeoPackage and XLSX from a GeoJSON, so the readers are tried on files GridMap did not write.
/// </summary>
public static class ImportFiles
{
    static string Invariant(object? v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";

    public static byte[] Csv(string[] header, IEnumerable<object?[]> rows, Encoding? encoding = null, bool bom = false)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', header)).Append("\r\n");
        foreach (var r in rows) text.Append(string.Join(',', r.Select(v => Invariant(v) is var s && s.Contains(',') ? $"\"{s}\"" : s))).Append("\r\n");
        var bytes = (encoding ?? new UTF8Encoding(false)).GetBytes(text.ToString());
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    /// <summary>Points with their attributes as a GeoJSON FeatureCollection (x, y as the file's crs has them).</summary>
    public static byte[] GeoJson(string[] header, IEnumerable<object?[]> rows, int xColumn, int yColumn)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var r in rows)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                for (var i = 0; i < header.Length; i++)
                {
                    if (i == xColumn || i == yColumn) continue;
                    switch (r[i])
                    {
                        case null: w.WriteNull(header[i]); break;
                        case int n: w.WriteNumber(header[i], n); break;
                        case double d: w.WriteNumber(header[i], d); break;
                        default: w.WriteString(header[i], Invariant(r[i])); break;
                    }
                }
                w.WriteEndObject();
                w.WriteStartObject("geometry");
                w.WriteString("type", "Point");
                w.WriteStartArray("coordinates");
                w.WriteNumberValue((double)r[xColumn]!);
                w.WriteNumberValue((double)r[yColumn]!);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    /// <summary>ogr2ogr's conversion of a GeoJSON to <paramref name="driver"/>; a Shapefile comes zipped.</summary>
    public static async Task<byte[]> Gdal(byte[] geoJson, string driver, params string[] options)
    {
        var dir = Directory.CreateTempSubdirectory("gridmap-import-test-").FullName;
        try
        {
            var input = Path.Combine(dir, "in.geojson");
            await File.WriteAllBytesAsync(input, geoJson);
            var ext = driver switch { "ESRI Shapefile" => "shp", "GPKG" => "gpkg", "XLSX" => "xlsx", _ => throw new ArgumentException(driver) };
            var outDir = Path.Combine(dir, "out");
            Directory.CreateDirectory(outDir);
            var output = Path.Combine(outDir, $"rows.{ext}");
            await ExternalProgram.RunAsync("ogr2ogr", ["-f", driver, output, input, .. options]);
            if (ext != "shp") return await File.ReadAllBytesAsync(output);
            using var zipped = new MemoryStream();
            using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var f in Directory.GetFiles(outDir)) zip.CreateEntryFromFile(f, Path.GetFileName(f));
            return zipped.ToArray();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A zip whose one entry unpacks to <paramref name="bytes"/> zeros (a few hundred KB packed).</summary>
    public static byte[] ZipOfZeros(string entryName, long bytes, params (string Name, string Text)[] others)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in others)
                using (var s = zip.CreateEntry(name).Open()) s.Write(Encoding.UTF8.GetBytes(text));
            using var e = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open();
            var zeros = new byte[1 << 20];
            for (long written = 0; written < bytes; written += zeros.Length) e.Write(zeros);
        }
        return ms.ToArray();
    }
}
