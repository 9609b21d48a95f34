namespace GridMap.Core.Tests.Coverage;

public class RoadSnapperTests
{
    static readonly LocalProjection Frame = new(Haimen.Lon, Haimen.Lat);

    static NetworkRoad Road(long id, long source, long target, (double X, double Y) a, (double X, double Y) b)
    {
        var (lonA, latA) = Frame.Unproject(a.X, a.Y);
        var (lonB, latB) = Frame.Unproject(b.X, b.Y);
        return new NetworkRoad(id, source, target, Geodesic.DistanceMetres(lonA, latA, lonB, latB),
            GeoJson.Wgs84.CreateLineString([new(lonA, latA), new(lonB, latB)]));
    }

    [Fact]
    public void A_point_joins_its_nearest_road_at_the_foot_of_the_perpendicular()
    {
        // An east-west road of 400 m and a north-south one of 300 m meeting at vertex 2.
        var snapper = new RoadSnapper([Road(10, 1, 2, (0, 0), (400, 0)), Road(20, 2, 3, (400, 0), (400, 300))]);
        var (lon, lat) = Frame.Unproject(100, 30);

        var snap = snapper.Snap(lon, lat);

        Assert.Equal((10L, 1L, 2L), (snap.Road, snap.Source, snap.Target));
        Assert.Equal(100, snap.FromSourceMetres, 0.01);
        Assert.Equal(300, snap.ToTargetMetres, 0.01);
        Assert.Equal(30, snap.OffRoadMetres, 0.01);

        var nearSecond = snapper.Snap(Frame.Unproject(380, 200).Lon, Frame.Unproject(380, 200).Lat);
        Assert.Equal(20, nearSecond.Road);
        Assert.Equal(200, nearSecond.FromSourceMetres, 0.01);
        Assert.Equal(20, nearSecond.OffRoadMetres, 0.01);
    }

    [Fact]
    public void Beyond_a_roads_end_the_walk_joins_at_the_end()
    {
        var snapper = new RoadSnapper([Road(1, 1, 2, (0, 0), (100, 0))]);
        var (lon, lat) = Frame.Unproject(130, 40);

        var snap = snapper.Snap(lon, lat);

        Assert.Equal(100, snap.FromSourceMetres, 0.01);
        Assert.Equal(0, snap.ToTargetMetres, 0.01);
        Assert.Equal(50, snap.OffRoadMetres, 0.01);
    }

    [Fact]
    public void Off_road_distance_is_the_geodesic_distance_to_the_nearest_of_all_road_points()
    {
        var random = new Random(3);
        var roads = Enumerable.Range(0, 60).Select(i =>
        {
            var a = (random.NextDouble() * 3000, random.NextDouble() * 3000);
            return Road(i, 2 * i, 2 * i + 1, a, (a.Item1 + random.NextDouble() * 600 - 300, a.Item2 + random.NextDouble() * 600 - 300));
        }).ToList();
        var snapper = new RoadSnapper(roads);
        // Each road as points every metre, to search by brute force.
        var dense = roads.SelectMany(r => Enumerable.Range(0, (int)r.LengthMetres + 2).Select(m =>
        {
            var c = r.Line.Coordinates;
            double t = Math.Min(1, m / r.LengthMetres);
            return (r.Id, Lon: c[0].X + t * (c[1].X - c[0].X), Lat: c[0].Y + t * (c[1].Y - c[0].Y));
        })).ToList();

        for (int i = 0; i < 50; i++)
        {
            var (lon, lat) = Frame.Unproject(random.NextDouble() * 3000, random.NextDouble() * 3000);
            var snap = snapper.Snap(lon, lat);
            double brute = dense.Min(d => Geodesic.DistanceMetres(lon, lat, d.Lon, d.Lat));
            Assert.InRange(snap.OffRoadMetres, brute - 0.6, brute + 0.01);
            Assert.Equal(roads[(int)snap.Road].LengthMetres, snap.FromSourceMetres + snap.ToTargetMetres, 6);
        }
    }
}
