namespace GridMap.Server.Tiles;

/// <summary>
/// Area outlines of one level (and grid layer) in the caller's area, with the properties
/// <c>/api/areas</c> gives. An area smaller than a pixel at the tile's zoom is left out (it would
/// draw as nothing), and a tile carries at most <see cref="TileOptions.FeatureLimit"/> areas.
/// </summary>
public static class AreaTiles
{
    public static TileLayer Layer(AreaLevel level, AreaLayer? layer) => new AreaTileLayer(level.Name(), layer?.Name()) { Versions = ["areas"] };

    sealed record AreaTileLayer(string Level, string? GridLayer) : TileLayer(
        TileLayers.AreasPrefix + Level + (GridLayer is null ? "" : "-" + GridLayer),
        Access.Territory,
        GridLayer is null ? $"Areas of level {Level} in your area" : $"Areas of level {Level}, {GridLayer} layer, in your area")
    {
        public override (string Level, string? Layer)? Area => (Level, GridLayer);

        public override string Sql(bool unmasked) => Statement;

        public override IReadOnlyList<TileField> Fields(bool unmasked) => GridLayer is null ? [.. Common] : [.. Common, LayerField];
    }

    static readonly TileField[] Common =
    [
        new("id", "Number", "area id (also the feature id)"),
        new("code", "String", "DB11/T 2157 code"),
        new("name", "String", "name"),
        new("level", "String", AreaNames.LevelList),
        new("parentId", "Number", "id of the area one level up"),
        new("population", "Number", "residents, when known"),
    ];

    static readonly TileField LayerField = new("layer", "String", AreaNames.LayerList);

    /// <summary>
    /// @level and @areaLayer pick the layer. An outline is clipped to the tile and its buffer in
    /// WGS84 first, so a district's long boundary is transformed only where the tile needs it.
    /// </summary>
    static readonly string Statement = $"""
        SELECT ST_AsMVT(f, @layer, {TileSql.Extent}, 'geom', 'feature_id') FROM (
            SELECT a.id AS feature_id, a.id, a.code, a.name, a.level, a.layer, a.parent_id AS "parentId", a.population,
                   {TileSql.Geom($"ST_ClipByBox2D(a.boundary, {TileSql.Near})")} AS geom
            FROM areas a
            WHERE a.boundary && {TileSql.Near} AND a.level = @level AND a.layer IS NOT DISTINCT FROM @areaLayer
              AND {AreaScope.Filter("a.id")}
              AND greatest(ST_XMax(box2d(a.boundary)) - ST_XMin(box2d(a.boundary)), ST_YMax(box2d(a.boundary)) - ST_YMin(box2d(a.boundary)))
                  >= 360.0 / 256 / power(2, @z)
            ORDER BY a.id
            LIMIT @featureLimit) f
        WHERE f.geom IS NOT NULL
        """;
}
