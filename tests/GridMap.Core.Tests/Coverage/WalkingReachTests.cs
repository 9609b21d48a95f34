namespace GridMap.Core.Tests.Coverage;

public class WalkingReachTests
{
    // A street of three 100 m roads: vertices 1 - 2 - 3 - 4, roads 12, 23, 34 (named by their vertices).
    static RoadSnap On(long road, double fromSource, double off = 0) => road is 12 or 23 or 34
        ? new(road, road / 10, road % 10, fromSource, 100 - fromSource, off)
        : throw new ArgumentOutOfRangeException(nameof(road));

    /// <summary>Network distances on the street from the given start vertices, as pgRouting would give them.</summary>
    static IEnumerable<VertexCost> Street(IEnumerable<long> starts) =>
        from start in starts from v in new long[] { 1, 2, 3, 4 } select new VertexCost(start, v, Math.Abs(v - start) * 100.0);

    static WalkingReach Reach(params WalkingStation[] stations) =>
        new(stations, Street(WalkingReach.Starts(stations).Keys));

    [Fact]
    public void Walk_is_off_road_then_along_the_street_then_off_road()
    {
        // Station 20 m off road 12, 30 m from vertex 1; radius 300 m.
        var reach = Reach(new WalkingStation(On(12, 30, off: 20), 300));

        // To road 34 at 40 m from vertex 3, 10 m off: 20 + 70 + 100 + 40 + 10 = 240.
        Assert.True(reach.Reaches(On(34, 40, off: 10)));
        // 20 + 70 + 100 + 95 + 10 = 295, and 15 m off the road: 300.
        Assert.True(reach.Reaches(On(34, 95, off: 15)));
        Assert.False(reach.Reaches(On(34, 95, off: 15.001)));
    }

    [Fact]
    public void On_the_stations_own_road_the_walk_goes_straight_along_it()
    {
        var reach = Reach(new WalkingStation(On(23, 50, off: 10), 60));
        // 10 + 40 + 10 = 60 along the road, though neither end of it is within reach on the far side.
        Assert.True(reach.Reaches(On(23, 90, off: 10)));
        Assert.True(reach.Reaches(On(23, 10, off: 10)));
        Assert.False(reach.Reaches(On(23, 91, off: 10)));
        Assert.False(reach.Reaches(On(12, 99, off: 0)));
    }

    [Fact]
    public void A_station_farther_off_the_road_than_its_radius_reaches_nothing()
    {
        var station = new WalkingStation(On(12, 50, off: 120), 100);
        Assert.Empty(WalkingReach.Starts([station]));
        Assert.False(Reach(station).Reaches(On(12, 50, off: 0)));
    }

    [Fact]
    public void Each_station_walks_its_own_radius()
    {
        var reach = Reach(new WalkingStation(On(12, 0), 50), new WalkingStation(On(34, 100), 150));
        Assert.True(reach.Reaches(On(34, 0)));   // 150 from vertex 4
        Assert.False(reach.Reaches(On(23, 40))); // 110 from vertex 1 (radius 50), 160 from vertex 4 (radius 150)
        Assert.True(reach.Reaches(On(12, 50)));
    }

    [Fact]
    public void Reached_roads_are_the_pieces_a_walker_covers()
    {
        var factory = new GeometryFactory();
        var roads = new[] { 12L, 23, 34 }.Select((id, i) => new NetworkRoad(id, i + 1, i + 2, 100,
            factory.CreateLineString([new Coordinate(i * 100, 0), new Coordinate(i * 100 + 100, 0)])));
        var reach = Reach(new WalkingStation(On(23, 50, off: 0), 120));

        var reached = reach.ReachedRoads(roads, factory);

        // From x = 150: 120 m each way, 30..270.
        Assert.Equal(240, reached.Length, 9);
        Assert.Equal(30, reached.EnvelopeInternal.MinX, 9);
        Assert.Equal(270, reached.EnvelopeInternal.MaxX, 9);
    }

    [Fact]
    public void Agrees_with_shortest_paths_through_the_points_themselves_on_a_random_lattice()
    {
        var random = new Random(5);
        // A 6 × 6 lattice of vertices 100 m apart, with a fifth of the roads missing.
        const int n = 6;
        long V(int x, int y) => y * n + x;
        var roads = new List<(long Id, long A, long B)>();
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                if (x + 1 < n && random.NextDouble() > 0.2) roads.Add((roads.Count, V(x, y), V(x + 1, y)));
                if (y + 1 < n && random.NextDouble() > 0.2) roads.Add((roads.Count, V(x, y), V(x, y + 1)));
            }
        RoadSnap Somewhere() { var r = roads[random.Next(roads.Count)]; double f = random.NextDouble() * 100; return new(r.Id, r.A, r.B, f, 100 - f, random.NextDouble() * 40); }
        var stations = Enumerable.Range(0, 4).Select(_ => new WalkingStation(Somewhere(), 150 + random.NextDouble() * 250)).ToList();
        var points = Enumerable.Range(0, 400).Select(_ => Somewhere()).ToList();

        var costs = WalkingReach.Starts(stations).Keys.SelectMany(s => Dijkstra(roads, s).Select(d => new VertexCost(s, d.Key, d.Value)));
        var reach = new WalkingReach(stations, costs);

        int reached = 0;
        foreach (var p in points)
        {
            bool expected = stations.Any(s => WalkMetres(roads, s.At, p) <= s.RadiusMetres);
            Assert.Equal(expected, reach.Reaches(p));
            if (expected) reached++;
        }
        Assert.InRange(reached, 40, 360);
    }

    /// <summary>The walk between two snapped points, by Dijkstra on the network with both road points added as vertices.</summary>
    static double WalkMetres(List<(long Id, long A, long B)> roads, RoadSnap from, RoadSnap to)
    {
        const long From = -1, To = -2;
        var split = new List<(long Id, long A, long B, double Metres)>();
        foreach (var (id, a, b) in roads)
        {
            var cuts = new List<(double At, long Vertex)> { (0, a), (100, b) };
            if (from.Road == id) cuts.Add((from.FromSourceMetres, From));
            if (to.Road == id) cuts.Add((to.FromSourceMetres, To));
            cuts.Sort((x, y) => x.At.CompareTo(y.At));
            for (int i = 0; i + 1 < cuts.Count; i++) split.Add((id, cuts[i].Vertex, cuts[i + 1].Vertex, cuts[i + 1].At - cuts[i].At));
        }
        var along = Dijkstra(split, From).GetValueOrDefault(To, double.PositiveInfinity);
        return from.OffRoadMetres + along + to.OffRoadMetres;
    }

    static Dictionary<long, double> Dijkstra(List<(long Id, long A, long B)> roads, long start) =>
        Dijkstra(roads.Select(r => (r.Id, r.A, r.B, 100.0)).ToList(), start);

    static Dictionary<long, double> Dijkstra(List<(long Id, long A, long B, double Metres)> roads, long start)
    {
        var best = new Dictionary<long, double> { [start] = 0 };
        var queue = new PriorityQueue<long, double>();
        queue.Enqueue(start, 0);
        while (queue.TryDequeue(out var v, out var d))
        {
            if (d > best[v]) continue;
            foreach (var (_, a, b, m) in roads)
            {
                if (a != v && b != v) continue;
                long w = a == v ? b : a;
                if (d + m < best.GetValueOrDefault(w, double.PositiveInfinity)) { best[w] = d + m; queue.Enqueue(w, d + m); }
            }
        }
        return best;
    }
}
