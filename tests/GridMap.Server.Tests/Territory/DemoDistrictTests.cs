namespace GridMap.Tests.Territory;

public class DemoDistrictTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    async Task<List<T>> Query<T>(string sql, Func<NpgsqlDataReader, T> row)
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var result = new List<T>();
        while (await r.ReadAsync()) result.Add(row(r));
        return result;
    }

    [Fact]
    public async Task Locate_returns_the_chain_postgis_covers_gives_for_every_demo_household()
    {
        // Independent answer: every Party-building area whose boundary covers the household.
        var expected = (await Query("""
                SELECT h.id, ST_X(h.location), ST_Y(h.location), a.id, a.level
                FROM households h JOIN areas a ON ST_Covers(a.boundary, h.location)
                WHERE a.layer IS NULL OR a.layer = 'party'
                ORDER BY h.id, array_position(ARRAY['micro_grid','grid','community','street','district'], a.level)
                """, r => (Household: r.GetInt64(0), Lon: r.GetDouble(1), Lat: r.GetDouble(2), Area: r.GetInt64(3), Level: r.GetString(4))))
            .GroupBy(x => x.Household).ToList();
        Assert.Equal(4000, expected.Count);

        var http = app.ClientFor("admin");
        var mismatches = new List<string>();
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (h, ct) =>
        {
            var first = h.First();
            var located = await http.GetFromJsonAsync<JsonElement>(FormattableString.Invariant($"/api/locate?lon={first.Lon:R}&lat={first.Lat:R}"), ct);
            var chain = located.GetProperty("chain").EnumerateArray().Select(a => (a.GetProperty("id").GetInt64(), a.GetProperty("level").GetString()!)).ToArray();
            var covers = h.Select(x => (x.Area, x.Level)).ToArray();
            if (!chain.SequenceEqual(covers))
                lock (mismatches) mismatches.Add($"household {h.Key}: locate {string.Join(",", chain)} vs ST_Covers {string.Join(",", covers)}");
        });
        Assert.Empty(mismatches);
        Assert.All(expected, h => Assert.Equal(["grid", "community", "street", "district"], h.Select(x => x.Level)));
    }

    [Fact]
    public async Task Demo_children_tile_their_parents_without_gaps_or_overlaps_over_one_square_metre()
    {
        // Gaps: parent minus the union of its children; overlaps: pairs of siblings. Areas in m² on the spheroid.
        var gaps = await Query("""
            SELECT p.code, ST_Area(ST_Difference(p.boundary, ST_Union(c.boundary))::geography)
            FROM areas p JOIN areas c ON c.parent_id = p.id AND (c.layer IS NULL OR c.layer = 'party')
            GROUP BY p.id HAVING ST_Area(ST_Difference(p.boundary, ST_Union(c.boundary))::geography) > 1
            """, r => $"{r.GetString(0)}: gap {r.GetDouble(1):F1} m²");
        var overlaps = await Query("""
            SELECT a.code, b.code, ST_Area(ST_Intersection(a.boundary, b.boundary)::geography)
            FROM areas a JOIN areas b ON a.parent_id = b.parent_id AND a.id < b.id AND a.boundary && b.boundary
            WHERE ST_Area(ST_Intersection(a.boundary, b.boundary)::geography) > 1
            """, r => $"{r.GetString(0)} × {r.GetString(1)}: overlap {r.GetDouble(2):F1} m²");
        var parents = await Query("SELECT count(DISTINCT parent_id) FROM areas", r => r.GetInt64(0));
        Assert.Equal(1 + 6 + 40, parents.Single());
        Assert.Empty(gaps.Concat(overlaps));
    }
}
