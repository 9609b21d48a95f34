using GridMap.Core.Spatial;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace GridMap.Core.Coverage;

/// <summary>Where new stations could go, when the planner has not uploaded a list.</summary>
public static class SiteCandidates
{
    /// <summary>Lattice points beyond this would make suggestion slow without making it better.</summary>
    public const int MaxLatticePoints = 200_000;

    /// <summary>
    /// The default: a point in each grid that lies in the area, then the lattice over the area.
    /// </summary>
    public static List<SiteCandidate> Default(Geometry areaLonLat, IEnumerable<Geometry> gridsLonLat, double spacingMetres)
    {
        var inArea = new IndexedPointInAreaLocator(areaLonLat);
        var candidates = GridCentres(gridsLonLat)
            .Where(c => inArea.Locate(new Coordinate(c.Lon, c.Lat)) != Location.Exterior).ToList();
        candidates.AddRange(Lattice(areaLonLat, spacingMetres));
        return candidates;
    }

    /// <summary>
    /// Each grid's centroid, or, for a grid shaped so that its centroid falls outside it
    /// (an L or a ring), a point guaranteed inside.
    /// </summary>
    public static IEnumerable<SiteCandidate> GridCentres(IEnumerable<Geometry> gridsLonLat)
    {
        foreach (var grid in gridsLonLat)
        {
            if (grid.IsEmpty) continue;
            var centroid = grid.Centroid;
            var point = grid.Contains(centroid) ? centroid : grid.InteriorPoint;
            yield return new SiteCandidate(point.X, point.Y);
        }
    }

    /// <summary>
    /// How many lattice positions the area's envelope holds at this spacing: an upper bound on the
    /// lattice's points, known before any is made.
    /// </summary>
    public static long LatticePositions(Geometry areaLonLat, double spacingMetres) =>
        areaLonLat.IsEmpty ? 0 : Frame(areaLonLat, spacingMetres).Positions;

    /// <summary>
    /// Points of a square lattice with the given spacing in local metres, anchored on the
    /// area's centre, that lie in the area (boundary included); south to north, west to east.
    /// </summary>
    public static List<SiteCandidate> Lattice(Geometry areaLonLat, double spacingMetres)
    {
        var result = new List<SiteCandidate>();
        if (areaLonLat.IsEmpty) return result;
        var f = Frame(areaLonLat, spacingMetres);
        if (f.Positions > MaxLatticePoints)
            throw new ArgumentOutOfRangeException(nameof(spacingMetres), spacingMetres, $"the lattice would exceed {MaxLatticePoints} points");

        // Containment is judged in lon/lat, where the area's edges are straight, as in PostGIS.
        var inArea = new IndexedPointInAreaLocator(areaLonLat);
        for (long row = f.Rows0; row <= f.Rows1; row++)
            for (long column = f.Columns0; column <= f.Columns1; column++)
            {
                var (lon, lat) = f.Projection.Unproject(column * spacingMetres, row * spacingMetres);
                if (inArea.Locate(new Coordinate(lon, lat)) != Location.Exterior) result.Add(new SiteCandidate(lon, lat));
            }
        return result;
    }

    readonly record struct LatticeFrame(LocalProjection Projection, long Columns0, long Columns1, long Rows0, long Rows1)
    {
        public long Positions => Math.Max(0, Columns1 - Columns0 + 1) * Math.Max(0, Rows1 - Rows0 + 1);
    }

    static LatticeFrame Frame(Geometry areaLonLat, double spacingMetres)
    {
        if (!(spacingMetres > 0)) throw new ArgumentOutOfRangeException(nameof(spacingMetres));
        var frame = LocalProjection.For(areaLonLat.EnvelopeInternal);
        var envelope = frame.Project(areaLonLat).EnvelopeInternal;
        envelope.ExpandBy(spacingMetres); // lon/lat edges bow slightly in metres
        return new LatticeFrame(frame,
            (long)Math.Ceiling(envelope.MinX / spacingMetres), (long)Math.Floor(envelope.MaxX / spacingMetres),
            (long)Math.Ceiling(envelope.MinY / spacingMetres), (long)Math.Floor(envelope.MaxY / spacingMetres));
    }
}
