using GridMap.Server.Tiles;
using Microsoft.Extensions.Configuration;

namespace GridMap.Tests.Tiles;

public class TileOptionsTests
{
    static TileOptions From(params (string Name, string Value)[] settings) => TileOptions.From(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Name, (string?)s.Value))).Build());

    [Fact]
    public void Unset_the_bounds_are_the_documented_defaults()
    {
        Assert.Equal(new TileOptions(TimeoutMs: 3000, PointLimit: 1000, FeatureLimit: 10_000, CacheMegabytes: 64), From());
        Assert.Equal(From(), TileOptions.Default);
    }

    [Fact]
    public void No_tile_cache_is_a_setting_and_no_time_limit_is_not()
    {
        Assert.Equal(0, From(("GRIDMAP_TILE_CACHE_MB", "0")).CacheMegabytes);
        var refused = Assert.Throws<InvalidOperationException>(() => From(("GRIDMAP_TILE_TIMEOUT_MS", "0")));
        Assert.Contains("GRIDMAP_TILE_TIMEOUT_MS", refused.Message);
    }

    [Theory]
    [InlineData("GRIDMAP_TILE_CACHE_MB", "-1")]
    [InlineData("GRIDMAP_TILE_CACHE_MB", "64MB")]
    [InlineData("GRIDMAP_TILE_POINT_LIMIT", "many")]
    public void A_setting_that_is_no_whole_number_in_range_stops_the_server_naming_it(string name, string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => From((name, value)));
        Assert.Contains(name, refused.Message);
        Assert.Contains($"'{value}'", refused.Message);
    }
}
