namespace GridMap.Server.Tiles;

/// <summary>
/// The vector-tile layers, each with the policy of the list it mirrors (<c>/api/areas</c>,
/// <c>/api/households</c>, <c>/api/stations</c>, <c>/api/staff</c>, <c>/api/cases</c>) and the
/// fields its features carry. Area layers are named from Core's vocabulary:
/// <c>areas-{level}</c>, and <c>areas-{level}-{layer}</c> for the levels that have layers
/// (<c>areas-district</c>, <c>areas-grid-party</c>, <c>areas-micro_grid-city_management</c>).
/// </summary>
public static class TileLayers
{
    public const string AreasPrefix = "areas-";

    public static IReadOnlyList<TileLayer> All { get; } =
    [
        .. Enum.GetValues<AreaLevel>().SelectMany(level => level.HasLayer()
            ? Enum.GetValues<AreaLayer>().Select(layer => AreaTiles.Layer(level, layer))
            : [AreaTiles.Layer(level, null)]),
        PointTiles.Households,
        PointTiles.Stations,
        PointTiles.Staff,
        PointTiles.Cases,
    ];

    static readonly Dictionary<string, TileLayer> byId = All.ToDictionary(l => l.Id);

    public static TileLayer? Find(string id) => byId.GetValueOrDefault(id);

    public static string AreaIds => string.Join(", ", All.Where(l => l.Id.StartsWith(AreasPrefix)).Select(l => l.Id));
}

/// <summary>A field of a layer's features, with its TileJSON type (<c>Number</c>, <c>String</c>, <c>Boolean</c>).</summary>
public sealed record TileField(string Name, string Type, string Description);

/// <summary>
/// One layer: its id (the URL segment and the layer name inside each tile), the policy that lets
/// a caller read it, and the SQL that builds a tile of it. <see cref="Sql"/> and
/// <see cref="Fields"/> take whether the caller sees personal data: a layer with names or
/// phones leaves them out for callers who may not read them.
/// </summary>
public abstract record TileLayer(string Id, string Policy, string Description)
{
    /// <summary>The statement: parameters @z, @x, @y, @scope, @layer and the layer's own (<see cref="TileQuery"/> binds them).</summary>
    public abstract string Sql(bool unmasked);

    public abstract IReadOnlyList<TileField> Fields(bool unmasked);

    /// <summary>Whether a tile read unmasked is recorded in <c>personal_data_reads</c> (households).</summary>
    public bool RecordsReads { get; init; }

    /// <summary>
    /// The write counters its tiles are built from (<see cref="TileEtag"/>); null for a layer that
    /// has none and so tags its tiles by their bytes: staff, whose positions change every 30 seconds
    /// while on duty, where a counter would make every position report wait on one row.
    /// </summary>
    public string[]? Versions { get; init; }

    /// <summary>Whether the layer takes the filter of <c>/api/cases</c> (<see cref="Cases.CaseFilter"/>).</summary>
    public bool FiltersCases { get; init; }

    /// <summary>The area of a level (and grid layer), as <c>/api/areas?level=&amp;layer=</c> gives them.</summary>
    public virtual (string Level, string? Layer)? Area => null;
}
