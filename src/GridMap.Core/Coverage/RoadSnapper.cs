using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.LinearReferencing;

namespace GridMap.Core.Coverage;

/// <summary>
/// Ties points to the nearest point of their nearest road (<see cref="RoadSnap"/>), where a walk
/// to or from them joins the network. Roads are held in the <see cref="LocalProjection"/> of the
/// network, where "nearest" is measured in metres; the distance off the road is geodesic.
/// </summary>
public sealed class RoadSnapper
{
    readonly NetworkRoad[] _roads;
    readonly LineString[] _metric;
    readonly STRtree<int> _index = new();
    readonly LocalProjection _frame;
    static readonly GeometryFactory Metres = new();

    public RoadSnapper(IReadOnlyList<NetworkRoad> roads)
    {
        if (roads.Count == 0) throw new ArgumentException("a network needs at least one road", nameof(roads));
        _roads = [.. roads];
        var extent = new Envelope();
        foreach (var r in _roads) extent.ExpandToInclude(r.Line.EnvelopeInternal);
        _frame = LocalProjection.For(extent);
        _metric = _roads.Select(r => (LineString)_frame.Project(r.Line)).ToArray();
        for (int i = 0; i < _metric.Length; i++) _index.Insert(_metric[i].EnvelopeInternal, i);
        _index.Build();
    }

    public int Roads => _roads.Length;

    /// <summary>The nearest road point to (lon, lat).</summary>
    public RoadSnap Snap(double lon, double lat)
    {
        var (x, y) = _frame.Project(lon, lat);
        var point = Metres.CreatePoint(new Coordinate(x, y));
        int nearest = _index.NearestNeighbour(point.EnvelopeInternal, -1, new ToRoad(_metric, point));
        var road = _roads[nearest];
        var line = _metric[nearest];
        double along = line.Length == 0 ? 0 : new LengthIndexedLine(line).Project(point.Coordinate);
        double fraction = line.Length == 0 ? 0 : along / line.Length;
        var onRoad = new LengthIndexedLine(line).ExtractPoint(along);
        var (roadLon, roadLat) = _frame.Unproject(onRoad.X, onRoad.Y);
        return new RoadSnap(road.Id, road.Source, road.Target, fraction * road.LengthMetres, (1 - fraction) * road.LengthMetres,
            Geodesic.DistanceMetres(lon, lat, roadLon, roadLat));
    }

    /// <summary>Distance from the query point (item −1) to a road, for the tree's nearest-neighbour search.</summary>
    sealed class ToRoad(LineString[] metric, Point point) : IItemDistance<Envelope, int>
    {
        public double Distance(IBoundable<Envelope, int> a, IBoundable<Envelope, int> b)
        {
            int road = a.Item >= 0 ? a.Item : b.Item;
            return metric[road].Distance(point);
        }
    }
}
