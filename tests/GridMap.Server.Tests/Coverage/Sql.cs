namespace GridMap.Tests.Coverage;

/// <summary>Independent answers straight from PostGIS.</summary>
static class Sql
{
    public static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> row, params object?[] args)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a ?? DBNull.Value });
        await using var r = await cmd.ExecuteReaderAsync();
        var result = new List<T>();
        while (await r.ReadAsync()) result.Add(row(r));
        return result;
    }

    public static async Task ExecuteAsync(string connectionString, string sql, params object?[] args)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a ?? DBNull.Value });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Per household in a grid: whether some admitted station covers it by ST_DWithin(geography),
    /// and whether it lies within half a metre of some admitted station's circle (where the two
    /// computations may differ).
    /// </summary>
    public const string CoveredHouseholds = """
        SELECT h.id, h.grid_id, h.members,
               EXISTS (SELECT 1 FROM service_stations s WHERE ($1 = 'all' OR s.level = $1) AND ($2 OR s.status <> 'planned')
                       AND ST_DWithin(h.location::geography, s.location::geography, coalesce($3::float8, s.radius_m))),
               EXISTS (SELECT 1 FROM service_stations s WHERE ($1 = 'all' OR s.level = $1) AND ($2 OR s.status <> 'planned')
                       AND ST_DWithin(h.location::geography, s.location::geography, coalesce($3::float8, s.radius_m) + 0.5)
                       AND abs(ST_Distance(h.location::geography, s.location::geography) - coalesce($3::float8, s.radius_m)) < 0.5)
        FROM households h WHERE h.grid_id IS NOT NULL ORDER BY h.id
        """;

    public sealed record HouseholdCoverage(long Id, long Grid, int Members, bool Covered, bool NearEdge);

    public static Task<List<HouseholdCoverage>> CoveredHouseholdsAsync(string connectionString, string level, bool includePlanned, double? radiusM) =>
        QueryAsync(connectionString, CoveredHouseholds, r => new HouseholdCoverage(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetBoolean(3), r.GetBoolean(4)),
            level, includePlanned, radiusM);
}
