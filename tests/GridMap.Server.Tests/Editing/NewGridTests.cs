namespace GridMap.Tests.Editing;

/// <summary>
/// A grid added by <c>POST /api/areas/changes</c> (a feature without <c>id</c>), cut out of the
/// west community's grids 6 (121.10–121.15) and 7 (121.15–121.20), whose new shapes come in the same
/// change: checked by the import's rules, all or nothing, in force from the change on.
/// </summary>
public class NewGridTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    static double[][][] Ring(double west, double east) =>
        [[[west, 31.85], [east, 31.85], [east, 31.90], [west, 31.90], [west, 31.85]]];

    static object Box(long id, double west, double east) =>
        new { type = "Feature", id, geometry = new { type = "Polygon", coordinates = Ring(west, east) }, properties = new { } };

    static object New(string code, string name, double west, double east, string? level = null) =>
        new { type = "Feature", geometry = new { type = "Polygon", coordinates = Ring(west, east) }, properties = new { code, name, level } };

    static object Change(params object[] features) => new { type = "FeatureCollection", features };

    Task<List<T>> Query<T>(string sql, Func<NpgsqlDataReader, T> row, params object?[] args) => Sql.QueryAsync(app.Database.ConnectionString, sql, row, args);

    [Fact]
    public async Task A_new_grid_cut_out_of_two_grids_is_added_with_their_new_shapes_in_one_change_and_is_in_force_from_then_on()
    {
        // The small district is seeded with ids of its own choosing: the next new area's id follows them.
        await Sql.ExecuteAsync(app.Database.ConnectionString, """
            UPDATE areas SET valid_from = '2026-01-01T00:00:00+08:00';
            SELECT setval(pg_get_serial_sequence('areas', 'id'), (SELECT max(id) FROM areas));
            """);
        var household = (await Query("""
            INSERT INTO households (name, members, kind, location) VALUES ('新网格户', 2, 'member', ST_SetSRID(ST_MakePoint(121.145, 31.87), 4326)) RETURNING id
            """, r => r.GetInt64(0)))[0];
        var centre = app.ClientFor(SmallDistrict.Centre);

        var response = await centre.PostAsJsonAsync("/api/areas/changes",
            Change(Box(6, 121.10, 121.14), New("320614001001003", "秀山社区第3网格", 121.14, 121.16), Box(7, 121.16, 121.20)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([6L, 7L], summary.GetProperty("changed").EnumerateArray().Select(e => e.GetInt64()));
        var created = Assert.Single(summary.GetProperty("created").EnumerateArray()).GetInt64();

        // As PostGIS sees it: the new grid under community 4 with the shape drawn, and the community still tiled.
        Assert.Equal([("grid", "party", 4L, "秀山社区第3网格", true, true)], await Query("""
            SELECT level, layer, parent_id, name, ST_Equals(boundary, ST_MakeEnvelope(121.14, 31.85, 121.16, 31.90, 4326)), valid_from > '2026-01-02'
            FROM areas WHERE id = $1
            """, r => (r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetBoolean(4), r.GetBoolean(5)), created));
        var (mismatch, overlap) = (await Query("""
            SELECT ST_Area(ST_SymDifference(ST_Union(g.boundary), c.boundary)::geography),
                   (SELECT coalesce(sum(ST_Area(ST_Intersection(a.boundary, b.boundary)::geography)), 0)
                    FROM areas a JOIN areas b ON a.id < b.id AND a.parent_id = 4 AND b.parent_id = 4 AND a.layer = 'party' AND b.layer = 'party')
            FROM areas c JOIN areas g ON g.parent_id = c.id AND g.layer = 'party' WHERE c.id = 4 GROUP BY c.boundary
            """, r => (r.GetDouble(0), r.GetDouble(1))))[0];
        Assert.True(mismatch < 1 && overlap < 1, $"the community's grids differ from it by {mismatch} m² and overlap by {overlap} m²");

        // The household is in the new grid now, moved by the one who made the change; on 1 March it was in grid 6.
        Assert.Equal(1, summary.GetProperty("householdsMoved").GetInt32());
        Assert.Equal([(SmallDistrict.Centre, 6L, created)], await Query("""
            SELECT actor, (before->>'grid_id')::bigint, (after->>'grid_id')::bigint FROM data_changes
            WHERE entity = 'household' AND entity_id = $1 AND reason = 'boundary change'
            """, r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2)), household));
        Assert.Equal(created, await AreaChangeTests.LocatedGridAsync(centre, "lon=121.145&lat=31.87"));
        Assert.Equal(6, await AreaChangeTests.LocatedGridAsync(centre, "lon=121.145&lat=31.87&at=2026-03-01"));
        Assert.Equal(2L, (await Query("SELECT count(*) FROM area_versions WHERE area_id IN (6, 7) AND closed_by = $1", r => r.GetInt64(0), SmallDistrict.Centre))[0]);
    }

    [Fact]
    public async Task A_new_grid_that_overlaps_a_neighbour_repeats_a_code_or_lies_outside_the_callers_area_is_refused_and_nothing_is_written()
    {
        var before = await Query("SELECT id, ST_AsText(boundary) FROM areas ORDER BY id", r => (r.GetInt64(0), r.GetString(1)));
        var admin = app.ClientFor(SmallDistrict.Admin);

        // Drawn inside grid 6 without cutting it out of 6: the overlap is named and drawn.
        var overlap = await admin.PostAsJsonAsync("/api/areas/changes", Change(New("320614001001004", "秀山社区第4网格", 121.11, 121.12)));
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        var overlapBody = await overlap.Content.ReadFromJsonAsync<JsonElement>();
        var error = overlapBody.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("reason").GetString()!.Contains("overlaps"));
        Assert.Equal((0, JsonValueKind.Null, "320614001001004"), (error.GetProperty("index").GetInt32(), error.GetProperty("id").ValueKind, error.GetProperty("code").GetString()));
        Assert.NotEmpty(overlapBody.GetProperty("conflicts").GetProperty("features").EnumerateArray());

        var repeated = await (await admin.PostAsJsonAsync("/api/areas/changes", Change(New("320614001001001", "重号网格", 121.11, 121.12))))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(repeated.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == "code" && e.GetProperty("reason").GetString()!.Contains("duplicate code"));

        // The west street's command centre adds nothing to the east's community, nor anything but grids.
        var centre = app.ClientFor(SmallDistrict.Centre);
        var foreign = await (await centre.PostAsJsonAsync("/api/areas/changes", Change(New("320614002001003", "东洲社区第3网格", 121.21, 121.22))))
            .Content.ReadFromJsonAsync<JsonElement>();
        var foreignError = Assert.Single(foreign.GetProperty("errors").EnumerateArray());
        Assert.Equal("code", foreignError.GetProperty("field").GetString());
        Assert.Contains("not a community of your area", foreignError.GetProperty("reason").GetString());
        var community = await (await centre.PostAsJsonAsync("/api/areas/changes", Change(New("320614001002", "新社区", 121.11, 121.12, level: "community"))))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("level", Assert.Single(community.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());

        Assert.Equal(before, await Query("SELECT id, ST_AsText(boundary) FROM areas ORDER BY id", r => (r.GetInt64(0), r.GetString(1))));
    }
}
