namespace GridMap.Bench.Tiles;

public sealed record TraceTile(string Layer, int Z, int X, int Y)
{
    public override string ToString() => $"{Layer}/{Z}/{X}/{Y}";
}

/// <summary>
/// What a map of 1280 × 720 pixels (256-pixel tiles) fetches while someone looks over a district:
/// the whole district at zoom 12, zooming in to 13 and 14 at its centre, panning half a view at a
/// time east, south and west, zooming to 15 and 16 and panning there, then back out to 14 and 13.
/// Each view asks for every tile it shows, of each layer; a tile already fetched earlier in the
/// trace is not fetched again (the browser still holds it), so the trace is the list of distinct
/// tiles in the order they are first needed.
/// </summary>
public sealed class ViewportTrace
{
    const int Width = 1280, Height = 720, TileSize = 256;

    public required IReadOnlyList<TraceTile> Tiles { get; init; }
    public required int Views { get; init; }

    /// <summary>Moves: a zoom to go to, or a pan by (east, south) in views.</summary>
    static readonly (int? Zoom, double East, double South)[] Moves =
    [
        (12, 0, 0), (13, 0, 0), (14, 0, 0),
        (null, 0.5, 0), (null, 0.5, 0), (null, 0.5, 0), (null, 0, 0.5), (null, 0, 0.5),
        (null, -0.5, 0), (null, -0.5, 0), (null, -0.5, 0), (null, -0.5, 0),
        (15, 0, 0), (null, 0, -0.5), (null, 0, -0.5), (null, 0.5, 0), (null, 0.5, 0),
        (16, 0, 0), (null, 0.5, 0), (null, 0, 0.5),
        (14, 0, 0), (null, -0.5, 0), (null, -0.5, 0), (null, 0, -0.5),
        (13, 0, 0), (null, 0.5, 0), (null, 0.5, 0),
    ];

    public static ViewportTrace Over(double[] bounds, string[] layers)
    {
        var (lon, lat) = ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2);
        int zoom = 12;
        var (px, py) = Pixel(lon, lat, zoom);
        var seen = new HashSet<TraceTile>();
        var tiles = new List<TraceTile>();
        foreach (var (to, east, south) in Moves)
        {
            if (to is { } z)
            {
                var scale = Math.Pow(2, z - zoom);
                (px, py, zoom) = (px * scale, py * scale, z);
            }
            px += east * Width;
            py += south * Height;
            for (int y = (int)Math.Floor((py - Height / 2.0) / TileSize); y <= (int)Math.Floor((py + Height / 2.0 - 1) / TileSize); y++)
                for (int x = (int)Math.Floor((px - Width / 2.0) / TileSize); x <= (int)Math.Floor((px + Width / 2.0 - 1) / TileSize); x++)
                    foreach (var layer in layers)
                        if (seen.Add(new(layer, zoom, x, y))) tiles.Add(new(layer, zoom, x, y));
        }
        return new() { Tiles = tiles, Views = Moves.Length };
    }

    /// <summary>Web Mercator pixel coordinates of a point at a zoom.</summary>
    static (double X, double Y) Pixel(double lon, double lat, int zoom)
    {
        var size = TileSize * Math.Pow(2, zoom);
        var y = (1 - Math.Asinh(Math.Tan(lat * Math.PI / 180)) / Math.PI) / 2;
        return ((lon + 180) / 360 * size, y * size);
    }
}
