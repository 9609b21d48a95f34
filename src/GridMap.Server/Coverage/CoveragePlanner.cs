using System.Collections.Concurrent;
using System.Diagnostics;
using GridMap.Core.Coverage;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Coverage;

/// <summary>A question made concrete: the state, the area, the stations that count, and what they cover.</summary>
public sealed record CoverageScope(CoverageState State, int Area, CoverageParameters Parameters, IReadOnlyList<PlannerStation> Stations,
    Measured Measured, WalkingReach? Reach, WalkingNetwork? Network)
{
    public PlannerArea AreaInfo => State.Territory.Areas[Area];
}

/// <summary>
/// Either a scope, or why there is none: a bad parameter (400); no such area (404), or not the
/// caller's (403); a walking search over <see cref="PlanningBudget.MaxWalkingRows"/> (422).
/// </summary>
public sealed record ScopeOutcome(CoverageScope? Scope, ValidationProblem? Invalid = null, ProblemHttpResult? Problem = null);

/// <summary>Answers the planner's questions from the warm <see cref="CoverageCache"/>.</summary>
public sealed class CoveragePlanner(CoverageCache cache, NpgsqlDataSource db, ILogger<CoveragePlanner> log)
{
    // The ground depends on the areas and stations only: a write of households keeps it.
    readonly ConcurrentDictionary<(long Areas, long Stations, long Area, StationFilter Filter, double? Radius), Geometry> _shapes = new();
    const int MaxShapes = 32;
    // What the stations cover does not depend on the area asked about: the page's figures, its
    // uncovered households and its ground, asked for at once, share one count.
    readonly ConcurrentDictionary<(DataVersions Versions, StationFilter Filter, double? Radius), Lazy<Measured>> _measured = new();
    const int MaxMeasured = 8;

    public Task<CoverageState> StateAsync(CancellationToken ct) => cache.CurrentAsync(ct);

    public Task<ScopeOutcome> ScopeAsync(CoverageQuery q, Caller caller, CancellationToken ct)
    {
        var (p, errors) = q.Parse();
        return errors.Count > 0 ? Task.FromResult(new ScopeOutcome(null, TypedResults.ValidationProblem(errors))) : ScopeAsync(p, caller, ct);
    }

    /// <summary>What <paramref name="answer"/> makes of the query's scope, or why there is none.</summary>
    public Task<Results<T, ValidationProblem, ProblemHttpResult>> AnswerAsync<T>(
        CoverageQuery q, Caller caller, Func<CoverageScope, T> answer, CancellationToken ct) where T : IResult =>
        AnswerAsync(q, caller, scope => Task.FromResult(answer(scope)), ct);

    public async Task<Results<T, ValidationProblem, ProblemHttpResult>> AnswerAsync<T>(
        CoverageQuery q, Caller caller, Func<CoverageScope, Task<T>> answer, CancellationToken ct) where T : IResult
    {
        var outcome = await ScopeAsync(q, caller, ct);
        if (outcome.Invalid is { } invalid) return invalid;
        if (outcome.Problem is { } problem) return problem;
        return await answer(outcome.Scope!);
    }

    /// <summary>The area asked for (by default the caller's own, for an admin the district) must lie in the caller's area.</summary>
    public async Task<ScopeOutcome> ScopeAsync(CoverageParameters p, Caller caller, CancellationToken ct)
    {
        var errors = p.Check();
        if (errors.Count > 0) return new(null, TypedResults.ValidationProblem(errors));
        var state = await cache.CurrentAsync(ct);
        var t = state.Territory;
        int? own = caller.Scope is long scope ? t.IndexOf(scope) ?? -1 : null;
        int? area = p.AreaId is long id ? t.IndexOf(id) : own ?? t.Root;
        if (area is null)
            return new(null, Problem: Problems.NotFound("area", p.AreaId is long missing ? $"There is no area {missing}." : "No areas are loaded yet."));
        if (own is int mine && (mine < 0 || area.Value != mine && !t.IsWithin(area.Value, mine)))
            return new(null, Problem: Problems.OutsideArea($"Area {t.Areas[area.Value].Id} is not in your area."));

        var stations = state.Stations.Where(p.Filter.Admits).ToList();
        if (!p.Walking)
        {
            var counted = MeasuredByStraightLine(state, p, stations);
            return new(new CoverageScope(state, area.Value, p, stations, counted, null, null));
        }

        var network = await cache.WalkingAsync(state, ct);
        if (network is null) return new(null, Problems.Invalid("mode", "walking needs a road network, and none is loaded"));
        var (reach, rows) = await network.ReachAsync(db, state.Versions.Stations, stations, p.RadiusM, PlanningBudget.MaxWalkingRows, ct);
        if (reach is null)
            return new(null, Problem: PlanningBudget.OverBudget("walking search rows", rows, PlanningBudget.MaxWalkingRows, new()
            {
                ["radiusM"] = [$"walking from the road ends of {stations.Count:N0} stations could reach {rows:N0} (road end, distance) pairs, more than {PlanningBudget.MaxWalkingRows:N0}: choose a smaller radius"],
                ["stationLevel"] = ["or fewer stations (one level, or includePlanned=false)"],
            }));
        var walked = new Measured(
            t.Households.Covering(network.Households.Select(reach.Reaches).ToArray()),
            t.ResidentIndex.Covering(network.Residents.Select(reach.Reaches).ToArray()),
            stations.Count);
        return new(new CoverageScope(state, area.Value, p, stations, walked, reach, network));
    }

    Measured MeasuredByStraightLine(CoverageState state, CoverageParameters p, IReadOnlyList<PlannerStation> stations)
    {
        var key = (state.Versions, p.Filter, p.RadiusM);
        if (!_measured.TryGetValue(key, out var measured))
        {
            if (_measured.Count >= MaxMeasured) _measured.Clear();
            measured = _measured.GetOrAdd(key, _ => new Lazy<Measured>(() =>
            {
                var t = state.Territory;
                var circles = Circles(stations, p.RadiusM);
                return new Measured(t.Households.Count(circles), () => t.ResidentIndex.Count(circles), stations.Count);
            }));
        }
        return measured.Value;
    }

    /// <summary>
    /// Makes what the planner's page asks for first (<see cref="CoverageWarmer"/>): the state, what
    /// every station covers by its own radius, residents included, and the district's covered
    /// ground, kept as that question's answers are. Returns the data versions they are for.
    /// </summary>
    public async Task<DataVersions> WarmAsync(CancellationToken ct)
    {
        var state = await cache.CurrentAsync(ct);
        if (state.Territory.Root is not int district) return state.Versions;
        var p = new CoverageParameters();
        var stations = state.Stations.Where(p.Filter.Admits).ToList();
        var measured = MeasuredByStraightLine(state, p, stations);
        _ = measured.Residents;
        await ShapeAsync(new CoverageScope(state, district, p, stations, measured, null, null));
        return state.Versions;
    }

    public static List<Station> Circles(IEnumerable<PlannerStation> stations, double? radiusOverrideM) =>
        stations.Select(s => s.At(radiusOverrideM)).ToList();

    /// <summary>
    /// The covered ground: by straight line, the stations' circles dissolved and clipped to the
    /// area; on foot, the parts of the roads within walking reach.
    /// </summary>
    public async Task<Geometry> ShapeAsync(CoverageScope scope)
    {
        if (scope.Reach is { } reach) return reach.ReachedRoads(scope.Network!.Roads, GeoJson.Wgs84);
        var p = scope.Parameters;
        var key = (scope.State.Versions.Areas, scope.State.Versions.Stations, scope.AreaInfo.Id, p.Filter, p.RadiusM);
        if (_shapes.TryGetValue(key, out var shape)) return shape;
        var clock = Stopwatch.StartNew();
        shape = scope.State.DistrictGround is { } ahead && scope.Area == scope.State.Territory.Root && p.Filter == StationFilter.Default && p.RadiusM is null
            ? await ahead
            : CoverageState.Ground(scope.Stations, p.RadiusM, scope.AreaInfo.Boundary);
        log.LogDebug("Covered ground of area {Area} drawn in {Ms} ms from {Stations} stations", scope.AreaInfo.Id, clock.ElapsedMilliseconds, scope.Stations.Count);
        if (_shapes.Count >= MaxShapes) _shapes.Clear();
        return _shapes[key] = shape;
    }
}
