using Npgsql;

namespace GridMap.Load;

/// <summary>A Party-building grid with its community, street and district, and points scattered inside it.</summary>
sealed record Grid(long Id, long CommunityId, long StreetId, long DistrictId, (double Lon, double Lat)[] Points)
{
    public long[] Areas => [Id, CommunityId, StreetId, DistrictId];
}

/// <summary>The areas of the database under load: what clients watch and where cases are reported.</summary>
sealed record District(Grid[] Grids)
{
    public long[] Communities { get; } = [.. Grids.Select(g => g.CommunityId).Distinct().Order()];
    public long[] Streets { get; } = [.. Grids.Select(g => g.StreetId).Distinct().Order()];
    public long[] Districts { get; } = [.. Grids.Select(g => g.DistrictId).Distinct().Order()];

    /// <summary>
    /// The area client <paramref name="i"/> watches, as in real use: ten watch the whole district,
    /// forty a street, the rest a grid (two in three) or a community. Adding clients keeps the
    /// areas of the first ones.
    /// </summary>
    public long AreaOf(int i, int seed)
    {
        if (i < 10) return Districts[i % Districts.Length];
        if (i < 50) return Streets[i % Streets.Length];
        var random = new Random(seed * 1_000_003 + i);
        return random.Next(3) < 2 ? Grids[random.Next(Grids.Length)].Id : Communities[random.Next(Communities.Length)];
    }

    public static async Task<District> LoadAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("""
            SELECT g.id, c.id, s.id, s.parent_id, x.lons, x.lats
            FROM areas g
            JOIN areas c ON c.id = g.parent_id AND c.level = 'community'
            JOIN areas s ON s.id = c.parent_id AND s.level = 'street'
            -- Reports land all over a grid, not on one spot (which would make every one a duplicate).
            CROSS JOIN LATERAL (SELECT array_agg(ST_X(d.geom)) AS lons, array_agg(ST_Y(d.geom)) AS lats
                                FROM ST_Dump(ST_GeneratePoints(g.boundary, 50, 1)) d) x
            WHERE g.level = 'grid' AND g.layer = 'party'
            ORDER BY g.id
            """);
        var grids = new List<Grid>();
        await using var row = await cmd.ExecuteReaderAsync();
        while (await row.ReadAsync())
            grids.Add(new(row.GetInt64(0), row.GetInt64(1), row.GetInt64(2), row.GetInt64(3),
                [.. row.GetFieldValue<double[]>(4).Zip(row.GetFieldValue<double[]>(5))]));
        if (grids.Count == 0) throw new InvalidOperationException("the database has no Party-building grids: load the demo district or import areas first");
        return new([.. grids]);
    }

    /// <summary>
    /// A synthetic district for unattended runs, shaped like a real one (海门区 has 11 streets and
    /// a few hundred grids): 8 streets side by side, 6 communities each, 8 grids per community.
    /// </summary>
    public const string SyntheticSql = """
        INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE
        SELECT 1, 'district', NULL, '320614', '海门区', NULL, ST_Multi(ST_MakeEnvelope(121.0, 31.8, 121.4, 32.0, 4326));

        INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE
        SELECT 100 + s, 'street', NULL, '320614' || lpad((s + 1)::text, 3, '0'), '第' || (s + 1) || '街道', 1,
               ST_Multi(ST_MakeEnvelope(121.0 + s * 0.05, 31.8, 121.05 + s * 0.05, 32.0, 4326))
        FROM generate_series(0, 7) s;

        INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE
        SELECT 1000 + s * 10 + c, 'community', NULL, '320614' || lpad((s + 1)::text, 3, '0') || lpad((c + 1)::text, 3, '0'),
               '第' || (s + 1) || '街道第' || (c + 1) || '社区', 100 + s,
               ST_Multi(ST_MakeEnvelope(121.0 + s * 0.05, 31.8 + c * 0.2 / 6, 121.05 + s * 0.05, 31.8 + (c + 1) * 0.2 / 6, 4326))
        FROM generate_series(0, 7) s, generate_series(0, 5) c;

        INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE
        SELECT 10000 + s * 100 + c * 10 + g, 'grid', 'party',
               '320614' || lpad((s + 1)::text, 3, '0') || lpad((c + 1)::text, 3, '0') || lpad((g + 1)::text, 3, '0'),
               '第' || (s + 1) || '街道第' || (c + 1) || '社区第' || (g + 1) || '网格', 1000 + s * 10 + c,
               ST_Multi(ST_MakeEnvelope(121.0 + s * 0.05 + (g % 2) * 0.025, 31.8 + c * 0.2 / 6 + (g / 2) * 0.2 / 24,
                                        121.0 + s * 0.05 + (g % 2 + 1) * 0.025, 31.8 + c * 0.2 / 6 + (g / 2 + 1) * 0.2 / 24, 4326))
        FROM generate_series(0, 7) s, generate_series(0, 5) c, generate_series(0, 7) g;
        """;
}
