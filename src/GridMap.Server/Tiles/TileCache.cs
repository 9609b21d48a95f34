using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace GridMap.Server.Tiles;

/// <summary>
/// Tiles this server built, by their ETag (<see cref="TileEtag"/>), so that a tile asked for again
/// by any caller of the same kind (area, right to personal data, restrictions such as a grid worker's own cases) is
/// sent without running its statement: a command centre's screens and its staff look at the
/// same district. A tile being built is found too, so that screens opening the same view at once
/// wait for its one statement instead of each running it. A tile is found only under the tag of
/// counters read for that request (<c>TilesApi</c>), so it is never older than the data: equal
/// counters mean no write since the counters its build was tagged with, read before its statement.
/// A tile built under counters read lately may be kept under a tag older than its rows; no
/// request reads those counters again, so it is never found, and ages out. An entry no tag names
/// any more is left to age out too. <c>GRIDMAP_TILE_CACHE_MB</c> bounds its memory
/// (<see cref="TileOptions.CacheMegabytes"/>); 0 turns it off: every request builds its own tile.
/// </summary>
public sealed class TileCache : IDisposable
{
    /// <summary>An entry unused this long is dropped even while memory is left: its counters are likely old by then.</summary>
    static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);

    /// <summary>The tiles built, each as its finished build: a kept tile and one being built are found alike, and finding one allocates nothing.</summary>
    readonly MemoryCache? tiles;
    readonly ConcurrentDictionary<string, Task<TileBytes>> building = new(StringComparer.Ordinal);

    public TileCache(TileOptions options)
    {
        if (options.CacheMegabytes > 0) tiles = new(new MemoryCacheOptions { SizeLimit = options.CacheMegabytes * 1024L * 1024 });
    }

    /// <summary>The tile kept under the tag (a finished task), or the one being built under it; null when neither.</summary>
    public Task<TileBytes>? Find(string tag) =>
        tiles is null ? null
        : tiles.TryGetValue(tag, out Task<TileBytes>? kept) ? kept
        : building.GetValueOrDefault(tag);

    /// <summary>
    /// Builds the tile (<paramref name="build"/>), found by its tag meanwhile and kept once built.
    /// Not cancelled with the request that set it off, as others may wait for it: the tile
    /// statement's own time limit bounds it.
    /// </summary>
    public async Task<TileBytes> BuildAsync(string tag, Func<CancellationToken, Task<TileBytes>> build, CancellationToken ct)
    {
        if (tiles is null) return await build(ct);
        var built = new TaskCompletionSource<TileBytes>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = building.TryAdd(tag, built.Task);
        try
        {
            var tile = await build(CancellationToken.None);
            built.SetResult(tile);
            Keep(tag, built.Task);
            return tile;
        }
        catch (Exception e)
        {
            built.TrySetException(e);
            _ = built.Task.Exception; // observed here, whether or not another request waited for it
            throw;
        }
        finally
        {
            // Kept first, so that a request between the two finds it either way.
            if (shared) building.TryRemove(new(tag, built.Task));
        }
    }

    /// <summary>Keeps the finished build under its tag; when the cache is full it is not kept and the least used entries are dropped.</summary>
    void Keep(string tag, Task<TileBytes> built)
    {
        using var entry = tiles!.CreateEntry(tag);
        entry.Value = built;
        entry.Size = built.Result.Size + tag.Length * sizeof(char);
        entry.SlidingExpiration = Unused;
    }

    public void Dispose() => tiles?.Dispose();
}
