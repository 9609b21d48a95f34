namespace GridMap.Tests.Tiles;

/// <summary>
/// The tiles of <see cref="SmallDistrict"/> that the tile tests read: <see cref="District"/> holds
/// the whole district; at zoom 14, <see cref="West"/> holds the west grid's household 张建国 and
/// case 1, <see cref="East"/> the east's 刘芳 and case 2.
/// </summary>
static class SmallDistrictTiles
{
    public const string District = "9/428/208";
    public const string West = "14/13704/6660";
    public const string East = "14/13711/6660";

    /// <summary>A GET under <c>/tiles</c> as <paramref name="username"/>, with headers of its own, and the bytes it answered.</summary>
    public static async Task<(HttpResponseMessage Response, byte[] Body)> GetTileAsync(
        this GridMapApp app, string username, string url, Action<HttpRequestHeaders>? headers = null)
    {
        var response = await app.GetAsync(username, url, headers);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>
    /// The households table locked against every reader until the lock is disposed, in a
    /// transaction of its own: a tile of households, its parse included, waits for it.
    /// </summary>
    public static async Task<IAsyncDisposable> LockHouseholdsAsync(this GridMapApp app)
    {
        var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        var tx = await conn.BeginTransactionAsync();
        await using (var lockHouseholds = new NpgsqlCommand("LOCK TABLE households IN ACCESS EXCLUSIVE MODE", conn, tx))
            await lockHouseholds.ExecuteNonQueryAsync();
        return conn;
    }
}

/// <summary>
/// <see cref="SmallDistrict"/> served with a tile's time limit of its own (<c>GRIDMAP_TILE_TIMEOUT_MS</c>) and no tile
/// cache (<c>GRIDMAP_TILE_CACHE_MB</c>), so that every tile asked for is built.
/// </summary>
public abstract class TileTimeLimitApp(int milliseconds) : SmallDistrictApp
{
    protected override IEnumerable<(string Name, string Value)> Settings =>
        [("GRIDMAP_TILE_TIMEOUT_MS", milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("GRIDMAP_TILE_CACHE_MB", "0")];
}
