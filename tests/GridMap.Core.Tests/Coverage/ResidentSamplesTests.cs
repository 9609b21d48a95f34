namespace GridMap.Core.Tests.Coverage;

public class ResidentSamplesTests
{
    static readonly LocalProjection Frame = new(Haimen.Lon, Haimen.Lat);

    /// <summary>A square grid of the given side in metres with its south-west corner at (x, y) metres from Haimen.</summary>
    static Geometry Square(double x, double y, double side) => Frame.Unproject(new GeometryFactory().CreatePolygon(
        [new(x, y), new(x + side, y), new(x + side, y + side), new(x, y + side), new(x, y)]));

    [Fact]
    public void Each_grids_points_add_up_exactly_to_its_population()
    {
        var grids = new[] { Square(0, 0, 1000), Square(1000, 0, 1000), Square(0, 1000, 330), Square(5000, 5000, 10) };
        int?[] population = [1234, null, 77, 5];

        var samples = ResidentSamples.Spread(grids, population);

        for (int g = 0; g < grids.Length; g++)
            Assert.Equal(population[g] ?? 0, Enumerable.Range(0, samples.Count).Where(i => samples.Grid[i] == g).Sum(i => samples.Residents[i]));
        // 1 km square at 50 m: 20 × 20 cell centres.
        Assert.Equal(400, samples.Grid.Count(g => g == 0));
        // Too small for a lattice point: one point inside it carries all five.
        Assert.Equal(5, samples.Residents[Array.IndexOf(samples.Grid, 3)]);
        Assert.True(grids[3].Contains(GeoJson.Wgs84.CreatePoint(new Coordinate(samples.Lon[^1], samples.Lat[^1]))));
    }

    [Fact]
    public void A_point_on_a_shared_edge_counts_for_one_grid_only()
    {
        var samples = ResidentSamples.Spread([Square(0, 0, 500), Square(500, 0, 500)], [1000, 1000]);
        var points = Enumerable.Range(0, samples.Count).Select(i => (Math.Round(samples.Lon[i], 9), Math.Round(samples.Lat[i], 9)));
        Assert.Equal(samples.Count, points.Distinct().Count());
    }

    [Fact]
    public void Covered_residents_are_the_population_times_the_covered_share_of_the_grid()
    {
        // A 500 m circle in the middle of a 2 km square: π·500² / 2000² = 19.63% of the square.
        var grid = Square(-1000, -1000, 2000);
        var samples = ResidentSamples.Spread([grid], [10_000]);
        var centre = Frame.Unproject(0, 0);

        var result = samples.Index().Count([new Station(centre.Lon, centre.Lat, 500)]);

        Assert.Equal(10_000, result.People);
        Assert.InRange(result.CoveredPeople, 10_000 * Math.PI / 16 * 0.98, 10_000 * Math.PI / 16 * 1.02);
    }

    [Fact]
    public void Lattice_points_are_those_the_point_in_area_locator_places_in_or_on_each_grid()
    {
        var metric = new GeometryFactory();
        // A grid with a hole, a square whose edges lie near lattice rows and columns (at 50 m spacing
        // the centres lie on 25 + 50·k), and a slanted grid sharing an edge with it.
        var holed = metric.CreatePolygon(metric.CreateLinearRing([new(0, 0), new(600, 0), new(600, 600), new(0, 600), new(0, 0)]),
            [metric.CreateLinearRing([new(200, 200), new(200, 400), new(400, 400), new(400, 200), new(200, 200)])]);
        var aligned = metric.CreatePolygon([new(1025, 25), new(1475, 25), new(1475, 475), new(1025, 475), new(1025, 25)]);
        var slanted = metric.CreatePolygon([new(1475, 25), new(1900, 130), new(1700, 800), new(1475, 475), new(1475, 25)]);
        Geometry[] grids = [holed, aligned, slanted];
        var frame = Frame;

        var samples = ResidentSamples.Spread([.. grids.Select(frame.Unproject)], [1000, 1000, 1000]);

        // Independently: every lattice centre (in the spread's own frame) the locator puts in or on a grid, first grid first.
        var own = LocalProjection.For(Envelope(grids.Select(frame.Unproject)));
        var taken = new HashSet<(long, long)>();
        var expected = new List<(double, double)>();
        foreach (var grid in grids.Select(g => own.Project(frame.Unproject(g))))
        {
            var locator = new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(grid);
            var env = grid.EnvelopeInternal;
            for (long row = (long)Math.Floor(env.MinY / 50); (row + 0.5) * 50 <= env.MaxY; row++)
                for (long column = (long)Math.Floor(env.MinX / 50); (column + 0.5) * 50 <= env.MaxX; column++)
                    if (locator.Locate(new Coordinate((column + 0.5) * 50, (row + 0.5) * 50)) != Location.Exterior && taken.Add((column, row)))
                        expected.Add(own.Unproject((column + 0.5) * 50, (row + 0.5) * 50));
        }
        Assert.Equal(expected, Enumerable.Range(0, samples.Count).Select(i => (samples.Lon[i], samples.Lat[i])));
    }

    static Envelope Envelope(IEnumerable<Geometry> geometries)
    {
        var extent = new Envelope();
        foreach (var g in geometries) extent.ExpandToInclude(g.EnvelopeInternal);
        return extent;
    }
}
