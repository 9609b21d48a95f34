using GridMap.Server.Territory;
using Npgsql;

namespace GridMap.Server.Demo;

/// <summary>
/// Loads the demo district (data/demo/*.geojson) into an empty database, all in one transaction:
/// the areas through the area import, the points read by PostGIS itself (ST_GeomFromGeoJSON), their
/// grids derived by the households trigger like any other write; the roads with their pgRouting topology.
/// </summary>
public static class DemoLoader
{
    public static async Task<bool> LoadIfEmptyAsync(NpgsqlDataSource db, string dir, TextWriter log, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM areas)", conn))
            if ((bool)(await any.ExecuteScalarAsync(ct))!)
            {
                log.WriteLine("demo data: the database already has areas; nothing loaded");
                return false;
            }
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Areas go through the import checks like any other file: the demo must pass them too.
        await using (var areas = File.OpenRead(Path.Combine(dir, "areas.geojson")))
        {
            var outcome = await AreaImporter.ImportAsync(conn, areas, null, ct);
            if (outcome is not ImportOutcome.Imported imported)
                throw new InvalidOperationException($"demo data: areas.geojson was not imported: {outcome}");
            log.WriteLine($"demo data: areas.geojson: {string.Join(", ", imported.ByLevel.Select(l => $"{l.Value} {l.Key}"))}");
        }
        foreach (var (file, sql) in Points)
        {
            var json = await File.ReadAllTextAsync(Path.Combine(dir, file), ct);
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            cmd.Parameters.Add(new("features", NpgsqlTypes.NpgsqlDbType.Json) { Value = json });
            log.WriteLine($"demo data: {file}: {await cmd.ExecuteNonQueryAsync(ct)} rows");
        }
        // Roads are optional (older demo folders have none, a server may lack pgRouting): without
        // them only straight-line coverage is offered.
        var roads = Path.Combine(dir, "roads.geojson");
        bool routing;
        await using (var cmd = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgrouting')", conn, tx))
            routing = (bool)(await cmd.ExecuteScalarAsync(ct))!;
        if (File.Exists(roads) && !routing) log.WriteLine("demo data: roads.geojson: not loaded, as the database has no pgRouting");
        if (File.Exists(roads) && routing)
        {
            await using var cmd = new NpgsqlCommand($"INSERT INTO roads (kind, line) SELECT p ->> 'kind', g FROM {Features}", conn, tx);
            cmd.Parameters.Add(new("features", NpgsqlTypes.NpgsqlDbType.Json) { Value = await File.ReadAllTextAsync(roads, ct) });
            log.WriteLine($"demo data: roads.geojson: {await cmd.ExecuteNonQueryAsync(ct)} rows");
            await using var topology = new NpgsqlCommand("SELECT road_topology()", conn, tx);
            await topology.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    const string Features = "json_array_elements(@features::json -> 'features') f, LATERAL (SELECT f -> 'properties' AS p, ST_SetSRID(ST_GeomFromGeoJSON(f ->> 'geometry'), 4326) AS g) x";

    static readonly (string File, string Sql)[] Points =
    [
        ("households.geojson", $"""
            INSERT INTO households (name, members, kind, phone, location)
            SELECT p ->> 'name', (p ->> 'members')::int, p ->> 'kind', p ->> 'phone', g FROM {Features}
            """),
        ("stations.geojson", $"""
            INSERT INTO service_stations (name, level, location, radius_m, opening_hours, services, area_id)
            SELECT p ->> 'name', p ->> 'level', g, (p ->> 'radiusM')::float8, p ->> 'openingHours',
                   ARRAY(SELECT json_array_elements_text(p -> 'services')),
                   (SELECT a.id FROM areas a WHERE a.code = p ->> 'areaCode' AND (a.layer IS NULL OR a.layer = 'party'))
            FROM {Features}
            """),
        ("staff.geojson", $"""
            INSERT INTO staff (name, role, home_grid_id, phone, on_duty, location, located_at)
            SELECT p ->> 'name', p ->> 'role',
                   (SELECT a.id FROM areas a WHERE a.code = p ->> 'homeGridCode' AND a.layer = 'party'),
                   p ->> 'phone', (p ->> 'onDuty')::boolean, g, now()
            FROM {Features}
            """),
    ];
}
