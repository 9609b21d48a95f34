namespace GridMap.Server.Tiles;

/// <summary>
/// The parts every tile statement shares, built as Martin and pg_tileserv build theirs: the tile
/// envelope in Web Mercator, geometries transformed into it and clipped by <c>ST_AsMVTGeom</c>,
/// one <c>ST_AsMVT</c> value out. Filtering uses the GiST index on the stored WGS84 geometry,
/// against the envelope transformed into WGS84 (<see cref="Near"/>, <see cref="Inside"/>).
/// </summary>
public static class TileSql
{
    /// <summary>Tile coordinates per side (the MVT default).</summary>
    public const int Extent = 4096;

    /// <summary>Coordinates drawn beyond each edge, so that symbols and outlines meet seamlessly across tiles.</summary>
    public const int Buffer = 64;

    /// <summary>Side of a cluster cell in tile coordinates: 16 pixels of a 256-pixel tile, 16 × 16 cells a tile.</summary>
    public const int ClusterCell = 256;

    /// <summary>The tile's envelope in EPSG:3857, what <c>ST_AsMVTGeom</c> clips and scales to.</summary>
    public const string Envelope = "ST_TileEnvelope(@z, @x, @y)";

    /// <summary>
    /// The tile and its buffer in WGS84: what features are drawn from (<c>location &amp;&amp; {Near}</c>,
    /// on the GiST index of the stored geometry).
    /// </summary>
    /// <remarks>
    /// Each statement writes these expressions out where it filters, rather than reading them
    /// from a (materialised) CTE: they are immutable functions of the tile's parameters, so
    /// PostgreSQL folds them into a constant box when it plans the statement and estimates from
    /// the column's statistics how many rows the box holds. Behind a CTE the box is unknown to
    /// the planner, which then guesses a few rows for any tile and walks the GiST index even for
    /// a tile of half a district, where another index (the cases' status) finds far fewer rows
    /// (docs/benchmarks.md, tiles13h). The planner folds each once, not once a row.
    /// </remarks>
    public static readonly string Near = $"ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => {Buffer}.0 / {Extent}), 4326)";

    /// <summary>
    /// The tile alone in WGS84, what clusters count (each point in exactly one tile, so no count
    /// is shown twice); written out where it filters, as <see cref="Near"/> is.
    /// </summary>
    public const string Inside = "ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326)";

    /// <summary>A geometry in the tile's coordinates, clipped to the tile and its buffer.</summary>
    public static string Geom(string geometry) =>
        $"ST_AsMVTGeom(ST_Transform({geometry}, 3857), {Envelope}, {Extent}, {Buffer}, true)";

    /// <summary>
    /// A point's position in the tile's coordinates (x east, y south from the tile's north-west
    /// corner), from longitude and latitude by the Web Mercator formulas: clusters need only the
    /// cell a point falls in, so thousands of points are counted without transforming each.
    /// </summary>
    public static string TileX(string point) => $"((ST_X({point}) + 180) / 360 * power(2, @z) - @x) * {Extent}";
    public static string TileY(string point) => $"((0.5 - asinh(tan(radians(ST_Y({point})))) / (2 * pi())) * power(2, @z) - @y) * {Extent}";

    /// <summary>The cell of a tile coordinate, kept inside the tile (a point on its edge rounds either way).</summary>
    public static string Cell(string coordinate) => $"least(greatest(floor({coordinate} / {ClusterCell}), 0), {Extent / ClusterCell - 1})";

    /// <summary>A time as ISO 8601 in China Standard Time, as the API writes times (<c>CaseView.Cst</c>).</summary>
    public static string Time(string column) =>
        $"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+08:00\"')";

}
