using GridMap.Core.Territory;

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
    /// The micro-grid's boundary is read once per statement (an uncorrelated sub-select), and is
    /// NULL for any other level, so the spatial test costs nothing there.
    /// </summary>
    public static string Filter(string alias) =>
        $"(@areaId::bigint IS NULL OR @areaId IN ({alias}grid_id, {alias}community_id, {alias}street_id, {alias}district_id)" +
        $" OR ST_Covers((SELECT micro.boundary FROM areas micro WHERE micro.id = @areaId AND micro.level = @microGridLevel), {alias}location))";

    /// <summary>The SQL parameters of <see cref="Filter"/>.</summary>
    public static (string, object?)[] Parameters(long? areaId) => [("areaId", areaId), ("microGridLevel", AreaLevel.MicroGrid.Name())];
}
