namespace GridMap.Server.Tiles;

/// <summary>
/// The bounds on one tile's work. <c>GRIDMAP_TILE_TIMEOUT_MS</c>: the statement timeout of a
/// tile query (default 3,000 ms); <c>GRIDMAP_TILE_POINT_LIMIT</c>: the most points a tile ships
/// one by one before it ships clusters (default 1,000); <c>GRIDMAP_TILE_FEATURE_LIMIT</c>: the
/// most area outlines in a tile (default 10,000); <c>GRIDMAP_TILE_CACHE_MB</c>: the most memory
/// that tiles built earlier are kept in (<see cref="TileCache"/>; default 64 MB, 0: none kept).
/// </summary>
public sealed record TileOptions(int TimeoutMs, int PointLimit, int FeatureLimit, int CacheMegabytes)
{
    /// <summary>The bounds with none of the settings given.</summary>
    public static readonly TileOptions Default = From(new ConfigurationBuilder().Build());

    public static TileOptions From(IConfiguration config) => new(
        Whole(config, "GRIDMAP_TILE_TIMEOUT_MS", 3000, from: 1),
        Whole(config, "GRIDMAP_TILE_POINT_LIMIT", 1000, from: 1),
        Whole(config, "GRIDMAP_TILE_FEATURE_LIMIT", 10_000, from: 1),
        Whole(config, "GRIDMAP_TILE_CACHE_MB", 64, from: 0));

    static int Whole(IConfiguration config, string name, int fallback, int from) =>
        config[name] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= from ? value
        : throw new InvalidOperationException($"{name} must be a whole number from {from}, not '{text}'");
}
