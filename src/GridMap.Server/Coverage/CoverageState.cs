namespace GridMap.Server.Coverage;

/// <summary>What coverage is computed from at one moment: immutable, shared by concurrent requests.</summary>
public sealed record CoverageState(DataVersions Versions, CoverageTerritory Territory, IReadOnlyList<PlannerStation> Stations)
{
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
