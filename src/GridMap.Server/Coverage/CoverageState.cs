using GridMap.Core.Coverage;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Coverage;

/// <summary>What coverage is computed from at one moment: immutable, shared by concurrent requests.</summary>
public sealed record CoverageState(DataVersions Versions, CoverageTerritory Territory, IReadOnlyList<PlannerStation> Stations)
{
    /// <summary>
    /// The district's covered ground for the question that names nothing (every station, its own
    /// radius), when the areas were loaded with this state: begun as soon as the areas and stations
    /// were read, so that it is drawn while the households are read and the residents spread
    /// rather than after them. Null otherwise.
    /// </summary>
    public Task<Geometry>? DistrictGround { get; init; }

    /// <summary>The covered ground of an area: the counted stations' circles dissolved and clipped to it.</summary>
    public static Geometry Ground(IEnumerable<PlannerStation> counted, double? radiusOverrideM, Geometry area) =>
        CoveredArea.Of(CoveragePlanner.Circles(counted, radiusOverrideM), area);

    public static async Task<List<PlannerStation>> LoadStationsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var stations = new List<PlannerStation>();
        await using var cmd = conn.Command("SELECT id, name, level, status, ST_X(location), ST_Y(location), radius_m FROM service_stations WHERE status <> 'closed' ORDER BY id");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            stations.Add(new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6)));
        return stations;
    }
}
