namespace GridMap.Server.Tiles;

/// <summary>
/// The bounds on one tile's work. <c>GRIDMAP_TILE_TIMEOUT_MS</c>: the statement timeout of a
/// tile query (default 3,000 ms); <c>GRIDMAP_TILE_POINT_LIMIT</c>: the most points a tile ships
/// one by one before it ships clusters (default 1,000); <c>GRIDMAP_TILE_FEATURE_LIMIT</c>: the
/// most area outlines in a tile (default 10,000).
/// </summary>
public sealed record TileOptions(int TimeoutMs, int PointLimit, int FeatureLimit)
{
    public static TileOptions From(IConfiguration config) => new(
        Positive(config, "GRIDMAP_TILE_TIMEOUT_MS", 3000),
        Positive(config, "GRIDMAP_TILE_POINT_LIMIT", 1000),
        Positive(config, "GRIDMAP_TILE_FEATURE_LIMIT", 10_000));

    static int Positive(IConfiguration config, string name, int fallback) =>
        config[name] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidOperationException($"{name} must be a positive whole number, not '{text}'");
}
