using NetTopologySuite.Geometries;

namespace GridMap.Core.Territory;

/// <summary>
/// Orders points along a Z (Morton) curve over a square lattice of cells, so that points taken in
/// that order fall in neighbouring grids one after another and the index stays in the CPU cache.
/// </summary>
/// <remarks>
/// A counting sort: one pass for the cell keys, one for the positions, linear in the points.
/// Points outside <c>extent</c> go to the nearest border cell; their order only matters for speed.
/// </remarks>
internal static class GridIndexZOrder
{
    private const int MaxBitsPerAxis = 10;

    /// <summary>Positions 0..n-1 of the points, in Z order over about <paramref name="cells"/> cells of <paramref name="extent"/>.</summary>
    public static int[] Sort(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, Envelope extent, int cells)
    {
        int bits = 0;
        while (bits < MaxBitsPerAxis && (1L << (2 * bits)) < cells) bits++;
        int side = 1 << bits;
        double scaleX = extent.Width > 0 ? side / extent.Width : 0;
        double scaleY = extent.Height > 0 ? side / extent.Height : 0;

        var keys = new int[lon.Length];
        var starts = new int[side * side + 1];
        for (int i = 0; i < lon.Length; i++)
        {
            int x = Cell(lon[i], extent.MinX, scaleX, side), y = Cell(lat[i], extent.MinY, scaleY, side);
            keys[i] = (int)(Spread((uint)x) | Spread((uint)y) << 1);
            starts[keys[i] + 1]++;
        }
        for (int k = 1; k < starts.Length; k++) starts[k] += starts[k - 1];
        var order = new int[lon.Length];
        for (int i = 0; i < keys.Length; i++) order[starts[keys[i]]++] = i;
        return order;
    }

    private static int Cell(double value, double min, double scale, int side)
    {
        double cell = (value - min) * scale;
        // The comparisons also send NaN to cell 0.
        return cell >= 0 ? (cell < side ? (int)cell : side - 1) : 0;
    }

    /// <summary>The bits of <paramref name="v"/> (up to 16) moved to the even positions.</summary>
    private static uint Spread(uint v)
    {
        v = (v | v << 8) & 0x00FF00FF;
        v = (v | v << 4) & 0x0F0F0F0F;
        v = (v | v << 2) & 0x33333333;
        v = (v | v << 1) & 0x55555555;
        return v;
    }
}
