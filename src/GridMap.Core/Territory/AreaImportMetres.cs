using GridMap.Core.Spatial;
using NetTopologySuite.Densify;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Distance;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GridMap.Core.Territory;

/// <summary>
/// Metres around one parent area. Topology (covers, intersection, difference) is decided in
/// lon/lat, where the stored geometries live: an edge straight in lon/lat is slightly curved
/// in any projection, so adjacent grids that share a vertex in the middle of their community's
/// edge would seem to leave slivers if they were overlaid in metres. Only the pieces that
/// result are projected, to be measured. Projected on first use: most families need no metres.
/// </summary>
sealed class AreaMetres(Geometry parent)
{
    /// <summary>
    /// ~20 m: a straight lon/lat edge of that length bends by micrometres when projected. Undensified,
    /// a sliver between a community's long edge and its grids' short ones along it, flat in lon/lat,
    /// would open into a lens of several square metres.
    /// </summary>
    const double MaxSegmentDegrees = 0.0002;
    /// <summary>The buffer approximates the tolerance circle by chords: residues below this are not an excursion.</summary>
    const double NegligibleSquareMetres = 0.01;

    LocalProjection? projection;
    Geometry? parentMetres;
    IPreparedGeometry? withinTolerance;
    IndexedFacetDistance? distanceToParent;

    LocalProjection Projection => projection ??= LocalProjection.For(parent.EnvelopeInternal);

    public double Area(Geometry lonLat) => Project(lonLat).Area;

    /// <summary>
    /// At least the square metres of any square degree of the parent: a square degree shrinks away
    /// from the equator, so take the parent's latitude nearest to it, and 1% for the ellipsoid.
    /// </summary>
    public double SquareMetresPerSquareDegree
    {
        get
        {
            var e = parent.EnvelopeInternal;
            var nearestEquator = e.MinY > 0 ? e.MinY : e.MaxY < 0 ? -e.MaxY : 0;
            const double metresPerDegree = 6378137 * Math.PI / 180;
            return 1.01 * metresPerDegree * metresPerDegree * Math.Cos(nearestEquator * Math.PI / 180);
        }
    }

    /// <summary>How far, and how much of, a child reaches beyond the tolerance outside the parent; null when it does not.</summary>
    public (double FarthestMetres, double SquareMetres)? Excursion(Geometry child)
    {
        var outside = OverlayNGRobust.Overlay(child, parent, SpatialFunction.Difference);
        if (outside.IsEmpty) return null;
        parentMetres ??= Project(parent);
        withinTolerance ??= PreparedGeometryFactory.Prepare(parentMetres.Buffer(AreaImport.ToleranceMetres, 16));
        var outsideMetres = Project(outside);
        if (withinTolerance.Covers(outsideMetres)) return null;
        var beyond = OverlayNGRobust.Overlay(outsideMetres, withinTolerance.Geometry, SpatialFunction.Difference);
        if (beyond.Area <= NegligibleSquareMetres) return null;

        distanceToParent ??= new IndexedFacetDistance(parentMetres);
        var probes = beyond.Coordinates.Select(c => (Geometry)beyond.Factory.CreatePoint(c))
            .Concat(Enumerable.Range(0, beyond.NumGeometries).Select(i => beyond.GetGeometryN(i).InteriorPoint));
        return (probes.Max(distanceToParent.Distance), beyond.Area);
    }

    Geometry Project(Geometry lonLat) => Projection.Project(Densifier.Densify(lonLat, MaxSegmentDegrees));
}
