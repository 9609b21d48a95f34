namespace GridMap.Tests.Tiles;

/// <summary>Tiles with half a second each to be built.</summary>
public class ShortTileTimeApp() : TileTimeLimitApp(500);

public class TileTimeoutTests(ShortTileTimeApp app) : IClassFixture<ShortTileTimeApp>
{
    [Fact]
    public async Task A_tile_that_outlasts_its_time_limit_is_503_and_the_next_one_is_served()
    {
        const string url = $"/tiles/households/{SmallDistrictTiles.District}.mvt";
        using var http = app.ClientFor(SmallDistrict.Admin);
        // Without the limit the tile would wait for the lock below as long as the test holds it.
        http.Timeout = TimeSpan.FromSeconds(60);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);

        await using (await app.LockHouseholdsAsync())
        {
            var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Tile too costly", problem.GetProperty("title").GetString());
            Assert.Contains("500 ms", problem.GetProperty("detail").GetString());
        }

        // The lock gone, the same tile on the same pool of connections.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
    }
}
