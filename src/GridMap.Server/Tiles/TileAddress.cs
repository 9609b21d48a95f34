namespace GridMap.Server.Tiles;

/// <summary>
/// A tile of the web map grid (Web Mercator, EPSG:3857): zoom <see cref="Z"/>, column <see cref="X"/>
/// from the west, row <see cref="Y"/> from the north, as in XYZ tile URLs and PostGIS
/// <c>ST_TileEnvelope</c>.
/// </summary>
public readonly record struct TileAddress(int Z, int X, int Y)
{
    public const int MaxZoom = 22;

    /// <summary>The tile, or the parameter at fault and why: z first, since x and y are checked against it.</summary>
    public static (TileAddress Tile, string? Field, string? Error) Parse(string? z, string? x, string? y)
    {
        if (!Whole(z, out var zoom) || zoom > MaxZoom)
            return (default, "z", $"z must be a whole number from 0 to {MaxZoom}");
        long size = 1L << (int)zoom;
        var range = $"a whole number from 0 to {size - 1} at zoom {zoom} (2^z − 1)";
        if (!Whole(x, out var column) || column >= size) return (default, "x", $"x must be {range}");
        if (!Whole(y, out var row) || row >= size) return (default, "y", $"y must be {range}");
        return (new((int)zoom, (int)column, (int)row), null, null);
    }

    /// <summary>Digits only (no sign, no spaces), at most 8 of them: anything else is no tile number.</summary>
    static bool Whole(string? text, out long value)
    {
        value = 0;
        return text is { Length: > 0 and <= 8 } && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public override string ToString() => FormattableString.Invariant($"{Z}/{X}/{Y}");
}
