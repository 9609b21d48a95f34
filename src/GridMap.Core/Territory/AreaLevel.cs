namespace GridMap.Core.Territory;

/// <summary>The levels of the territory, top down; a child is always exactly one level below its parent.</summary>
public enum AreaLevel { District, Street, Community, Grid, MicroGrid }

/// <summary>The grid layers that coexist (党建 / 综治 / 城管 grids); only grids and micro-grids have one.</summary>
public enum AreaLayer { Party, Governance, CityManagement }

/// <summary>
/// The names used in GeoJSON properties, the API and the database (<c>areas.level</c>,
/// <c>areas.layer</c>, <c>service_stations.level</c>): the one vocabulary for levels and layers.
/// </summary>
public static class AreaNames
{
    static readonly string[] levels = ["district", "street", "community", "grid", "micro_grid"];
    static readonly string[] layers = ["party", "governance", "city_management"];

    /// <summary>Every level's name, top down.</summary>
    public static IReadOnlyList<string> LevelNames { get; } = Array.AsReadOnly(levels);

    /// <summary>Every layer's name.</summary>
    public static IReadOnlyList<string> LayerNames { get; } = Array.AsReadOnly(layers);

    public static string Name(this AreaLevel level) => levels[(int)level];
    public static string Name(this AreaLayer layer) => layers[(int)layer];

    public static bool HasLayer(this AreaLevel level) => level >= AreaLevel.Grid;

    public static AreaLevel? ParseLevel(string? name) =>
        Array.IndexOf(levels, name) is var i and >= 0 ? (AreaLevel)i : null;

    public static AreaLayer? ParseLayer(string? name) =>
        Array.IndexOf(layers, name) is var i and >= 0 ? (AreaLayer)i : null;

    /// <summary>Levels that Party-mass service centres and stations serve (党群服务中心/站): all but the micro-grid.</summary>
    public static IReadOnlyList<AreaLevel> StationLevels { get; } = [AreaLevel.District, AreaLevel.Street, AreaLevel.Community, AreaLevel.Grid];

    public static string LevelList => List(levels);
    public static string LayerList => List(layers);

    /// <summary>"a, b or c", for the reason a user reads.</summary>
    public static string List(IEnumerable<string> names) =>
        names.ToArray() is [.. var first, var last] && first.Length > 0 ? $"{string.Join(", ", first)} or {last}" : string.Join("", names);
}
