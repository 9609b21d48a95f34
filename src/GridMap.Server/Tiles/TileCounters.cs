using System.Collections.Concurrent;
using System.Diagnostics;

namespace GridMap.Server.Tiles;

/// <summary>
/// The data's write counters (<see cref="TileEtag"/>) as this server last read them, so that a
/// tile asked for without <c>If-None-Match</c> is tagged without a read of its own: one statement
/// per tile, the same one the bare query is (a tile kept under that tag, <see cref="TileCache"/>,
/// is looked up again under counters read for the request before it is sent). Each counter was
/// read before the tile's statement started, so a tag may name older counters than the tile's
/// rows, never newer ones: a write in the meantime costs the client one more 200 when it asks
/// again, never a stale 304, as a 304 is decided only on counters read for that very request
/// (<see cref="ReadAsync"/>), which also bring the remembered ones up to date. One per server (database), never shared across them.
/// </summary>
public sealed class TileCounters(NpgsqlDataSource db)
{
    /// <summary>How long a counter read is used for the tags of new tiles: about how late a tag may be after a write.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    /// <summary>Per list of counter names (as <see cref="Key"/> writes it): the counters as one text, and when they were read.</summary>
    readonly ConcurrentDictionary<string, (string Versions, long ReadAt)> known = new(StringComparer.Ordinal);

    static string Key(string[] names) => names.Length == 1 ? names[0] : string.Join(',', names);

    /// <summary>The counters of <paramref name="names"/> read now, as <see cref="TileEtag.Of"/> takes them.</summary>
    public async Task<string> ReadAsync(string[] names, CancellationToken ct)
    {
        var readAt = Stopwatch.GetTimestamp();
        var versions = TileEtag.Versions(names, await TileEtag.CountersAsync(db, names, ct));
        known[Key(names)] = (versions, readAt);
        return versions;
    }

    /// <summary>The counters as read less than <see cref="MaxAge"/> ago; read now when they were not.</summary>
    public ValueTask<string> RecentAsync(string[] names, CancellationToken ct) =>
        known.TryGetValue(Key(names), out var k) && Stopwatch.GetElapsedTime(k.ReadAt) < MaxAge ? new(k.Versions) : new(ReadAsync(names, ct));
}
