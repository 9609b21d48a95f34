using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GridMap.Demo;

/// <summary>
/// Micro-grids (微网格): some grids split into the quarters of their bounding box, each quarter the
/// part of the grid inside it, so that a grid's micro-grids tile it exactly. Coded as DB11/T 2157
/// does, three more digits after the grid's (320614001001001 → 320614001001001001), in the grid's
/// layer.
/// </summary>
static class DemoMicroGrids
{
    /// <summary>The micro-grids of <paramref name="count"/> grids spread evenly over <paramref name="grids"/> (in code order).</summary>
    public static IEnumerable<DemoArea> Split(IReadOnlyList<DemoArea> grids, int count)
    {
        if (count <= 0 || grids.Count == 0) yield break;
        var step = Math.Max(1, grids.Count / count);
        for (var i = 0; i < grids.Count && i / step < count; i += step)
        {
            var grid = grids[i];
            var box = grid.Boundary.EnvelopeInternal;
            var (midX, midY) = (box.Centre.X, box.Centre.Y);
            Envelope[] quarters =
            [
                new(box.MinX, midX, midY, box.MaxY), new(midX, box.MaxX, midY, box.MaxY),
                new(box.MinX, midX, box.MinY, midY), new(midX, box.MaxX, box.MinY, midY),
            ];
            var n = 0;
            foreach (var quarter in quarters)
            {
                var part = OverlayNGRobust.Overlay(grid.Boundary, GeoJson.Wgs84.ToGeometry(quarter), SpatialFunction.Intersection);
                var polygons = Enumerable.Range(0, part.NumGeometries).Select(part.GetGeometryN).OfType<Polygon>().Where(p => p.Area > 0).ToArray();
                if (polygons.Length == 0) continue;
                n++;
                yield return new DemoArea("micro_grid", grid.Layer, $"{grid.Code}{n:D3}", $"{grid.Name}第{n}微网格", grid.Code,
                    grid.Population / 4, Oriented(polygons));
            }
        }
    }

    /// <summary>RFC 7946 orientation: shells counter-clockwise, holes clockwise.</summary>
    static MultiPolygon Oriented(Polygon[] polygons) => GeoJson.Wgs84.CreateMultiPolygon([.. polygons.Select(p =>
        GeoJson.Wgs84.CreatePolygon(p.Shell.IsCCW ? p.Shell : (LinearRing)p.Shell.Reverse(),
            [.. p.Holes.Select(h => h.IsCCW ? (LinearRing)h.Reverse() : h)]))]);
}
