namespace GridMap.Tests.Territory;

public class ReadApiTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    readonly HttpClient http = app.ClientFor(SmallDistrict.Admin);

    async Task<JsonElement> Features(string url)
    {
        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("FeatureCollection", doc.GetProperty("type").GetString());
        return doc.GetProperty("features");
    }

    static string[] Names(JsonElement features) =>
        features.EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task Areas_filtered_by_level_return_only_that_level_as_multipolygons()
    {
        var grids = await Features("/api/areas?level=grid");
        Assert.Equal(["秀山社区第1网格", "秀山社区第2网格", "东洲社区第1网格", "东洲社区第2网格"], Names(grids));
        Assert.All(grids.EnumerateArray(), g => Assert.Equal("MultiPolygon", g.GetProperty("geometry").GetProperty("type").GetString()));
        Assert.Equal(4, grids[0].GetProperty("properties").GetProperty("parentId").GetInt64());
    }

    [Fact]
    public async Task Areas_bbox_keeps_only_areas_that_intersect_it()
    {
        var grids = await Features("/api/areas?level=grid&bbox=121.26,31.86,121.29,31.88");
        Assert.Equal(["东洲社区第2网格"], Names(grids));
    }

    [Fact]
    public async Task Areas_without_boundaries_are_the_same_areas_with_their_properties_and_no_geometry()
    {
        var whole = await Features("/api/areas?level=grid&layer=party");
        var names = await Features("/api/areas?level=grid&layer=party&boundary=false");
        Assert.Equal(whole.GetArrayLength(), names.GetArrayLength());
        for (var i = 0; i < whole.GetArrayLength(); i++)
        {
            Assert.True(JsonElement.DeepEquals(whole[i].GetProperty("properties"), names[i].GetProperty("properties")), names[i].GetRawText());
            Assert.Equal(JsonValueKind.Null, names[i].GetProperty("geometry").ValueKind);
        }
        Assert.Equal(whole.GetArrayLength(), (await Features("/api/areas?level=grid&layer=party&boundary=true")).GetArrayLength());
    }

    [Theory]
    [InlineData("/api/areas?level=county", "level")]
    [InlineData("/api/areas?boundary=no", "boundary")]
    [InlineData("/api/areas?bbox=1,2,3", "bbox")]
    [InlineData("/api/areas?bbox=121.3,31.9,121.1,31.8", "bbox")]
    [InlineData("/api/households?bbox=a,b,c,d", "bbox")]
    [InlineData("/api/locate?lon=200&lat=31", "lon")]
    [InlineData("/api/locate?lon=121.1", "lat")]
    [InlineData("/api/locate?lon=1,21&lat=31.87", "lon")] // not 121, as a thousands separator would read it
    [InlineData("/api/locate?lon=121.1&lat=3,1", "lat")]
    public async Task Bad_query_is_a_problem_naming_the_field(string url, string field)
    {
        await ProblemAssert.NamesFieldAsync(await http.GetAsync(url), field);
    }

    [Fact]
    public async Task Area_by_id_is_one_feature_and_unknown_id_is_404_problem()
    {
        var area = JsonDocument.Parse(await http.GetStringAsync("/api/areas/5")).RootElement;
        Assert.Equal("东洲社区", area.GetProperty("properties").GetProperty("name").GetString());
        var missing = await http.GetAsync("/api/areas/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Locate_returns_the_chain_grid_community_street_district()
    {
        var result = await http.GetFromJsonAsync<JsonElement>("/api/locate?lon=121.22&lat=31.88");
        var chain = result.GetProperty("chain").EnumerateArray().Select(a => (a.GetProperty("level").GetString(), a.GetProperty("name").GetString())).ToArray();
        Assert.Equal([("grid", "东洲社区第1网格"), ("community", "东洲社区"), ("street", "滨江街道"), ("district", "海门区")], chain);
    }

    [Fact]
    public async Task Locate_on_a_shared_grid_edge_picks_the_lower_id()
    {
        var result = await http.GetFromJsonAsync<JsonElement>("/api/locate?lon=121.15&lat=31.87");
        Assert.Equal(6, result.GetProperty("chain")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Locate_outside_every_area_is_404_problem()
    {
        var response = await http.GetAsync("/api/locate?lon=120&lat=30");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Households_carry_the_grid_derived_from_their_location()
    {
        var households = await Features("/api/households");
        var grids = households.EnumerateArray().ToDictionary(
            h => h.GetProperty("properties").GetProperty("name").GetString()!,
            h => h.GetProperty("properties").GetProperty("gridId").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["张建国"] = 6, ["李秀英"] = 7, ["王志强"] = 8, ["刘芳"] = 9 }, grids);
    }

    [Fact]
    public async Task Stations_carry_radius_hours_and_services()
    {
        var stations = await Features("/api/stations?bbox=121.1,31.85,121.16,31.9");
        var p = Assert.Single(stations.EnumerateArray()).GetProperty("properties");
        Assert.Equal("秀山社区党群服务中心", p.GetProperty("name").GetString());
        Assert.Equal(500, p.GetProperty("radiusM").GetDouble());
        Assert.Equal(["便民服务"], p.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Staff_without_a_known_location_are_not_on_the_map()
    {
        Assert.Equal(["陈伟"], Names(await Features("/api/staff")));
    }

    [Fact]
    public async Task OpenApi_document_lists_the_read_endpoints()
    {
        var doc = await http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/locate", doc);
        Assert.Contains("/api/areas/{id}", doc);
    }
}
