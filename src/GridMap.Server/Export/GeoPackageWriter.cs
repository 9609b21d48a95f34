using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridMap.Server.Export;

/// <summary>
/// One layer as an OGC GeoPackage 1.2 file (an SQLite database): the required metadata tables,
/// one feature table named after the layer with <c>fid</c> the row's GridMap id, geometries in
/// EPSG:4326 as GeoPackage binary (NetTopologySuite.IO.GeoPackage), all in one transaction.
/// </summary>
public sealed class GeoPackageWriter : IDisposable
{
    // The definition of EPSG:4326 the GeoPackage standard (Table 22) gives.
    const string Wgs84 = """GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]""";

    readonly ExportLayer layer;
    readonly SqliteConnection connection;
    readonly SqliteTransaction transaction;
    readonly SqliteCommand insert;
    readonly GeoPackageGeoWriter geometries = new() { HandleOrdinates = Ordinates.XY };
    readonly Envelope extent = new();

    public GeoPackageWriter(string path, ExportLayer layer)
    {
        this.layer = layer;
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute($"""
            PRAGMA application_id = {0x47504B47};
            PRAGMA user_version = 10200;
            PRAGMA journal_mode = OFF;
            """);
        transaction = connection.BeginTransaction();
        Execute($"""
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
                organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            INSERT INTO gpkg_spatial_ref_sys VALUES
                ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
                ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
                ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{Wgs84}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
                description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER REFERENCES gpkg_spatial_ref_sys (srs_id));
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL REFERENCES gpkg_contents (table_name), column_name TEXT NOT NULL,
                geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL REFERENCES gpkg_spatial_ref_sys (srs_id),
                z TINYINT NOT NULL, m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name));
            CREATE TABLE "{layer.Name}" (fid INTEGER PRIMARY KEY, geom {layer.GeometryType},
                {string.Join(", ", layer.Columns.Select(c => $"\"{c.Name}\" {SqlType(c.Type)}"))});
            INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('{layer.Name}', 'features', '{layer.Name}', 4326);
            INSERT INTO gpkg_geometry_columns VALUES ('{layer.Name}', 'geom', '{layer.GeometryType}', 4326, 0, 0);
            """);
        insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            INSERT INTO "{layer.Name}" (fid, geom, {string.Join(", ", layer.Columns.Select(c => $"\"{c.Name}\""))})
            VALUES (@fid, @geom, {string.Join(", ", layer.Columns.Select((_, i) => $"@c{i}"))})
            """;
        insert.Parameters.Add("@fid", SqliteType.Integer);
        insert.Parameters.Add("@geom", SqliteType.Blob);
        for (var i = 0; i < layer.Columns.Count; i++) insert.Parameters.Add($"@c{i}", SqliteType.Text);
    }

    static string SqlType(ExportType type) => type switch
    {
        ExportType.Integer => "INTEGER",
        ExportType.Real => "DOUBLE",
        ExportType.Boolean => "BOOLEAN",
        ExportType.DateTime => "DATETIME",
        _ => "TEXT",
    };

    /// <summary>One feature: its id, the layer's columns as the properties' text (null when absent) and its geometry.</summary>
    public void Add(long id, IReadOnlyList<string?> values, Geometry geometry)
    {
        insert.Parameters[0].Value = id;
        insert.Parameters[1].Value = geometries.Write(geometry);
        for (var i = 0; i < values.Count; i++) insert.Parameters[i + 2].Value = Value(layer.Columns[i].Type, values[i]) ?? DBNull.Value;
        insert.ExecuteNonQuery();
        extent.ExpandToInclude(geometry.EnvelopeInternal);
    }

    /// <summary>A property's text as the column's GeoPackage type stores it (DATETIME: ISO 8601 in UTC).</summary>
    static object? Value(ExportType type, string? text) => text is null ? null : type switch
    {
        ExportType.Integer => long.Parse(text, CultureInfo.InvariantCulture),
        ExportType.Real => double.Parse(text, CultureInfo.InvariantCulture),
        ExportType.Boolean => text == "true" ? 1 : 0,
        ExportType.DateTime => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => text,
    };

    /// <summary>Records the layer's extent and commits.</summary>
    public void Finish()
    {
        if (!extent.IsNull)
            Execute($"UPDATE gpkg_contents SET min_x = {D(extent.MinX)}, min_y = {D(extent.MinY)}, max_x = {D(extent.MaxX)}, max_y = {D(extent.MaxY)}");
        transaction.Commit();
    }

    static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    void Execute(string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        insert?.Dispose();
        transaction?.Dispose();
        connection.Dispose();
    }
}
