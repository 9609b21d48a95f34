using System.Collections.Concurrent;
using System.Data;
using GridMap.Core.Coverage;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Coverage;

/// <summary>
/// Walking distance on the road network: households and resident points tied to their nearest
/// road once (<see cref="RoadSnapper"/>, in memory: a nearest-road query per point in PostGIS costs
/// 0.05–0.25 ms, seconds for the resident points), and for each set of stations and radius the
/// network distances searched by pgRouting's <c>pgr_drivingDistance</c> in PostGIS, kept per set
/// of stations.
/// </summary>
public sealed class WalkingNetwork
{
    public required IReadOnlyList<NetworkRoad> Roads { get; init; }
    public required RoadSnapper Snapper { get; init; }
    public required RoadSnap[] Households { get; init; }
    public required RoadSnap[] Residents { get; init; }
    public required (long Areas, long Households, long Roads) Versions { get; init; }
    /// <summary>The roads' ends, where searches start and what they reach: for bounding a search before it runs.</summary>
    public required CoverageIndex Vertices { get; init; }
    public required IReadOnlyDictionary<long, (double Lon, double Lat)> VertexAt { get; init; }
    readonly ConcurrentDictionary<(long Stations, string Ids), (double Metres, List<VertexCost> Costs)> _costs = new();
    /// <summary>Searches kept, by the rows they hold together (about 24 bytes a row).</summary>
    const long MaxCachedRows = 4_000_000;
    /// <summary>The radius slider's maximum: every search goes at least this far.</summary>
    const double SearchMetres = 2000;

    public bool Matches(DataVersions v) => Versions == (v.Areas, v.Households, v.Roads);

    /// <summary>The network and the snaps of the state's households and residents; null without roads or pgRouting.</summary>
    public static async Task<WalkingNetwork?> LoadAsync(NpgsqlDataSource db, CoverageState state, CancellationToken ct)
    {
        var roads = new List<NetworkRoad>();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var versions = await DataVersions.ReadAsync(conn, ct);
        await using (var routing = conn.Command("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgrouting')"))
            if (!(bool)(await routing.ExecuteScalarAsync(ct))!) return null;
        await using (var cmd = conn.Command("SELECT id, source, target, length_m, line FROM roads WHERE source IS NOT NULL AND target IS NOT NULL ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                roads.Add(new NetworkRoad(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetDouble(3), r.GetFieldValue<LineString>(4)));
        await tx.CommitAsync(ct);
        if (roads.Count == 0) return null;

        var snapper = new RoadSnapper(roads);
        var t = state.Territory;
        var vertexAt = new Dictionary<long, (double Lon, double Lat)>();
        foreach (var road in roads)
        {
            vertexAt.TryAdd(road.Source, (road.Line.StartPoint.X, road.Line.StartPoint.Y));
            vertexAt.TryAdd(road.Target, (road.Line.EndPoint.X, road.Line.EndPoint.Y));
        }
        return new WalkingNetwork
        {
            VertexAt = vertexAt,
            Vertices = CoverageIndex.Build([.. vertexAt.Values.Select(v => v.Lon)], [.. vertexAt.Values.Select(v => v.Lat)]),
            Roads = roads,
            Snapper = snapper,
            Households = Enumerable.Range(0, t.HouseholdIds.Length).Select(i => snapper.Snap(t.HouseholdLon[i], t.HouseholdLat[i])).ToArray(),
            Residents = Enumerable.Range(0, t.Residents.Count).Select(i => snapper.Snap(t.Residents.Lon[i], t.Residents.Lat[i])).ToArray(),
            // The territory's versions, not those read now: the snaps belong to the state's households.
            Versions = (state.Versions.Areas, state.Versions.Households, versions.Roads),
        };
    }

    /// <summary>
    /// Where the stations reach on foot, each within its own radius or <paramref name="radiusOverrideM"/>;
    /// null, with the rows it could return, when a new search could return more than <paramref name="maxRows"/>.
    /// </summary>
    public async Task<(WalkingReach? Reach, long Rows)> ReachAsync(NpgsqlDataSource db, long stationsVersion, IReadOnlyList<PlannerStation> stations,
        double? radiusOverrideM, long maxRows, CancellationToken ct)
    {
        var walkers = stations.Select(s => new WalkingStation(Snapper.Snap(s.Lon, s.Lat), radiusOverrideM ?? s.RadiusM)).ToList();
        var starts = WalkingReach.Starts(walkers);
        if (starts.Count == 0) return (new WalkingReach(walkers, []), 0);

        var key = (stationsVersion, string.Join(',', stations.Select(s => s.Id)));
        double needed = starts.Values.Max();
        if (_costs.TryGetValue(key, out var cached) && cached.Metres >= needed) return (new WalkingReach(walkers, cached.Costs), cached.Costs.Count);

        double metres = Math.Max(needed, SearchMetres);
        var vertices = walkers.SelectMany(w => new[] { w.At.Source, w.At.Target }).Distinct().ToArray();
        long rows = RowsAtMost(vertices, metres);
        if (rows > maxRows) return (null, rows);
        var costs = await SearchAsync(db, vertices, metres, ct);
        if (_costs.Values.Sum(c => (long)c.Costs.Count) + costs.Count > MaxCachedRows) _costs.Clear();
        _costs[key] = (metres, costs);
        return (new WalkingReach(walkers, costs), costs.Count);
    }

    /// <summary>
    /// At most how many rows a search from these vertices out to <paramref name="metres"/> returns:
    /// a walk is never shorter than the straight line, so it reaches no vertex beyond the radius.
    /// </summary>
    long RowsAtMost(long[] vertices, double metres) =>
        CandidateCoverage.PairsToTest(Vertices, [.. vertices.Select(v => VertexAt.TryGetValue(v, out var at) ? new SiteCandidate(at.Lon, at.Lat) : default)],
            Math.Min(metres, CoverageIndex.MaxRadiusMetres));

    /// <summary>
    /// Network distances from both ends of every station's road, searched at least as far as the
    /// radius slider goes, so that moving it needs no new search.
    /// </summary>
    static async Task<List<VertexCost>> SearchAsync(NpgsqlDataSource db, long[] vertices, double metres, CancellationToken ct)
    {
        var costs = new List<VertexCost>();
        await using (var cmd = db.Command("""
            SELECT from_v, node, agg_cost FROM pgr_drivingDistance(
                'SELECT id, source, target, length_m AS cost FROM roads WHERE source IS NOT NULL AND target IS NOT NULL',
                @vertices::bigint[], @metres, directed := false)
            """, ("vertices", vertices), ("metres", metres)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) costs.Add(new VertexCost(r.GetInt64(0), r.GetInt64(1), r.GetDouble(2)));
        return costs;
    }
}
