using Npgsql;

namespace GridMap.Server.Demo;

/// <summary>
/// Loads the demo district (data/demo/*.geojson) into an empty database, all in one transaction.
/// PostGIS reads the GeoJSON itself (ST_GeomFromGeoJSON); grids of households are derived by the
/// households trigger, like any other write.
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
        var areas = await File.ReadAllTextAsync(Path.Combine(dir, "areas.geojson"), ct);
        foreach (var level in (string[])["district", "street", "community", "grid", "micro_grid"])
        {
            // Level by level, so that every parent (named by the code minus its last 3 digits) exists.
            await using var cmd = new NpgsqlCommand(AreasSql, conn, tx);
            cmd.Parameters.Add(new() { Value = areas, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Json });
            cmd.Parameters.Add(new() { Value = level });
            log.WriteLine($"demo data: areas.geojson: {await cmd.ExecuteNonQueryAsync(ct)} {level} areas");
        }
        foreach (var (file, sql) in Points)
        {
            var json = await File.ReadAllTextAsync(Path.Combine(dir, file), ct);
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            cmd.Parameters.Add(new() { Value = json, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Json });
            log.WriteLine($"demo data: {file}: {await cmd.ExecuteNonQueryAsync(ct)} rows");
        }
        await tx.CommitAsync(ct);
        return true;
    }

    const string Features = "json_array_elements($1::json -> 'features') f, LATERAL (SELECT f -> 'properties' AS p, ST_SetSRID(ST_GeomFromGeoJSON(f ->> 'geometry'), 4326) AS g) x";

    const string AreasSql = $"""
        INSERT INTO areas (level, layer, code, name, parent_id, population, boundary)
        SELECT p ->> 'level', p ->> 'layer', p ->> 'code', p ->> 'name',
               (SELECT a.id FROM areas a WHERE a.code = left(p ->> 'code', -3) AND a.layer IS NULL),
               (p ->> 'population')::int, ST_Multi(g)
        FROM {Features} WHERE p ->> 'level' = $2
        """;

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
