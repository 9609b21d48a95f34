using System.Data;
using System.Diagnostics;

namespace GridMap.Server.Coverage;

/// <summary>
/// The warm <see cref="CoverageState"/>. Each request reads the data versions (one tiny query) and
/// gets the state for them: the same object while nothing changed, so moving the radius slider
/// costs no database work; after a write, the changed part is reloaded (stations alone when only
/// stations changed) in one repeatable-read snapshot, so versions and data agree.
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
            var territory = old is not null && (old.Versions.Areas, old.Versions.Households) == (now.Areas, now.Households)
                ? old.Territory : await CoverageTerritory.LoadAsync(conn, log, ct);
            var stations = old is not null && old.Versions.Stations == now.Stations
                ? old.Stations : await CoverageState.LoadStationsAsync(conn, ct);
            await tx.CommitAsync(ct);
            _state = new CoverageState(now, territory, stations);
            log.LogInformation("Coverage data loaded in {Ms} ms: {Households} households, {Residents} resident points, {Stations} stations",
                clock.ElapsedMilliseconds, territory.HouseholdIds.Length, territory.Residents.Count, stations.Count);
            return _state;
        }
        finally
        {
            _reload.Release();
        }
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
