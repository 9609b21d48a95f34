using GridMap.Server.Auth;
using Npgsql;

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
    public static async Task<Dictionary<string, OgcExtent?>> OfAsync(NpgsqlDataSource db, Caller caller, IReadOnlyList<OgcCollection> collections, CancellationToken ct)
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
