using System.Collections.Concurrent;
using GridMap.Server.Cases;
using GridMap.Server.Tiles;

namespace GridMap.Server.Ogc;

/// <summary>
/// A collection's extent as the caller sees it (17-069r4 /req/core/fc-md-extent): the box of every
/// geometry it may read (CRS84) and, for collections with a time, the first and last time; absent
/// members when it reads none.
/// </summary>
public sealed record OgcExtent(OgcExtent.SpatialExtent? Spatial, OgcExtent.TemporalExtent? Temporal)
{
    public sealed record SpatialExtent(double[][] Bbox, string Crs);
    public sealed record TemporalExtent(string?[][] Interval, string Trs);

    /// <summary>The extents of <paramref name="collections"/> for <paramref name="caller"/>, in one query.</summary>
    public static async Task<Dictionary<string, OgcExtent?>> ComputeAsync(NpgsqlDataSource db, Caller caller, IReadOnlyList<OgcCollection> collections, CancellationToken ct)
    {
        var result = collections.ToDictionary(c => c.Id, _ => (OgcExtent?)null);
        if (collections.Count == 0) return result;
        // ST_Extent is a box of doubles around every geometry, so it includes them all.
        var sql = string.Join("\nUNION ALL\n", collections.Select((c, i) => $"""
            SELECT {i}, ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), {OgcCollection.Cst("t0")}, {OgcCollection.Cst("t1")}
            FROM (SELECT ST_Extent({c.Geometry}) AS e, min({c.Time ?? "NULL::timestamptz"}) AS t0, max({c.Time ?? "NULL::timestamptz"}) AS t1
                  FROM {c.From} WHERE {c.Visible}) AS x
            """));
        await using var cmd = db.CreateCommand(sql);
        OgcSql.BindCaller(cmd, caller);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var spatial = r.IsDBNull(1) ? null : new SpatialExtent([[r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)]], OgcApi.Crs84);
            var temporal = r.IsDBNull(5) ? null : new TemporalExtent([[r.GetString(5), r.GetString(6)]], OgcApi.Gregorian);
            result[collections[r.GetInt32(0)].Id] = spatial is null && temporal is null ? null : new OgcExtent(spatial, temporal);
        }
        return result;
    }
}

/// <summary>
/// The extents already worked out, by collection and by what decides which rows a caller reads
/// (area, a grid worker's own cases), each kept with the write counters of the data it was worked
/// out from (<see cref="OgcCollection.Versions"/>): a box over 200,000 cases is a scan of them
/// all, the counters one row each. A collection without counters (staff) is worked out each time.
/// </summary>
public sealed class OgcExtents
{
    readonly ConcurrentDictionary<(string Collection, long? Scope, long? AssignedTo), (string Versions, OgcExtent? Extent)> known = new();

    public async Task<Dictionary<string, OgcExtent?>> OfAsync(NpgsqlDataSource db, Caller caller, IReadOnlyList<OgcCollection> collections, CancellationToken ct)
    {
        var counters = await TileEtag.CountersAsync(db, [.. collections.SelectMany(c => c.Versions ?? []).Distinct()], ct);
        string? Versions(OgcCollection c) => c.Versions is { } names ? string.Join(',', names.Order(StringComparer.Ordinal).Select(n => $"{n}:{counters.GetValueOrDefault(n)}")) : null;
        (string, long?, long?) Key(OgcCollection c) => (c.Id, caller.Scope, CaseAccess.OnlyAssignedTo(caller));

        var result = new Dictionary<string, OgcExtent?>();
        var missing = new List<OgcCollection>();
        foreach (var c in collections)
        {
            if (Versions(c) is { } v && known.TryGetValue(Key(c), out var k) && k.Versions == v) result[c.Id] = k.Extent;
            else missing.Add(c);
        }
        // Counters read before the extents: a write in between leaves an entry older than its
        // counters say, which the next request works out again, never one that looks newer.
        foreach (var (id, extent) in await OgcExtent.ComputeAsync(db, caller, missing, ct))
        {
            var c = missing.First(m => m.Id == id);
            result[id] = extent;
            if (Versions(c) is { } v) known[Key(c)] = (v, extent);
        }
        return result;
    }
}
