namespace GridMap.Tests.Editing;

/// <summary>
/// Reshaping grids with <c>POST /api/areas/changes</c>: checked by the import's rules, all or
/// nothing, versioned so that <c>locate … at=</c> answers the grid of an earlier day; households
/// follow their grid, cases keep the grid they were reported in. The tests share one database and
/// reshape the west community's two grids (6: 121.10–121.15, 7: 121.15–121.20 at first), so each
/// computes what it expects from the grids as stored when it runs.
/// </summary>
public class AreaChangeTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    static object Box(long id, double west, double east) => new
    {
        type = "Feature",
        id,
        geometry = new { type = "Polygon", coordinates = new[] { new[] { new[] { west, 31.85 }, new[] { east, 31.85 }, new[] { east, 31.90 }, new[] { west, 31.90 }, new[] { west, 31.85 } } } },
        properties = new { },
    };

    static object Change(params object[] features) => new { type = "FeatureCollection", features };

    Task<List<T>> Query<T>(string sql, Func<Npgsql.NpgsqlDataReader, T> row, params object?[] args) => Sql.QueryAsync(app.Database.ConnectionString, sql, row, args);

    /// <summary>The grid <c>/api/locate?query</c> answers, null for none.</summary>
    internal static async Task<long?> LocatedGridAsync(HttpClient http, string query)
    {
        var chain = (await http.GetFromJsonAsync<JsonElement>($"/api/locate?{query}")).GetProperty("chain").EnumerateArray();
        return chain.Where(a => a.GetProperty("level").GetString() == "grid").Select(a => (long?)a.GetProperty("id").GetInt64()).SingleOrDefault();
    }

    [Fact]
    public async Task Moving_the_edge_between_two_grids_versions_them_moves_households_and_leaves_cases_where_they_were_reported()
    {
        // The district has been as it is since New Year; a household and a case lie in grid 7, near its edge with 6.
        await Sql.ExecuteAsync(app.Database.ConnectionString, "UPDATE areas SET valid_from = '2026-01-01T00:00:00+08:00'");
        var household = (await Query("""
            INSERT INTO households (name, members, kind, location) VALUES ('边界户', 2, 'member', ST_SetSRID(ST_MakePoint(121.155, 31.87), 4326)) RETURNING id, grid_id
            """, r => (Id: r.GetInt64(0), Grid: r.GetInt64(1))))[0];
        Assert.Equal(7, household.Grid);
        var centre = app.ClientFor(SmallDistrict.Centre);
        var reported = await centre.PostAsJsonAsync("/api/cases/", new { lon = 121.155, lat = 31.871, categoryCode = "environmental_sanitation", description = "垃圾满溢" });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var caseId = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var response = await centre.PostAsJsonAsync("/api/areas/changes", Change(Box(6, 121.10, 121.16), Box(7, 121.16, 121.20)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([6L, 7L], summary.GetProperty("changed").EnumerateArray().Select(e => e.GetInt64()));

        // The stored boundaries are the new ones, as PostGIS sees them.
        Assert.Equal([(6L, true), (7L, true)], await Query("""
            SELECT id, ST_Equals(boundary, CASE id WHEN 6 THEN ST_MakeEnvelope(121.10, 31.85, 121.16, 31.90, 4326) ELSE ST_MakeEnvelope(121.16, 31.85, 121.20, 31.90, 4326) END)
            FROM areas WHERE id IN (6, 7) ORDER BY id
            """, r => (r.GetInt64(0), r.GetBoolean(1))));
        // The old ones are kept with the time they were in force.
        Assert.Equal([(6L, true, SmallDistrict.Centre), (7L, true, SmallDistrict.Centre)], await Query("""
            SELECT v.area_id, v.valid_to = a.valid_from AND v.valid_from = '2026-01-01T00:00:00+08:00', v.closed_by
            FROM area_versions v JOIN areas a ON a.id = v.area_id ORDER BY v.area_id
            """, r => (r.GetInt64(0), r.GetBoolean(1), r.GetString(2))));

        Assert.Equal(6, await LocatedGridAsync(centre, "lon=121.155&lat=31.87"));
        Assert.Equal(7, await LocatedGridAsync(centre, "lon=121.155&lat=31.87&at=2026-03-01"));
        Assert.Equal(6, await LocatedGridAsync(centre, "lon=121.155&lat=31.87&at=2099-03-01"));
        Assert.Equal(HttpStatusCode.NotFound, (await centre.GetAsync("/api/locate?lon=121.155&lat=31.87&at=2025-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await centre.GetAsync("/api/locate?lon=121.155&lat=31.87&at=yesterday")).StatusCode);

        // The household follows its grid, recorded as a boundary change by the one who made it.
        Assert.Equal(1, summary.GetProperty("householdsMoved").GetInt32());
        var moved = await Query("""
            SELECT actor, (before->>'grid_id')::bigint, (after->>'grid_id')::bigint FROM data_changes
            WHERE entity = 'household' AND entity_id = $1 AND reason = 'boundary change'
            """, r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2)), household.Id);
        Assert.Equal([(SmallDistrict.Centre, 7L, 6L)], moved);
        Assert.Equal(6, (await Query("SELECT grid_id FROM households WHERE id = $1", r => r.GetInt64(0), household.Id))[0]);

        // The case stays in the grid it was reported in, and the KPIs count it there.
        Assert.Equal(7, (await Query("SELECT grid_id FROM cases WHERE id = $1", r => r.GetInt64(0), caseId))[0]);
        var groups = (await centre.GetFromJsonAsync<JsonElement>("/api/kpis?areaId=4&by=grid")).GetProperty("groups").EnumerateArray()
            .Select(g => g.GetProperty("key").GetString()).ToList();
        Assert.Equal(["7"], groups);
    }

    [Fact]
    public async Task A_change_that_leaves_a_gap_or_an_overlap_is_refused_with_each_conflict_drawn_and_nothing_written()
    {
        var admin = app.ClientFor(SmallDistrict.Admin);
        var before = await Query("SELECT id, ST_AsText(boundary) FROM areas ORDER BY id", r => (r.GetInt64(0), r.GetString(1)));
        var versionsBefore = await Query("SELECT id FROM area_versions ORDER BY id", r => r.GetInt64(0));

        var gap = await admin.PostAsJsonAsync("/api/areas/changes", Change(Box(6, 121.10, 121.14)));
        Assert.Equal(HttpStatusCode.BadRequest, gap.StatusCode);
        var gapBody = await gap.Content.ReadFromJsonAsync<JsonElement>();
        var gapError = Assert.Single(gapBody.GetProperty("errors").EnumerateArray());
        Assert.Equal((0, 6), (gapError.GetProperty("index").GetInt32(), gapError.GetProperty("id").GetInt64()));
        Assert.Contains("gap", gapError.GetProperty("reason").GetString());
        var gapDrawn = Assert.Single(gapBody.GetProperty("conflicts").GetProperty("features").EnumerateArray());
        // The gap drawn is what the community's grids would no longer cover, as PostGIS computes it.
        var (gapMismatch, gapText) = (await Query("""
            SELECT ST_Area(ST_SymDifference(ST_GeomFromGeoJSON($1),
                       ST_Difference(c.boundary, ST_Union(ST_MakeEnvelope(121.10, 31.85, 121.14, 31.90, 4326), g.boundary)))),
                   ST_AsText(ST_GeomFromGeoJSON($1))
            FROM areas c, areas g WHERE c.id = 4 AND g.id = 7
            """, r => (r.GetDouble(0), r.GetString(1)), gapDrawn.GetProperty("geometry").GetRawText()))[0];
        Assert.True(gapMismatch < 1e-9, $"the gap drawn is {gapText}");

        var overlap = await admin.PostAsJsonAsync("/api/areas/changes", Change(Box(6, 121.10, 121.17)));
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        var overlapBody = await overlap.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(overlapBody.GetProperty("errors").EnumerateArray(), e => e.GetProperty("reason").GetString()!.Contains("overlaps grid 320614001001002"));
        var overlapDrawn = overlapBody.GetProperty("conflicts").GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("reason").GetString()!.StartsWith("overlaps"));
        var (overlapMismatch, overlapText) = (await Query("""
            SELECT ST_Area(ST_SymDifference(ST_GeomFromGeoJSON($1), ST_Intersection(ST_MakeEnvelope(121.10, 31.85, 121.17, 31.90, 4326), boundary))),
                   ST_AsText(ST_GeomFromGeoJSON($1))
            FROM areas WHERE id = 7
            """, r => (r.GetDouble(0), r.GetString(1)), overlapDrawn.GetProperty("geometry").GetRawText()))[0];
        Assert.True(overlapMismatch < 1e-9, $"the overlap drawn is {overlapText}");

        var outside = await admin.PostAsJsonAsync("/api/areas/changes", Change(Box(6, 121.05, 121.15)));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);

        Assert.Equal(before, await Query("SELECT id, ST_AsText(boundary) FROM areas ORDER BY id", r => (r.GetInt64(0), r.GetString(1))));
        Assert.Equal(versionsBefore, await Query("SELECT id FROM area_versions ORDER BY id", r => r.GetInt64(0)));
    }

    [Fact]
    public async Task Only_grids_of_the_callers_area_named_by_id_are_reshaped()
    {
        var centre = app.ClientFor(SmallDistrict.Centre); // street 2: grids 6 and 7
        var foreign = await centre.PostAsJsonAsync("/api/areas/changes", Change(Box(8, 121.20, 121.25)));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal("id", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("field").GetString());
        var community = await centre.PostAsJsonAsync("/api/areas/changes", Change(Box(4, 121.10, 121.20)));
        Assert.Contains("only grids", (await community.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("reason").GetString());
        var unnamed = await centre.PostAsJsonAsync("/api/areas/changes", new { type = "FeatureCollection", features = new[] { new { type = "Feature", geometry = (object?)null, properties = new { } } } });
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(SmallDistrict.Leader).PostAsJsonAsync("/api/areas/changes", Change(Box(6, 121.10, 121.15)))).StatusCode);
    }
}
