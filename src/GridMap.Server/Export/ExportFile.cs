using Microsoft.Net.Http.Headers;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Export;

/// <summary>The file formats of the export.</summary>
public static class ExportFormats
{
    public const string Csv = "csv";
    public const string GeoJson = "geojson";
    public const string GeoPackage = "gpkg";
    public static IReadOnlyList<string> All { get; } = [Csv, GeoJson, GeoPackage];
    public static string? Find(string name) => All.FirstOrDefault(f => f == name);
}

/// <summary>
/// A layer's rows written as a file while PostgreSQL returns them, so that memory does not grow
/// with the layer. <paramref name="rowsSql"/> returns one row per feature: <c>ord</c> (the order),
/// <c>id</c>, <c>properties</c> (jsonb) and <c>geom</c> (SRID 4326), polygons written with RFC 7946's
/// orientation in every format (outer rings counterclockwise). GeoJSON gets each
/// Feature's text from PostGIS; CSV (UTF-8 with a BOM so that spreadsheets read it as UTF-8,
/// cells made formula-safe by <see cref="Data.Csv"/>) and GeoPackage take the layer's columns
/// from the properties. A GeoPackage is an SQLite database, which cannot be written to a stream:
/// it is written to a temporary file, sent, and deleted.
/// </summary>
public sealed class ExportFile(NpgsqlDataSource db, ExportLayer layer, string format, string fileName,
    string rowsSql, (string, object?)[] parameters) : IResult
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string ContentType => format switch
    {
        ExportFormats.Csv => "text/csv; charset=utf-8",
        ExportFormats.GeoJson => "application/geo+json",
        _ => "application/geopackage+sqlite3",
    };

    string Sql => format switch
    {
        ExportFormats.GeoJson => $$"""
            SELECT '{"type":"Feature","id":' || x.id || ',"geometry":' || ST_AsGeoJSON(ST_ForcePolygonCCW(x.geom), 7)
                   || ',"properties":' || x.properties::text || '}'
            FROM ({{rowsSql}}) x ORDER BY x.ord
            """,
        ExportFormats.Csv => $"""
            SELECT x.id, {string.Join(", ", layer.Columns.Select(Property))},
                   {(layer.Points ? "ST_X(x.geom), ST_Y(x.geom)" : "ST_AsText(ST_ForcePolygonCCW(x.geom), 7)")}
            FROM ({rowsSql}) x ORDER BY x.ord
            """,
        _ => $"SELECT x.id, {string.Join(", ", layer.Columns.Select(Property))}, ST_ForcePolygonCCW(x.geom) FROM ({rowsSql}) x ORDER BY x.ord",
    };

    /// <summary>A property as text (JSON's text for arrays); the names are the layer's own constants.</summary>
    static string Property(ExportColumn column) => $"x.properties->>'{column.Name}'";

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        await using var cmd = db.Command(Sql, parameters);
        // Run the query before the status line goes out, so that a database error still becomes a problem.
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var any = await reader.ReadAsync(ct);
        http.Response.ContentType = ContentType;
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        switch (format)
        {
            case ExportFormats.GeoJson: await GeoJsonAsync(reader, any, http.Response.Body, ct); break;
            case ExportFormats.Csv: await CsvAsync(reader, any, http.Response.Body, ct); break;
            default: await GeoPackageAsync(reader, any, http, ct); break;
        }
    }

    static async Task GeoJsonAsync(NpgsqlDataReader reader, bool any, Stream body, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, Utf8, bufferSize: 64 * 1024);
        await writer.WriteAsync("""{"type":"FeatureCollection","features":[""");
        for (var first = true; any; any = await reader.ReadAsync(ct), first = false)
        {
            if (!first) await writer.WriteAsync(',');
            await writer.WriteAsync(reader.GetString(0));
        }
        await writer.WriteAsync("]}");
    }

    async Task CsvAsync(NpgsqlDataReader reader, bool any, Stream body, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, Utf8, bufferSize: 64 * 1024);
        var line = new StringBuilder("\uFEFF");
        Data.Csv.Line(line, [.. layer.Columns.Select(c => c.Name), .. layer.Points ? ["lon", "lat"] : new[] { "wkt" }]);
        await writer.WriteAsync(line, ct);
        for (; any; any = await reader.ReadAsync(ct))
        {
            line.Clear();
            var cells = new string[layer.Columns.Count + (layer.Points ? 2 : 1)];
            for (var i = 0; i < layer.Columns.Count; i++) cells[i] = reader.IsDBNull(i + 1) ? "" : reader.GetString(i + 1);
            if (layer.Points)
            {
                cells[^2] = reader.GetDouble(layer.Columns.Count + 1).ToString(CultureInfo.InvariantCulture);
                cells[^1] = reader.GetDouble(layer.Columns.Count + 2).ToString(CultureInfo.InvariantCulture);
            }
            else cells[^1] = reader.GetString(layer.Columns.Count + 1);
            Data.Csv.Line(line, cells);
            await writer.WriteAsync(line, ct);
        }
    }

    async Task GeoPackageAsync(NpgsqlDataReader reader, bool any, HttpContext http, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gridmap-export-{Guid.NewGuid():N}.gpkg");
        try
        {
            using (var file = new GeoPackageWriter(path, layer))
            {
                for (; any; any = await reader.ReadAsync(ct))
                {
                    var values = new string?[layer.Columns.Count];
                    for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1);
                    file.Add(reader.GetInt64(0), values, reader.GetFieldValue<Geometry>(layer.Columns.Count + 1));
                }
                file.Finish();
            }
            await using var sent = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            http.Response.ContentLength = sent.Length;
            await sent.CopyToAsync(http.Response.Body, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
