using GridMap.Core.Territory;
using GridMap.Server.Data;
using Npgsql;

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
    /// column on its index, or a micro-grid's boundary on the cases' GiST index. Without the level
    /// (a reader that did not read it) every level is tried; its micro-grid test is a hashed set of
    /// the covered cases, not <c>ST_Covers</c> on each row, whose cost estimate would make the planner
    /// compile a district's count with JIT for seconds (docs/benchmarks.md, "City benchmark").
    /// </summary>
    public static string Filter(string alias) => $"""
        (@areaId::bigint IS NULL OR CASE @areaLevel::text
            WHEN '{AreaLevel.District.Name()}' THEN {alias}district_id = @areaId
            WHEN '{AreaLevel.Street.Name()}' THEN {alias}street_id = @areaId
            WHEN '{AreaLevel.Community.Name()}' THEN {alias}community_id = @areaId
            WHEN '{AreaLevel.Grid.Name()}' THEN {alias}grid_id = @areaId
            WHEN '{AreaLevel.MicroGrid.Name()}' THEN ST_Covers((SELECT micro.boundary FROM areas micro WHERE micro.id = @areaId), {alias}location)
            ELSE @areaId IN ({alias}grid_id, {alias}community_id, {alias}street_id, {alias}district_id)
                 OR {alias}id IN (SELECT covered.id FROM areas micro JOIN cases covered ON ST_Covers(micro.boundary, covered.location)
                                  WHERE micro.id = @areaId AND micro.level = @microGridLevel) END)
        """;

    /// <summary>The SQL parameters of <see cref="Filter"/>: the area and its level (null: not read, or no such area).</summary>
    public static (string, object?)[] Parameters(long? areaId, AreaLevel? level) =>
        [("areaId", areaId), ("areaLevel", level?.Name()), ("microGridLevel", AreaLevel.MicroGrid.Name())];

    /// <summary>The level of the area, for <see cref="Parameters"/>; null when there is no such area (or none was asked for).</summary>
    public static async Task<AreaLevel?> LevelAsync(NpgsqlDataSource db, long? areaId, CancellationToken ct)
    {
        if (areaId is null) return null;
        await using var cmd = db.Command("SELECT level FROM areas WHERE id = @id", ("id", areaId));
        return AreaNames.ParseLevel(await cmd.ExecuteScalarAsync(ct) as string);
    }
}
