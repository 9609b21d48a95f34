using GridMap.Demo;
using NetTopologySuite.Operation.Union;

namespace GridMap.Core.Tests.Demo;

public class RoadNetworkTests(DefaultDistrict district) : IClassFixture<DefaultDistrict>
{
    readonly DemoDistrictData data = district.Data;
    IEnumerable<Geometry> Grids => district.Level("grid").Select(g => (Geometry)g.Boundary);

    [Fact]
    public void Streets_run_along_every_grid_edge_once()
    {
        var streets = data.Roads.Where(r => r.Kind == RoadNetwork.Street).ToList();
        // The grids' boundaries as one set of lines, each shared edge once.
        var boundaries = UnaryUnionOp.Union(Grids.Select(g => g.Boundary).ToList());

        Assert.Equal(boundaries.Length, streets.Sum(s => s.Line.Length), 9);
        Assert.Equal(streets.Count, streets.Select(s => s.Line.Normalized().ToText()).Distinct().Count());
        Assert.All(streets, s => Assert.True(boundaries.Covers(s.Line), $"{s.Line} is not on a grid boundary"));
    }

    [Fact]
    public void Every_grid_has_a_lane_from_its_centre_that_stays_inside_it()
    {
        var grids = district.Level("grid").ToList();
        var lanes = data.Roads.Where(r => r.Kind == RoadNetwork.Lane).ToList();
        Assert.InRange(lanes.Count, grids.Count, 2 * grids.Count);
        foreach (var grid in grids)
            Assert.Contains(lanes, l => grid.Boundary.Covers(l.Line) && grid.Boundary.Contains(l.Line.StartPoint));
    }

    [Fact]
    public void One_can_walk_from_any_road_to_any_other()
    {
        var ends = new Dictionary<(double, double), int>();
        int Vertex(Coordinate c) => ends.TryGetValue((c.X, c.Y), out var v) ? v : ends[(c.X, c.Y)] = ends.Count;
        var edges = data.Roads.Select(r => (Vertex(r.Line.StartPoint.Coordinate), Vertex(r.Line.EndPoint.Coordinate))).ToList();
        var parent = Enumerable.Range(0, ends.Count).ToArray();
        int Find(int v) => parent[v] == v ? v : parent[v] = Find(parent[v]);
        foreach (var (a, b) in edges) parent[Find(a)] = Find(b);

        Assert.Single(Enumerable.Range(0, ends.Count).Select(Find).Distinct());
        Assert.All(data.Roads, r => Assert.Equal(2, r.Line.NumPoints));
    }

    [Fact]
    public void Same_grids_give_the_same_roads() =>
        Assert.Equal(data.Roads.Select(r => r.Kind + r.Line.ToText()), RoadNetwork.Build(Grids).Select(r => r.Kind + r.Line.ToText()));

    [Fact]
    public void Committed_roads_file_is_what_the_generator_makes_now()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root != null && !File.Exists(Path.Combine(root.FullName, "GridMap.sln"))) root = root.Parent;
        using var stream = new MemoryStream();
        DemoGeoJson.Roads.Write(stream, data.Roads);
        var committed = File.ReadAllBytes(Path.Combine(root!.FullName, "data", "demo", "roads.geojson"));
        Assert.True(committed.SequenceEqual(stream.ToArray()),
            "data/demo/roads.geojson differs from the generator's output: run `./gridmap demo generate` and commit data/demo");
    }
}
