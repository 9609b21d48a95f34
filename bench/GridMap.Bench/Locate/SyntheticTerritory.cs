using NetTopologySuite.Geometries;

namespace GridMap.Bench.Locate;

/// <summary>Deterministic grids and households for the locate benchmark, around Haimen (31.87°N 121.17°E).</summary>
public static class SyntheticTerritory
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>A box of about 38 km by 38 km centred on Haimen.</summary>
    public static readonly Envelope Box = new(121.17 - 0.20, 121.17 + 0.20, 31.87 - 0.17, 31.87 + 0.17);

    /// <summary>
    /// <paramref name="count"/> grids (ids 1..count) that tile <see cref="Box"/> except for the
    /// unused end of the last row: a lattice of quadrilaterals whose inner vertices are moved at
    /// random by up to 30% of a cell, so neighbours share their vertices and the tiling is exact.
    /// </summary>
    public static List<(long Id, Geometry Boundary)> Grids(int count, int seed = 1, Action<long>? progress = null)
    {
        int columns = (int)Math.Ceiling(Math.Sqrt(count * Box.Width / Box.Height));
        int rows = (count + columns - 1) / columns;
        double cellX = Box.Width / columns, cellY = Box.Height / rows;
        var random = new Random(seed);
        var vertex = new Coordinate[columns + 1, rows + 1];
        for (int r = 0; r <= rows; r++)
            for (int c = 0; c <= columns; c++)
            {
                bool inner = c > 0 && c < columns && r > 0 && r < rows;
                double jitterX = inner ? (random.NextDouble() - 0.5) * 0.6 : 0;
                double jitterY = inner ? (random.NextDouble() - 0.5) * 0.6 : 0;
                vertex[c, r] = new Coordinate(Box.MinX + (c + jitterX) * cellX, Box.MinY + (r + jitterY) * cellY);
            }
        var grids = new List<(long, Geometry)>(count);
        for (int i = 0; i < count; i++)
        {
            int r = i / columns, c = i % columns;
            var ring = new[] { vertex[c, r], vertex[c + 1, r], vertex[c + 1, r + 1], vertex[c, r + 1], vertex[c, r] };
            var square = Factory.CreatePolygon(ring.Select(v => v.Copy()).ToArray());
            // MultiPolygon, as areas.boundary stores it.
            grids.Add((i + 1, Factory.CreateMultiPolygon([square])));
            if (i % 4096 == 0) progress?.Invoke(i);
        }
        return grids;
    }

    /// <summary>Household locations spread uniformly over <see cref="Box"/>.</summary>
    public static (double[] Lon, double[] Lat) Households(int count, int seed = 2)
    {
        var random = new Random(seed);
        var lon = new double[count];
        var lat = new double[count];
        for (int i = 0; i < count; i++)
        {
            lon[i] = Box.MinX + random.NextDouble() * Box.Width;
            lat[i] = Box.MinY + random.NextDouble() * Box.Height;
        }
        return (lon, lat);
    }
}
