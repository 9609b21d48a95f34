using GridMap.Server.Territory;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Import;

/// <summary>
/// Areas read from a sheet-like source (a Shapefile's or GeoPackage's attributes, a GeoJSON's
/// properties) as the GeoJSON FeatureCollection the area import reads: its property names
/// (level, code, name, layer, parentCode, population) from Chinese or English column names, its
/// level and layer names from Chinese words too, and the geometry converted to WGS84.
/// </summary>
public static class AreaRows
{
    static readonly (string Property, string[] Aliases)[] Properties =
    [
        ("level", ["level", "级别", "层级"]),
        ("code", ["code", "编码", "代码", "区划代码", "网格编码"]),
        ("name", ["name", "名称", "网格名称"]),
        ("layer", ["layer", "图层", "网格类型"]),
        ("parentCode", ["parentcode", "上级编码", "上级代码"]),
        ("population", ["population", "人口"]),
    ];

    static readonly Dictionary<string, string> Words = new()
    {
        ["区"] = "district", ["街道"] = "street", ["社区"] = "community", ["网格"] = "grid", ["微网格"] = "micro_grid",
        ["党建"] = "party", ["综治"] = "governance", ["城管"] = "city_management",
    };

    /// <summary>
    /// Areas from any of the formats, through the checks of <see cref="AreaImporter"/> unchanged; applied
    /// (and recorded in <c>imports</c>) unless <paramref name="dryRun"/>. The id is the import's once applied.
    /// </summary>
    public static async Task<(ImportOutcome Outcome, long? ImportId)> ImportAsync(NpgsqlDataSource db, SourceTable table, string fileName,
        Crs crs, bool dryRun, string actor, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        using var geoJson = ToGeoJson(table, crs);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var outcome = await AreaImporter.ImportAsync(conn, geoJson, progress, ct);
        if (outcome is not ImportOutcome.Imported imported || dryRun) return (outcome, null);
        await using var record = conn.Command("""
            INSERT INTO imports (actor, kind, file_name, crs, added, changed, unchanged)
            VALUES (@actor, 'areas', @file, @crs, @added, 0, 0) RETURNING id
            """, ("actor", actor), ("file", fileName), ("crs", crs.Name), ("added", imported.Count));
        var id = (long)(await record.ExecuteScalarAsync(ct))!;
        // What undoing the import removes (AreaUndo).
        await using (var added = conn.Command("INSERT INTO imported_areas (area_id, import_id) SELECT unnest(@ids), @id",
            ("ids", imported.Ids.ToArray()), ("id", id)))
        {
            added.CommandTimeout = 0; // bounded by the import's limits, not by the clock
            await added.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (outcome, id);
    }

    public static MemoryStream ToGeoJson(SourceTable table, Crs crs)
    {
        var columns = Properties.ToDictionary(p => p.Property, p => table.Columns.FirstOrDefault(
            c => p.Aliases.Contains(c.Trim().Replace("_", "").ToLowerInvariant())));
        var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var row in table.Rows)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                foreach (var (property, column) in columns)
                {
                    if (column is null || !row.Cells.TryGetValue(column, out var value) || string.IsNullOrWhiteSpace(value)) continue;
                    value = value.Trim();
                    if (property == "population" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) w.WriteNumber(property, n);
                    else if (property == "population" && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) w.WriteNumber(property, d);
                    else w.WriteString(property, Words.GetValueOrDefault(value, value));
                }
                w.WriteEndObject();
                if (row.Geometry is { } g)
                {
                    w.WritePropertyName("geometry");
                    GeoJson.WriteGeometry(w, ToWgs84(g, crs), decimals: 9);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        ms.Position = 0;
        return ms;
    }

    /// <summary>A copy of a geometry with every position converted from <paramref name="crs"/> to WGS84.</summary>
    public static Geometry ToWgs84(Geometry g, Crs crs) =>
        crs == Crs.Wgs84 || crs == Crs.Cgcs2000 ? GeoJson.Wgs84.CreateGeometry(g) : Positions.Converted(g, GeoJson.Wgs84, crs.ToWgs84);
}
