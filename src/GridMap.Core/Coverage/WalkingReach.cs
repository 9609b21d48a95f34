using NetTopologySuite.Geometries;
using NetTopologySuite.LinearReferencing;

namespace GridMap.Core.Coverage;

/// <summary>
/// Which points some station reaches on foot within its radius: off the road to the nearest road
/// (straight), along the network, then off the road again to the point.
/// </summary>
/// <remarks>
/// The walk from station s to point p is s.OffRoad + (along the network from s's road point to p's
/// road point) + p.OffRoad. Along the network either leaves s's road by one of its ends and enters
/// p's road by one of its ends, or, when both lie on the same road, goes straight along it. For
/// every vertex v this keeps the most metres any station still has on arriving at v ("spare"), so
/// a point is reached when spare(v) − (metres from v to the point's road point) ≥ p.OffRoad for an
/// end v of its road. The network distances between vertices come from outside
/// (<see cref="VertexCost"/>, e.g. pgRouting), searched from <see cref="Starts"/>.
/// </remarks>
public sealed class WalkingReach
{
    readonly Dictionary<long, double> _spare = [];
    readonly Dictionary<long, List<WalkingStation>> _byRoad = [];

    /// <summary>
    /// The vertices to search from (each end of each station's road) and how far the search must
    /// go from each; stations farther off the road than their radius reach nothing.
    /// </summary>
    public static Dictionary<long, double> Starts(IEnumerable<WalkingStation> stations)
    {
        var starts = new Dictionary<long, double>();
        void Need(long vertex, double metres)
        {
            if (metres < 0) return;
            starts[vertex] = Math.Max(metres, starts.GetValueOrDefault(vertex, -1));
        }
        foreach (var s in stations)
        {
            double budget = s.RadiusMetres - s.At.OffRoadMetres;
            Need(s.At.Source, budget - s.At.FromSourceMetres);
            Need(s.At.Target, budget - s.At.ToTargetMetres);
        }
        return starts;
    }

    /// <param name="stations">The stations walked from.</param>
    /// <param name="costs">Network distances from the vertices of <see cref="Starts"/>; missing vertices count as unreachable.</param>
    public WalkingReach(IReadOnlyList<WalkingStation> stations, IEnumerable<VertexCost> costs)
    {
        var fromStart = new Dictionary<long, List<(long Vertex, double Metres)>>();
        foreach (var c in costs)
        {
            if (!fromStart.TryGetValue(c.Start, out var list)) fromStart[c.Start] = list = [];
            list.Add((c.Vertex, c.Metres));
        }
        foreach (var s in stations)
        {
            if (!_byRoad.TryGetValue(s.At.Road, out var onRoad)) _byRoad[s.At.Road] = onRoad = [];
            onRoad.Add(s);
            double budget = s.RadiusMetres - s.At.OffRoadMetres;
            foreach (var (start, toStart) in new[] { (s.At.Source, s.At.FromSourceMetres), (s.At.Target, s.At.ToTargetMetres) })
            {
                if (!fromStart.TryGetValue(start, out var reached)) continue;
                foreach (var (vertex, metres) in reached)
                {
                    double spare = budget - toStart - metres;
                    if (spare >= 0 && spare > _spare.GetValueOrDefault(vertex, -1)) _spare[vertex] = spare;
                }
            }
        }
    }

    /// <summary>Whether some station reaches the point within its radius.</summary>
    public bool Reaches(RoadSnap p)
    {
        if (_spare.TryGetValue(p.Source, out var fromSource) && fromSource - p.FromSourceMetres >= p.OffRoadMetres) return true;
        if (_spare.TryGetValue(p.Target, out var fromTarget) && fromTarget - p.ToTargetMetres >= p.OffRoadMetres) return true;
        if (_byRoad.TryGetValue(p.Road, out var onRoad))
            foreach (var s in onRoad)
                if (s.At.OffRoadMetres + Math.Abs(s.At.FromSourceMetres - p.FromSourceMetres) + p.OffRoadMetres <= s.RadiusMetres) return true;
        return false;
    }

    /// <summary>
    /// The parts of the roads a walker from some station can reach within its radius (not yet
    /// counting the last steps off the road), for the map: whole roads, or pieces from an end or
    /// around a station's road point, cut in proportion to length.
    /// </summary>
    public MultiLineString ReachedRoads(IEnumerable<NetworkRoad> roads, GeometryFactory factory)
    {
        var pieces = new List<LineString>();
        foreach (var road in roads)
        {
            if (road.LengthMetres <= 0) continue;
            var spans = new List<(double From, double To)>();
            if (_spare.TryGetValue(road.Source, out var fromSource)) spans.Add((0, fromSource));
            if (_spare.TryGetValue(road.Target, out var fromTarget)) spans.Add((road.LengthMetres - fromTarget, road.LengthMetres));
            if (_byRoad.TryGetValue(road.Id, out var onRoad))
                foreach (var s in onRoad)
                {
                    double spare = s.RadiusMetres - s.At.OffRoadMetres;
                    if (spare >= 0) spans.Add((s.At.FromSourceMetres - spare, s.At.FromSourceMetres + spare));
                }
            var line = new LengthIndexedLine(road.Line);
            double scale = road.Line.Length / road.LengthMetres;
            foreach (var (from, to) in Merge(spans, road.LengthMetres))
                pieces.Add((LineString)line.ExtractLine(from * scale, to * scale));
        }
        return factory.CreateMultiLineString(pieces.ToArray());
    }

    /// <summary>Spans clipped to [0, length], overlapping ones joined, empty ones dropped.</summary>
    static IEnumerable<(double From, double To)> Merge(List<(double From, double To)> spans, double length)
    {
        double? from = null, to = null;
        foreach (var (f, t) in spans.Select(s => (Math.Max(0, s.From), Math.Min(length, s.To))).Where(s => s.Item2 > s.Item1).OrderBy(s => s.Item1))
        {
            if (to is double end && f <= end) { to = Math.Max(end, t); continue; }
            if (from is double start) yield return (start, to!.Value);
            (from, to) = (f, t);
        }
        if (from is double last) yield return (last, to!.Value);
    }
}
