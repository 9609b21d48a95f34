using GridMap.Server.Data;
using GridMap.Server.Tiles;

namespace GridMap.Tests.Tiles;

/// <summary>Tiles with longer to be built than any test waits, so that a tile held up stays held up until the test lets it go.</summary>
public class LongTileTimeApp() : TileTimeLimitApp(60_000);

public class TilePoolTests(LongTileTimeApp app) : IClassFixture<LongTileTimeApp>
{
    [Fact]
    public async Task Tiles_held_up_in_the_database_leave_the_rest_of_the_api_its_connections()
    {
        const string tile = $"/tiles/households/{SmallDistrictTiles.District}.mvt";
        using var http = app.ClientFor(SmallDistrict.Admin);
        http.Timeout = TimeSpan.FromSeconds(120);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(tile)).StatusCode);

        List<Task<HttpResponseMessage>> tiles;
        await using (await app.LockHouseholdsAsync())
        {
            // Twice the service's pool of connections, as several screens opening the district's map would ask.
            tiles = [.. Enumerable.Range(0, 2 * DataServices.DefaultPoolSize).Select(_ => http.GetAsync(tile))];
            await WaitForTilesWaitingAsync(TileDatabase.PoolSize);

            var areas = await http.GetAsync("/api/areas?level=district");
            Assert.Equal(HttpStatusCode.OK, areas.StatusCode);
            Assert.DoesNotContain(tiles, t => t.IsCompleted);
        }

        // The lock gone, every tile held up is served.
        foreach (var response in await Task.WhenAll(tiles)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Until at least <paramref name="count"/> of the service's statements wait for the lock on households.</summary>
    async Task WaitForTilesWaitingAsync(int count)
    {
        for (var tries = 0; tries < 600; tries++)
        {
            var waiting = await app.ScalarAsync<long>("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%ST_AsMVT%'
                """);
            if (waiting >= count) return;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"fewer than {count} tile statements came to wait for the lock in 60 s");
    }
}
