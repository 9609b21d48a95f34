using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GridMap.Demo;

/// <summary>A road of the demo network: a straight piece between two junctions, in lon/lat.</summary>
public sealed record DemoRoad(string Kind, LineString Line);

/// <summary>
/// A believable walking network for the demo district, so that coverage by walking distance can
/// be shown and tested: streets (街道) along every grid boundary — grids are drawn along streets —
/// and in each grid a lane (巷) from its centre to two of its corners, so that homes inside a large
/// rural grid have a way in. Roads meet only at shared end points, which the grids' shared
/// vertices (7 decimals) make exact, so a topology needs no snapping tolerance.
/// </summary>
public static class RoadNetwork
{
    public const string Street = "street", Lane = "lane";

    /// <summary>Roads for grids given in lon/lat; the same grids always give the same roads, in the same order.</summary>
    public static List<DemoRoad> Build(IEnumerable<Geometry> gridsLonLat)
    {
        var roads = new List<DemoRoad>();
        var seen = new HashSet<(double, double, double, double)>();
        foreach (var grid in gridsLonLat)
            foreach (var polygon in Polygons(grid))
            {
                var ring = polygon.Shell.Coordinates;
                for (var i = 0; i + 1 < ring.Length; i++)
                {
                    var (a, b) = (ring[i], ring[i + 1]);
                    if (a.Equals2D(b)) continue;
                    // A shared edge is walked the other way round by the neighbouring grid.
                    var key = a.CompareTo(b) < 0 ? (a.X, a.Y, b.X, b.Y) : (b.X, b.Y, a.X, a.Y);
                    if (seen.Add(key)) roads.Add(new DemoRoad(Street, Line(a, b)));
                }
                roads.AddRange(Lanes(polygon, ring));
            }
        return roads;
    }

    /// <summary>From the grid's centre to the corner nearest it and to the corner farthest from that one.</summary>
    static IEnumerable<DemoRoad> Lanes(Polygon grid, Coordinate[] ring)
    {
        var inside = grid.Centroid;
        if (!grid.Contains(inside)) inside = grid.InteriorPoint;
        var centre = new Coordinate(Math.Round(inside.X, 7), Math.Round(inside.Y, 7));
        var corners = ring.Take(ring.Length - 1).ToArray();
        var near = corners.MinBy(c => c.Distance(centre))!;
        var far = corners.MaxBy(c => c.Distance(near))!;
        // Straight lanes stay inside the grid only where it is convex, as Voronoi grids are.
        foreach (var corner in new[] { near, far }.Distinct())
        {
            var lane = Line(centre, corner);
            if (!centre.Equals2D(corner) && grid.Covers(lane)) yield return new DemoRoad(Lane, lane);
        }
    }

    static IEnumerable<Polygon> Polygons(Geometry g) => g switch
    {
        Polygon p => [p],
        MultiPolygon m => m.Geometries.Cast<Polygon>(),
        _ => [],
    };

    static LineString Line(Coordinate a, Coordinate b) => GeoJson.Wgs84.CreateLineString([a.Copy(), b.Copy()]);
}
