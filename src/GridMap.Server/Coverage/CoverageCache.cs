using System.Data;
using System.Diagnostics;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Coverage;

/// <summary>
/// The warm <see cref="CoverageState"/>. Each request reads the data versions (one tiny query) and
/// gets the state for them: the same object while nothing changed, so moving the radius slider
/// costs no database work; after a write, the changed part is reloaded (stations alone when only
/// stations changed, households alone when only households did: the residents spread over the
/// grids stay) in one repeatable-read snapshot, so versions and data agree.
/// </summary>
public sealed class CoverageCache(NpgsqlDataSource db, ILogger<CoverageCache> log)
{
    CoverageState? _state;
    WalkingNetwork? _walking;
    readonly SemaphoreSlim _reload = new(1, 1);

    public async Task<CoverageState> CurrentAsync(CancellationToken ct)
    {
        DataVersions versions;
        await using (var conn = await db.OpenConnectionAsync(ct))
            versions = await DataVersions.ReadAsync(conn, ct);
        if (_state is { } state && state.Versions == versions) return state;

        await _reload.WaitAsync(ct);
        try
        {
            // Another request may have reloaded while this one waited.
            if (_state is { } fresh && fresh.Versions == versions) return fresh;
            var clock = Stopwatch.StartNew();
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var now = await DataVersions.ReadAsync(conn, ct);
            var old = _state;
            var stations = old is not null && old.Versions.Stations == now.Stations
                ? old.Stations : await CoverageState.LoadStationsAsync(conn, ct);
            Task<Geometry>? ground = null;
            var territory = old is null || old.Versions.Areas != now.Areas
                ? await CoverageTerritory.LoadAsync(conn, log, ct, areasRead: areas => ground = DistrictGroundAsync(areas, stations))
                : old.Versions.Households != now.Households ? await old.Territory.WithHouseholdsAsync(conn, log, ct)
                : old.Territory;
            await tx.CommitAsync(ct);
            _state = new CoverageState(now, territory, stations) { DistrictGround = ground };
            log.LogInformation("Coverage data loaded in {Ms} ms: {Households} households, {Residents} resident points, {Stations} stations",
                clock.ElapsedMilliseconds, territory.HouseholdIds.Length, territory.Residents.Count, stations.Count);
            return _state;
        }
        finally
        {
            _reload.Release();
        }
    }

    Task<Geometry>? DistrictGroundAsync(IReadOnlyList<PlannerArea> areas, IReadOnlyList<PlannerStation> stations)
    {
        if (areas.FirstOrDefault(a => a.Level == "district") is not { } district) return null;
        return Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var ground = CoverageState.Ground(stations.Where(StationFilter.Default.Admits), null, district.Boundary);
            log.LogDebug("District's covered ground drawn ahead in {Ms} ms", clock.ElapsedMilliseconds);
            return ground;
        });
    }

    /// <summary>The road network tied to the state's households and residents; null when no roads are loaded.</summary>
    public async Task<WalkingNetwork?> WalkingAsync(CoverageState state, CancellationToken ct)
    {
        if (_walking is { } w && w.Matches(state.Versions)) return w;
        await _reload.WaitAsync(ct);
        try
        {
            if (_walking is { } fresh && fresh.Matches(state.Versions)) return fresh;
            var clock = Stopwatch.StartNew();
            var network = await WalkingNetwork.LoadAsync(db, state, ct);
            if (network is not null)
                log.LogInformation("Road network loaded in {Ms} ms: {Roads} roads", clock.ElapsedMilliseconds, network.Roads.Count);
            _walking = network;
            return network;
        }
        finally
        {
            _reload.Release();
        }
    }
}
