namespace GridMap.Tests.Import;

/// <summary>
/// Undoing an areas import (<c>POST /api/import/{id}/undo</c>) on a real PostGIS: a district east
/// of <see cref="SmallDistrict"/>, with one street, community and Party grid on the same square, is
/// imported from a GeoJSON file, then undone. Each test brings its own district (code and square),
/// so that what one leaves behind (a case) never meets another; every test starts with no imports.
/// </summary>
public class AreaUndoTests(ImportApp app) : IClassFixture<ImportApp>, IAsyncLifetime
{
    /// <summary>District 3206xx on 0.1° × 0.05° from <paramref name="West"/>°E; a point inside it.</summary>
    sealed record District(string Code, double West)
    {
        public string Grid => Code + "001001001";
        public double Lon => West + 0.05;
        public const double Lat = 31.87;

        public byte[] GeoJson()
        {
            double[][][] square = [[[West, 31.85], [West + 0.1, 31.85], [West + 0.1, 31.90], [West, 31.90], [West, 31.85]]];
            object Feature(Dictionary<string, string> properties) => new { type = "Feature", properties, geometry = new { type = "Polygon", coordinates = square } };
            return JsonSerializer.SerializeToUtf8Bytes(new
            {
                type = "FeatureCollection",
                features = new[]
                {
                    Feature(new() { ["level"] = "district", ["code"] = Code, ["name"] = $"新区{Code}" }),
                    Feature(new() { ["level"] = "street", ["code"] = Code + "001", ["name"] = "新街道", ["parentCode"] = Code }),
                    Feature(new() { ["level"] = "community", ["code"] = Code + "001001", ["name"] = "新社区", ["parentCode"] = Code + "001" }),
                    Feature(new() { ["level"] = "grid", ["layer"] = "party", ["code"] = Grid, ["name"] = "新社区第1网格", ["parentCode"] = Code + "001001" }),
                },
            });
        }
    }

    public async Task InitializeAsync() => await Sql("DELETE FROM imported_areas; DELETE FROM imports");

    public Task DisposeAsync() => Task.CompletedTask;

    HttpClient Admin => app.ClientFor(SmallDistrict.Admin);

    async Task<long> ImportAsync(District district)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(district.GeoJson()), "file", "新区.geojson" } };
        var response = await Admin.PostAsync("/api/import/areas?crs=EPSG:4326&dryRun=false", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("importId").GetInt64();
    }

    Task<HttpResponseMessage> UndoAsync(long id) => Admin.PostAsync($"/api/import/{id}/undo", null);

    Task Sql(string sql) => app.Database.ScalarAsync<object>(sql + "; SELECT 1");
    Task<long> AreasOf(District d) => app.Database.ScalarAsync<long>("SELECT count(*) FROM areas WHERE code LIKE $1", d.Code + "%");

    [Fact]
    public async Task Undo_removes_the_areas_the_import_added_and_gives_their_households_the_grid_they_lie_in_audited()
    {
        var district = new District("320615", 121.40);
        var id = await ImportAsync(district);
        var grid = await app.Database.ScalarAsync<long>("SELECT id FROM areas WHERE code = $1", district.Grid);
        // A household added since, in the new grid (its grid derived from its position by the trigger).
        await Sql(FormattableString.Invariant($"INSERT INTO households (name, members, kind, location) VALUES ('新户', 2, 'member', ST_SetSRID(ST_MakePoint({district.Lon}, {District.Lat}), 4326))"));
        Assert.Equal(grid, await app.Database.ScalarAsync<long>("SELECT grid_id FROM households WHERE name = '新户'"));

        var undo = await UndoAsync(id);

        Assert.True(undo.StatusCode == HttpStatusCode.OK, await undo.Content.ReadAsStringAsync());
        var answer = await undo.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4, 1), (answer.GetProperty("areasRemoved").GetInt32(), answer.GetProperty("householdsMoved").GetInt32()));
        Assert.Equal(0L, await AreasOf(district));
        Assert.Equal(9L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM areas WHERE code LIKE '320614%'")); // the district seeded before is whole
        Assert.True(await app.Database.ScalarAsync<bool>("SELECT grid_id IS NULL FROM households WHERE name = '新户'"));
        Assert.Equal($"admin:{grid}:", await app.Database.ScalarAsync<string>("""
            SELECT actor || ':' || (before->>'grid_id') || ':' || coalesce(after->>'grid_id', '')
            FROM data_changes c JOIN households h ON h.id = c.entity_id WHERE c.entity = 'household' AND h.name = '新户' AND c.reason = $1
            """, $"undo import {id}"));
        Assert.Equal("admin", await app.Database.ScalarAsync<string>("SELECT undone_by FROM imports WHERE id = $1", id));
        var again = await UndoAsync(id);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("undone already", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Undo_is_refused_while_a_case_or_a_staff_member_refers_to_an_area_it_added()
    {
        var district = new District("320616", 121.60);
        var id = await ImportAsync(district);
        var grid = await app.Database.ScalarAsync<long>("SELECT id FROM areas WHERE code = $1", district.Grid);
        await Sql($"INSERT INTO staff (name, role, home_grid_id) VALUES ('新网格员', 'grid_worker', {grid})");

        var refused = await UndoAsync(id);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("1 staff member(s)", await refused.Content.ReadAsStringAsync());
        Assert.Equal(4L, await AreasOf(district));

        await Sql("DELETE FROM staff WHERE name = '新网格员'");
        var reported = await Admin.PostAsJsonAsync("/api/cases", new { lon = district.Lon, lat = District.Lat, categoryCode = "environmental_sanitation", description = "新区的井盖缺失" });
        Assert.True(reported.StatusCode == HttpStatusCode.Created, await reported.Content.ReadAsStringAsync());
        refused = await UndoAsync(id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("1 case(s)", await refused.Content.ReadAsStringAsync());
        Assert.Equal(4L, await AreasOf(district));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM imports WHERE undone_at IS NOT NULL"));
    }

    [Fact]
    public async Task Undo_is_refused_after_a_boundary_it_brought_was_changed()
    {
        var district = new District("320617", 121.80);
        var id = await ImportAsync(district);
        // As a boundary change writes it; the versions trigger closes the imported boundary.
        await Sql(FormattableString.Invariant($"UPDATE areas SET boundary = ST_Multi(ST_MakeEnvelope({district.West}, 31.85, {district.West + 0.09}, 31.90, 4326)) WHERE code = '{district.Grid}'"));

        var refused = await UndoAsync(id);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"reshaped since ({district.Grid})", await refused.Content.ReadAsStringAsync());
        Assert.Equal(4L, await AreasOf(district));
    }

    [Fact]
    public async Task Undo_is_refused_while_a_later_import_stands()
    {
        var district = new District("320618", 122.00);
        var id = await ImportAsync(district);
        var households = new MultipartFormDataContent
        {
            { new ByteArrayContent(ImportFiles.Csv(["id", "name", "members", "kind", "lon", "lat"], [["N1", "后来的户", 1, "member", district.Lon, District.Lat]])), "file", "h.csv" },
        };
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/api/import/households?crs=EPSG:4326", households)).StatusCode);

        var refused = await UndoAsync(id);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("came later", await refused.Content.ReadAsStringAsync());
        Assert.Equal(4L, await AreasOf(district));
    }

    [Fact]
    public async Task The_latest_imports_are_listed_newest_first_with_the_one_that_can_be_undone()
    {
        var district = new District("320619", 122.20);
        var id = await ImportAsync(district);

        var list = await Admin.GetFromJsonAsync<JsonElement>("/api/import/");

        var entry = Assert.Single(list.EnumerateArray());
        Assert.Equal((id, "areas", "新区.geojson", "EPSG:4326", 4, true),
            (entry.GetProperty("id").GetInt64(), entry.GetProperty("kind").GetString(), entry.GetProperty("file").GetString(),
             entry.GetProperty("crs").GetString(), entry.GetProperty("added").GetInt32(), entry.GetProperty("undoable").GetBoolean()));
        Assert.EndsWith("+08:00", entry.GetProperty("at").GetString());
        Assert.Equal(HttpStatusCode.OK, (await UndoAsync(id)).StatusCode);
        entry = (await Admin.GetFromJsonAsync<JsonElement>("/api/import/")).EnumerateArray().Single();
        Assert.Equal(("admin", false), (entry.GetProperty("undoneBy").GetString(), entry.GetProperty("undoable").GetBoolean()));
    }

    /// <summary>The zones' names are PostGIS's own (spatial_ref_sys), the one list the page offers.</summary>
    [Fact]
    public async Task The_coordinate_systems_offered_are_every_one_accepted_named_as_postgis_names_them()
    {
        var systems = (await Admin.GetFromJsonAsync<JsonElement>("/api/import/crs")).EnumerateArray()
            .Select(c => (Name: c.GetProperty("name").GetString()!, Title: c.GetProperty("title").GetString()!)).ToList();

        Assert.Equal(["EPSG:4326", "EPSG:4490", .. Enumerable.Range(4513, 42).Select(c => $"EPSG:{c}"), "GCJ02", "BD09"], systems.Select(s => s.Name));
        foreach (var (name, title) in systems.Where(s => s.Name.StartsWith("EPSG:45", StringComparison.Ordinal)))
            Assert.Equal(await app.Database.ScalarAsync<string>("SELECT split_part(srtext, '\"', 2) FROM spatial_ref_sys WHERE srid = $1", int.Parse(name[5..])), title);
    }
}
