namespace GridMap.Core.Territory;

/// <summary>The levels of the territory, top down; a child is always exactly one level below its parent.</summary>
public enum AreaLevel { District, Street, Community, Grid, MicroGrid }

/// <summary>The grid layers that coexist (党建 / 综治 / 城管 grids); only grids and micro-grids have one.</summary>
public enum AreaLayer { Party, Governance, CityManagement }

/// <summary>The names used in GeoJSON properties and in the database (<c>areas.level</c>, <c>areas.layer</c>).</summary>
public static class AreaNames
{
    static readonly string[] levels = ["district", "street", "community", "grid", "micro_grid"];
    static readonly string[] layers = ["party", "governance", "city_management"];

    public static string Name(this AreaLevel level) => levels[(int)level];
    public static string Name(this AreaLayer layer) => layers[(int)layer];

    public static bool HasLayer(this AreaLevel level) => level >= AreaLevel.Grid;

    public static AreaLevel? ParseLevel(string? name) =>
        Array.IndexOf(levels, name) is var i and >= 0 ? (AreaLevel)i : null;

    public static AreaLayer? ParseLayer(string? name) =>
        Array.IndexOf(layers, name) is var i and >= 0 ? (AreaLayer)i : null;

    public static string LevelList => "district, street, community, grid or micro_grid";
    public static string LayerList => "party, governance or city_management";
}
