using System.Collections.Concurrent;
using System.Diagnostics;

namespace GridMap.Server.Tiles;

/// <summary>
/// The data's write counters (<see cref="TileEtag"/>) as this server last read them: a TileJSON
/// asked for without <c>If-None-Match</c> is tagged with them without a read of its own, and a
/// tile asked for without it is looked for in <see cref="TileCache"/> by them, to learn whether
/// it is likely kept (then the counters are read for it, and a kept tile is sent only under
/// those) or has to be built (then they are read in the tile's own transaction, just before its
/// statement, <see cref="TileQuery"/>). A tag so never names newer counters than the rows, and a
/// 304 is decided only on counters read for that very request (<see cref="ReadAsync"/>). Every
/// read brings the remembered ones up to date. One per server (database), never shared across them.
/// </summary>
public sealed class TileCounters(NpgsqlDataSource db)
{
    /// <summary>How long a counter read is used without reading it again: TileJSON's tags, a tile's guess.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    /// <summary>Per list of counter names (as <see cref="Key"/> writes it): the counters as one text, and when they were read.</summary>
    readonly ConcurrentDictionary<string, (string Versions, long ReadAt)> known = new(StringComparer.Ordinal);

    static string Key(string[] names) => names.Length == 1 ? names[0] : string.Join(',', names);

    /// <summary>The counters of <paramref name="names"/> read now, as <see cref="TileEtag.Of"/> takes them.</summary>
    public async Task<string> ReadAsync(string[] names, CancellationToken ct)
    {
        var readAt = Stopwatch.GetTimestamp();
        return Remember(names, await TileEtag.CountersAsync(db, names, ct), readAt);
    }

    /// <summary>The counters as read less than <see cref="MaxAge"/> ago; read now when they were not.</summary>
    public ValueTask<string> RecentAsync(string[] names, CancellationToken ct) =>
        known.TryGetValue(Key(names), out var k) && Stopwatch.GetElapsedTime(k.ReadAt) < MaxAge ? new(k.Versions) : new(ReadAsync(names, ct));

    /// <summary>Counters of <paramref name="names"/> read elsewhere (<see cref="Stopwatch"/> timestamp <paramref name="readAt"/> taken before), as one text.</summary>
    public string Remember(string[] names, IReadOnlyDictionary<string, long> counters, long readAt)
    {
        var versions = TileEtag.Versions(names, counters);
        known.AddOrUpdate(Key(names), (versions, readAt), (_, old) => old.ReadAt > readAt ? old : (versions, readAt));
        return versions;
    }
}
