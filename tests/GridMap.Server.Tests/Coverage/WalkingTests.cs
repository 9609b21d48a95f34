namespace GridMap.Tests.Coverage;

public class WalkingTests(RiverTown town) : IClassFixture<RiverTown>
{
    async Task<string[]> CoveredNames(string query)
    {
        var uncovered = await town.AdminClient().GetFromJsonAsync<JsonElement>($"/api/coverage/uncovered?{query}");
        var ids = uncovered.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetInt64()).ToHashSet();
        var names = await Sql.QueryAsync(town.Database.ConnectionString, "SELECT id, name FROM households ORDER BY name", r => (r.GetInt64(0), r.GetString(1)));
        return names.Where(h => !ids.Contains(h.Item1)).Select(h => h.Item2).ToArray();
    }

    [Fact]
    public async Task A_household_across_the_river_is_within_the_radius_but_not_within_the_walk()
    {
        Assert.Equal(["H1", "H2", "H3", "H4"], await CoveredNames("mode=straight"));
        Assert.Equal(["H2", "H3"], await CoveredNames("mode=walking"));
    }

    [Fact]
    public async Task A_long_enough_walk_reaches_across_the_bridge()
    {
        // H1: 20 + 2000 north + 200 over the bridge + 2000 south + 10 = 4,230 m.
        Assert.Equal(["H2", "H3", "H4"], await CoveredNames("mode=walking&radiusM=4200"));
        Assert.Equal(["H1", "H2", "H3", "H4"], await CoveredNames("mode=walking&radiusM=4240"));
    }

    [Fact]
    public async Task Walking_figures_count_per_grid()
    {
        var coverage = await town.AdminClient().GetFromJsonAsync<JsonElement>("/api/coverage?mode=walking");
        Assert.Equal("walking", coverage.GetProperty("mode").GetString());
        var rows = coverage.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!,
            r => (r.GetProperty("households").GetProperty("total").GetInt64(), r.GetProperty("households").GetProperty("covered").GetInt64()));
        Assert.Equal((3L, 2L), rows["西岸网格"]);
        Assert.Equal((1L, 0L), rows["东岸网格"]);
        Assert.Equal(JsonValueKind.Null, coverage.GetProperty("residents").ValueKind); // no grid population given
    }

    [Fact]
    public async Task Walking_shape_is_the_stretch_of_street_within_reach()
    {
        var shape = await town.AdminClient().GetStringAsync("/api/coverage/shape?mode=walking");
        var geometry = JsonDocument.Parse(shape).RootElement.GetProperty("geometry");
        Assert.Equal("MultiLineString", geometry.GetProperty("type").GetString());
        // 480 m each way along the west street from where the station joins it.
        var metres = (await Sql.QueryAsync(town.Database.ConnectionString, "SELECT ST_Length(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography)",
            r => r.GetDouble(0), geometry.GetRawText())).Single();
        Assert.Equal(960, metres, 0.5);
    }

    [Fact]
    public async Task Walking_without_roads_is_refused_naming_the_mode()
    {
        await Sql.ExecuteAsync(town.Database.ConnectionString, "CREATE TABLE roads_kept AS SELECT * FROM roads; DELETE FROM roads");
        try
        {
            var response = await town.AdminClient().GetAsync("/api/coverage?mode=walking");
            await ProblemAssert.NamesFieldAsync(response, "mode");
        }
        finally
        {
            await Sql.ExecuteAsync(town.Database.ConnectionString, "INSERT INTO roads OVERRIDING SYSTEM VALUE SELECT * FROM roads_kept; DROP TABLE roads_kept");
        }
    }
}
