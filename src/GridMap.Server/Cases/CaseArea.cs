using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace GridMap.Server.Cases;

/// <summary>
/// "The cases in an area" for every endpoint that takes <c>areaId</c> (the list, counts, KPIs,
/// exports, heat, recurring spots). A case is filed in a Party-building grid and its community,
/// street and district; a micro-grid (微网格) subdivides a grid and no case is filed in one, so
/// a micro-grid's cases are those whose point it covers.
/// </summary>
public static class CaseArea
{
    /// <summary>
    /// SQL condition on a <c>cases</c> or <c>case_snapshots</c> row (with <paramref name="alias"/>,
    /// e.g. <c>"s."</c>): in the area <c>@areaId</c> (NULL: any), with <see cref="Parameters"/>.
    /// PostgreSQL plans these statements with their parameters' values, so the area's level, read
    /// before the query (<see cref="LevelAsync"/>), leaves only that level's test in the plan: a
    /// column on its index, or a micro-grid's boundary on the cases' GiST index. A test of every
    /// level in one OR cannot use any index, and <c>ST_Covers</c> on each row made the planner
    /// compile a district's KPIs with JIT for seconds (docs/benchmarks.md, "City benchmark").
    /// </summary>
    public static string Filter(string alias) => $"""
        (@areaId::bigint IS NULL OR CASE @areaLevel::text
            WHEN '{AreaLevel.District.Name()}' THEN {alias}district_id = @areaId
            WHEN '{AreaLevel.Street.Name()}' THEN {alias}street_id = @areaId
            WHEN '{AreaLevel.Community.Name()}' THEN {alias}community_id = @areaId
            WHEN '{AreaLevel.Grid.Name()}' THEN {alias}grid_id = @areaId
            WHEN '{AreaLevel.MicroGrid.Name()}' THEN ST_Covers((SELECT micro.boundary FROM areas micro WHERE micro.id = @areaId), {alias}location)
            ELSE false END)
        """;

    /// <summary>The SQL parameters of <see cref="Filter"/>: the area and its level (null: no such area, whose cases are none).</summary>
    public static (string, object?)[] Parameters(long? areaId, AreaLevel? level) => [("areaId", areaId), ("areaLevel", level?.Name())];

    /// <summary>
    /// The levels read, per database: an area's level never changes (its boundary is versioned,
    /// its level is not), so a tile of an area's cases costs no second statement for it.
    /// </summary>
    static readonly ConditionalWeakTable<NpgsqlDataSource, ConcurrentDictionary<long, AreaLevel>> Levels = new();

    /// <summary>The level of the area, for <see cref="Parameters"/>; null when there is no such area (or none was asked for).</summary>
    public static async Task<AreaLevel?> LevelAsync(NpgsqlDataSource db, long? areaId, CancellationToken ct)
    {
        if (areaId is not { } id) return null;
        var known = Levels.GetOrCreateValue(db);
        if (known.TryGetValue(id, out var level)) return level;
        await using var cmd = db.Command("SELECT level FROM areas WHERE id = @id", ("id", id));
        if (AreaNames.ParseLevel(await cmd.ExecuteScalarAsync(ct) as string) is not { } read) return null; // not remembered: it may be made yet
        return known[id] = read;
    }
}
