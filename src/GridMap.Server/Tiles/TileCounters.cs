using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace GridMap.Server.Tiles;

/// <summary>
/// The data's write counters (<see cref="TileEtag"/>) as this server last read them, so that a
/// tile asked for without <c>If-None-Match</c> is tagged without a read of its own: one statement
/// per tile, the same one the bare query is. Each counter was read before the tile's statement
/// started, so a tag may name older counters than the tile's rows, never newer ones: a write in
/// the meantime costs the client one more 200 when it asks again, never a stale 304, as a 304
/// is decided only on counters read for that very request (<see cref="ReadAsync"/>), which also
/// bring the remembered ones up to date. One per server (database), never shared across them.
/// </summary>
public sealed class TileCounters(NpgsqlDataSource db)
{
    /// <summary>How long a counter read is used for the tags of new tiles: about how late a tag may be after a write.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    readonly ConcurrentDictionary<string, (long Version, long ReadAt)> known = new(StringComparer.Ordinal);

    /// <summary>The counters of <paramref name="names"/> read now, as <see cref="TileEtag.Of"/> takes them.</summary>
    public async Task<string> ReadAsync(string[] names, CancellationToken ct)
    {
        var readAt = Stopwatch.GetTimestamp();
        var read = await TileEtag.CountersAsync(db, names, ct);
        foreach (var (name, version) in read) known[name] = (version, readAt);
        return TileEtag.Versions(names, read);
    }

    /// <summary>The counters as read less than <see cref="MaxAge"/> ago; read now when one of them was not.</summary>
    public ValueTask<string> RecentAsync(string[] names, CancellationToken ct)
    {
        var now = Stopwatch.GetTimestamp();
        var recent = new Dictionary<string, long>(names.Length, StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!known.TryGetValue(name, out var k) || Stopwatch.GetElapsedTime(k.ReadAt, now) >= MaxAge) return new(ReadAsync(names, ct));
            recent[name] = k.Version;
        }
        return new(TileEtag.Versions(names, recent));
    }
}
