using Microsoft.Extensions.Caching.Memory;

namespace GridMap.Server.Tiles;

/// <summary>
/// Tiles this server built, by their ETag (<see cref="TileEtag"/>), so that a tile asked for again
/// by any caller of the same kind (area, right to personal data, restrictions such as a grid worker's own cases) is
/// sent without running its statement: a command centre's screens and its staff look at the
/// same district. A kept tile is sent only under the tag of counters read for that request
/// (<c>TilesApi</c>), so it is never older than the data: equal counters mean no write since.
/// A tile built under counters read lately may be kept under a tag older than its rows; no
/// request reads those counters again, so it is never found, and ages out. An entry no tag names
/// any more is left to age out too. <c>GRIDMAP_TILE_CACHE_MB</c> bounds its memory
/// (<see cref="TileOptions.CacheMegabytes"/>); 0 turns it off.
/// </summary>
public sealed class TileCache : IDisposable
{
    /// <summary>An entry unused this long is dropped even while memory is left: its counters are likely old by then.</summary>
    static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);

    readonly MemoryCache? tiles;

    public TileCache(TileOptions options)
    {
        if (options.CacheMegabytes > 0) tiles = new(new MemoryCacheOptions { SizeLimit = options.CacheMegabytes * 1024L * 1024 });
    }

    public TileBytes? Find(string tag) => tiles is not null && tiles.TryGetValue(tag, out TileBytes? tile) ? tile : null;

    /// <summary>Keeps the tile under its tag; when the cache is full it is not kept and the least used entries are dropped.</summary>
    public void Keep(string tag, TileBytes tile)
    {
        if (tiles is null) return;
        using var entry = tiles.CreateEntry(tag);
        entry.Value = tile;
        entry.Size = tile.Size + tag.Length * sizeof(char);
        entry.SlidingExpiration = Unused;
    }

    public void Dispose() => tiles?.Dispose();
}
