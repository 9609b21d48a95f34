using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GridMap.Demo;

/// <summary>Random points inside a grid, kept clear of its edges so the grid they fall in is never in doubt.</summary>
static class RingSampler
{
    public const double EdgeClearanceMetres = 1.5;

    /// <summary>A point of the closed ring's interior at least <see cref="EdgeClearanceMetres"/> from every edge.</summary>
    public static Coordinate Inside(Coordinate[] ring, DemoRandom random)
    {
        var env = new Envelope();
        foreach (var c in ring) env.ExpandToInclude(c);
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var (x, y) = (random.Between(env.MinX, env.MaxX), random.Between(env.MinY, env.MaxY));
            if (Contains(ring, x, y) && DistanceToEdges(ring, x, y) >= EdgeClearanceMetres) return new Coordinate(x, y);
        }
        throw new InvalidOperationException("no point found inside a grid: is it a sliver?");
    }

    /// <summary>The lon/lat point, rounded to 7 decimals (about 1 cm) as the files store it.</summary>
    public static Point LonLat(LocalProjection projection, Coordinate metres)
    {
        var (lon, lat) = projection.Unproject(metres.X, metres.Y);
        return GeoJson.Wgs84.CreatePoint(new Coordinate(Math.Round(lon, 7), Math.Round(lat, 7)));
    }

    // Even-odd ray casting.
    static bool Contains(Coordinate[] ring, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = ring.Length - 2; i < ring.Length - 1; j = i++)
        {
            var (a, b) = (ring[i], ring[j]);
            if ((a.Y > y) != (b.Y > y) && x < (b.X - a.X) * (y - a.Y) / (b.Y - a.Y) + a.X) inside = !inside;
        }
        return inside;
    }

    static double DistanceToEdges(Coordinate[] ring, double x, double y)
    {
        var min = double.PositiveInfinity;
        for (var i = 0; i < ring.Length - 1; i++)
        {
            var (a, b) = (ring[i], ring[i + 1]);
            var (dx, dy) = (b.X - a.X, b.Y - a.Y);
            var t = Math.Clamp(((x - a.X) * dx + (y - a.Y) * dy) / (dx * dx + dy * dy), 0, 1);
            var (ex, ey) = (a.X + t * dx - x, a.Y + t * dy - y);
            min = Math.Min(min, ex * ex + ey * ey);
        }
        return Math.Sqrt(min);
    }
}
