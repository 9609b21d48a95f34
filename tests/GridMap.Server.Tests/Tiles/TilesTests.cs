using static GridMap.Tests.Tiles.SmallDistrictTiles;

namespace GridMap.Tests.Tiles;

/// <summary>
/// The vector tiles of <see cref="SmallDistrict"/> (with <see cref="AuthApp"/>'s stations, staff
/// and cases), read by GDAL's MVT driver; which tile holds what: <see cref="SmallDistrictTiles"/>.
/// </summary>
public class TilesTests(AuthApp app) : IClassFixture<AuthApp>
{
    async Task<List<GdalFeature>> ReadAsync(string username, string layer, string tile, string query = "")
    {
        var (response, body) = await app.GetTileAsync(username, $"/tiles/{layer}/{tile}.mvt{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        var zxy = tile.Split('/').Select(int.Parse).ToArray();
        return await Gdal.ReadTileAsync(body, layer, zxy[0], zxy[1], zxy[2]);
    }

    Task<List<long>> IdsAsync(string sql) => app.QueryAsync(sql, r => r.GetInt64(0));

    [Fact]
    public async Task GDAL_reads_the_households_of_the_callers_area_with_names_and_phones_for_a_command_centre()
    {
        var features = await ReadAsync(SmallDistrict.Centre, "households", District);
        var expected = await app.QueryAsync("SELECT id, name, phone, kind, ST_X(location), ST_Y(location) FROM households WHERE name IN ('张建国', '李秀英') ORDER BY id",
            r => (Id: r.GetInt64(0), Name: r.GetString(1), Phone: r.GetString(2), Kind: r.GetString(3), Lon: r.GetDouble(4), Lat: r.GetDouble(5)));
        Assert.Equal(expected.Select(h => (h.Id, h.Name, h.Phone, h.Kind)),
            features.OrderBy(f => f.Id).Select(f => (f.Id!.Value, f.Text("name")!, f.Text("phone")!, f.Text("kind")!)));
        // Within a pixel of a 256-pixel tile at zoom 9 (0.0027° across).
        foreach (var (h, f) in expected.Zip(features.OrderBy(f => f.Id)))
        {
            Assert.Equal(h.Lon, f.Position.Lon, 0.003);
            Assert.Equal(h.Lat, f.Position.Lat, 0.003);
        }
    }

    [Theory]
    [InlineData(SmallDistrict.Worker, new[] { "张*国" }, new[] { "138****1234" })]
    [InlineData(SmallDistrict.Planner, new[] { "张*国", "李*英" }, new[] { "138****1234", "139****5678" })]
    public async Task Roles_without_the_right_to_personal_data_get_masked_names_and_phones(string username, string[] names, string[] phones)
    {
        var features = (await ReadAsync(username, "households", District)).OrderBy(f => f.Id).ToList();
        Assert.Equal(names, features.Select(f => f.Text("name")));
        Assert.Equal(phones, features.Select(f => f.Text("phone")));
    }

    [Fact]
    public async Task A_worker_sees_its_colleagues_phone_masked_in_the_staff_tile()
    {
        var staff = Assert.Single(await ReadAsync(SmallDistrict.Worker, "staff", District));
        Assert.Equal(("陈伟", "137****1111"), (staff.Text("name"), staff.Text("phone")));
        var unmasked = Assert.Single(await ReadAsync(SmallDistrict.Leader, "staff", District));
        Assert.Equal("13700001111", unmasked.Text("phone"));
    }

    [Fact]
    public async Task An_unmasked_tile_is_recorded_as_a_read_of_its_households_and_a_masked_one_is_not()
    {
        async Task<List<(string What, long[] Ids)>> Reads(string username) => await app.QueryAsync(
            "SELECT what, household_ids FROM personal_data_reads WHERE username = $1 AND what LIKE 'GET /tiles/%' ORDER BY id",
            r => (r.GetString(0), r.GetFieldValue<long[]>(1)), username);
        var before = (await Reads(SmallDistrict.Leader)).Count;
        await ReadAsync(SmallDistrict.Leader, "households", West);
        var reads = await Reads(SmallDistrict.Leader);
        Assert.Equal(before + 1, reads.Count);
        Assert.Equal($"GET /tiles/households/{West}.mvt", reads[^1].What);
        Assert.Equal(await IdsAsync("SELECT id FROM households WHERE name = '张建国'"), reads[^1].Ids);

        await ReadAsync(SmallDistrict.Worker, "households", West);
        Assert.Empty(await Reads(SmallDistrict.Worker));
    }

    [Fact]
    public async Task A_street_user_gets_no_feature_of_the_other_street_an_empty_tile_is_204()
    {
        foreach (var layer in new[] { "households", "cases", "stations", "areas-grid-party" })
        {
            var (response, body) = await app.GetTileAsync(SmallDistrict.Centre, $"/tiles/{layer}/{East}.mvt");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Empty(body);
        }
        var admin = await ReadAsync(SmallDistrict.Admin, "households", East);
        Assert.Equal(["刘芳"], admin.Select(f => f.Text("name")));
        // The whole district as the west street's command centre: its own grids only.
        var grids = await ReadAsync(SmallDistrict.Centre, "areas-grid-party", District);
        Assert.Equal(await IdsAsync("SELECT id FROM areas WHERE level = 'grid' AND parent_id = 4 ORDER BY id"), grids.Select(f => f.Id!.Value).Order());
        Assert.All(grids, g => Assert.Equal("party", g.Text("layer")));
        Assert.EndsWith("Polygon", grids[0].Geometry.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_grid_worker_gets_only_the_cases_assigned_to_it()
    {
        var cases = await ReadAsync(SmallDistrict.Worker, "cases", District);
        Assert.Equal(await IdsAsync("SELECT id FROM cases WHERE assignee_id = 2 ORDER BY id"), cases.Select(f => f.Id!.Value).Order());
        Assert.All(cases, c => Assert.Equal("dispatched", c.Text("status")));
        var admin = await ReadAsync(SmallDistrict.Admin, "cases", District, "?status=dispatched");
        Assert.Equal(await IdsAsync("SELECT id FROM cases ORDER BY id"), admin.Select(f => f.Id!.Value).Order());
        var (none, _) = await app.GetTileAsync(SmallDistrict.Admin, $"/tiles/cases/{District}.mvt?status=closed");
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
    }

    [Fact]
    public async Task A_tile_carries_a_strong_etag_and_answers_304_when_it_did_not_change()
    {
        var (first, _) = await app.GetTileAsync(SmallDistrict.Centre, $"/tiles/households/{District}.mvt");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl is { Private: true, NoCache: true }, $"Cache-Control: {first.Headers.CacheControl}");
        var (again, body) = await app.GetTileAsync(SmallDistrict.Centre, $"/tiles/households/{District}.mvt", h => h.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(body);
        // Another caller's tile of the same place is another tile: masked names, another tag.
        var (worker, _) = await app.GetTileAsync(SmallDistrict.Planner, $"/tiles/households/{District}.mvt", h => h.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
    }

    [Theory]
    [InlineData("/tiles/households/23/0/0.mvt", "z")]
    [InlineData("/tiles/households/-1/0/0.mvt", "z")]
    [InlineData("/tiles/households/x/0/0.mvt", "z")]
    [InlineData("/tiles/households/9/512/0.mvt", "x")]
    [InlineData("/tiles/areas-grid-party/2/1/4.mvt", "y")]
    [InlineData("/tiles/cases/9/428/208.mvt?status=lost", "status")]
    public async Task A_bad_tile_address_is_a_problem_naming_the_parameter(string url, string parameter)
    {
        var (response, _) = await app.GetTileAsync(SmallDistrict.Admin, url);
        await ProblemAssert.NamesFieldAsync(response, parameter);
    }

    [Fact]
    public async Task An_unknown_layer_is_404_naming_the_layers()
    {
        var (response, body) = await app.GetTileAsync(SmallDistrict.Admin, "/tiles/areas-moon/9/428/208.mvt");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("areas-grid-party", System.Text.Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task TileJson_describes_the_layer_as_the_caller_gets_it()
    {
        using var http = app.ClientFor(SmallDistrict.Planner);
        var doc = await http.GetFromJsonAsync<JsonElement>("/tiles/households.json");
        Assert.Equal("3.0.0", doc.GetProperty("tilejson").GetString());
        Assert.EndsWith("/tiles/households/{z}/{x}/{y}.mvt", doc.GetProperty("tiles")[0].GetString());
        Assert.Equal([121.10, 31.85, 121.20, 31.90], doc.GetProperty("bounds").EnumerateArray().Select(b => Math.Round(b.GetDouble(), 6)));
        var layer = Assert.Single(doc.GetProperty("vector_layers").EnumerateArray());
        Assert.Equal("households", layer.GetProperty("id").GetString());
        Assert.Equal("String", layer.GetProperty("fields").GetProperty("name").GetString());
        Assert.True(doc.GetProperty("maxzoom").GetInt32() >= 14);

        // Asked again with its tag: 304.
        var (first, _) = await app.GetTileAsync(SmallDistrict.Planner, "/tiles/households.json");
        Assert.NotNull(first.Headers.ETag);
        var (again, _) = await app.GetTileAsync(SmallDistrict.Planner, "/tiles/households.json", h => h.IfNoneMatch.Add(first.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        // The same tile through the template: what GDAL reads holds every field the TileJSON names.
        var template = doc.GetProperty("tiles")[0].GetString()!;
        var url = new Uri(template.Replace("{z}/{x}/{y}", District)).PathAndQuery;
        var (_, body) = await app.GetTileAsync(SmallDistrict.Planner, url);
        var feature = (await Gdal.ReadTileAsync(body, "households", 9, 428, 208))[0];
        foreach (var field in layer.GetProperty("fields").EnumerateObject().Where(f => f.Name != "count"))
            Assert.True(feature.Properties.TryGetProperty(field.Name, out _), $"no {field.Name} in {feature.Properties}");
    }
}
