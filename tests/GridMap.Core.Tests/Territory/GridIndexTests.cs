using GridMap.Core.Territory;

namespace GridMap.Core.Tests.Territory;

public class GridIndexTests
{
    // Four unit squares tiling (0 0)-(2 2), listed out of id order. Grid 40 has two holes:
    // (1.2 1.2)-(1.4 1.4) is filled by grid 50, (1.6 1.6)-(1.8 1.8) by nothing.
    // Grid 60 is a MultiPolygon of two squares away from the others.
    private static readonly (long Id, string Wkt)[] Grids =
    [
        (40, "POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1), (1.2 1.2, 1.2 1.4, 1.4 1.4, 1.4 1.2, 1.2 1.2), (1.6 1.6, 1.6 1.8, 1.8 1.8, 1.8 1.6, 1.6 1.6))"),
        (20, "POLYGON ((1 0, 2 0, 2 1, 1 1, 1 0))"),
        (50, "POLYGON ((1.2 1.2, 1.4 1.2, 1.4 1.4, 1.2 1.4, 1.2 1.2))"),
        (10, "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"),
        (30, "POLYGON ((0 1, 1 1, 1 2, 0 2, 0 1))"),
        (60, "MULTIPOLYGON (((3 0, 4 0, 4 1, 3 1, 3 0)), ((5 0, 6 0, 6 1, 5 1, 5 0)))"),
    ];

    private static readonly GridIndex Index = new(Grids.Select(g => (g.Id, new WKTReader().Read(g.Wkt))));

    [Theory]
    [InlineData(0.5, 0.5, 10L)]
    [InlineData(1.5, 0.5, 20L)]
    [InlineData(0.5, 1.5, 30L)]
    [InlineData(1.9, 1.1, 40L)]
    [InlineData(5.5, 0.5, 60L)] // the second part of a MultiPolygon
    public void Point_inside_a_grid_belongs_to_that_grid(double lon, double lat, long expected) =>
        Assert.Equal(expected, Index.Locate(lon, lat));

    [Theory]
    [InlineData(7, 7)]
    [InlineData(2.5, 0.5)] // between the tiling and grid 60
    [InlineData(4.5, 0.5)] // inside grid 60's envelope, between its two parts
    [InlineData(1.7, 1.7)] // in a hole no grid fills
    public void Point_outside_every_grid_belongs_to_none(double lon, double lat) =>
        Assert.Null(Index.Locate(lon, lat));

    [Theory]
    [InlineData(1, 0.5, 10L)] // 10 | 20
    [InlineData(0.5, 1, 10L)] // 10 | 30
    [InlineData(1.5, 1, 20L)] // 20 | 40
    [InlineData(1, 1.5, 30L)] // 30 | 40
    public void Point_on_a_shared_edge_belongs_to_the_grid_with_the_lower_id(double lon, double lat, long expected) =>
        Assert.Equal(expected, Index.Locate(lon, lat));

    [Theory]
    [InlineData(1, 1, 10L)]   // shared by 10, 20, 30, 40
    [InlineData(2, 1, 20L)]   // shared by 20, 40
    [InlineData(1.4, 1.4, 40L)] // corner of the hole filled by 50
    public void Point_on_a_shared_vertex_belongs_to_the_grid_with_the_lowest_id(double lon, double lat, long expected) =>
        Assert.Equal(expected, Index.Locate(lon, lat));

    [Theory]
    [InlineData(0, 0.5, 10L)] // outer edge of the tiling
    [InlineData(0, 0, 10L)]   // outer corner
    [InlineData(1.8, 1.7, 40L)] // edge of the unfilled hole
    public void Point_on_an_unshared_boundary_belongs_to_its_grid(double lon, double lat, long expected) =>
        Assert.Equal(expected, Index.Locate(lon, lat));

    [Fact]
    public void Point_in_a_hole_belongs_to_the_grid_filling_it() =>
        Assert.Equal(50L, Index.Locate(1.3, 1.3));

    [Fact]
    public void Locate_takes_a_coordinate_too() =>
        Assert.Equal(20L, Index.Locate(new Coordinate(1.5, 0.5)));

    [Fact]
    public void Empty_index_locates_nothing()
    {
        var empty = new GridIndex([]);
        Assert.Null(empty.Locate(0, 0));
        var ids = new long[1];
        empty.LocateAll(new double[1], new double[1], ids);
        Assert.Equal(GridIndex.NoGrid, ids[0]);
    }

    [Fact]
    public void Grid_with_an_empty_boundary_covers_nothing()
    {
        var index = new GridIndex([(1, new WKTReader().Read("POLYGON EMPTY")), (2, new WKTReader().Read("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"))]);
        Assert.Equal(2L, index.Locate(0, 0));
        Assert.Null(index.Locate(2, 2));
    }

    [Fact]
    public void Bulk_locate_equals_single_locate_on_edges_vertices_and_gaps()
    {
        // Steps of 1/64 are exact in binary, so many of these points fall exactly on edges and vertices.
        var lon = new List<double>();
        var lat = new List<double>();
        for (int i = -32; i <= 6 * 64 + 32; i++)
            for (int j = -32; j <= 2 * 64 + 32; j += 2)
            {
                lon.Add(i / 64.0);
                lat.Add(j / 64.0);
            }
        var ids = new long[lon.Count];

        Index.LocateAll(lon.ToArray(), lat.ToArray(), ids);

        Assert.True(ids.Length > 3 * 8192, "enough points for several parallel chunks");
        for (int i = 0; i < ids.Length; i++)
            Assert.Equal(Index.Locate(lon[i], lat[i]) ?? GridIndex.NoGrid, ids[i]);
    }

    [Fact]
    public void Bulk_locate_rejects_coordinates_and_results_of_different_lengths() =>
        Assert.Throws<ArgumentException>(() => Index.LocateAll(new double[3], new double[3], new long[2]));

    [Fact]
    public void Locate_agrees_with_covers_on_every_grid_for_random_points_on_a_jittered_tiling()
    {
        var random = new Random(20240531);
        var grids = JitteredTiling(columns: 30, rows: 20, random);
        var index = new GridIndex(grids);
        var points = new List<Coordinate>();
        for (int i = 0; i < 4000; i++)
            points.Add(new Coordinate(random.NextDouble() * 32 - 1, random.NextDouble() * 22 - 1));
        // Every lattice vertex: exact ties among up to four grids.
        points.AddRange(grids.SelectMany(g => g.Boundary.Coordinates).Distinct());
        var factory = new GeometryFactory();
        var lon = points.Select(p => p.X).ToArray();
        var lat = points.Select(p => p.Y).ToArray();
        var bulk = new long[points.Count];

        index.LocateAll(lon, lat, bulk);

        int onBoundaries = 0;
        for (int i = 0; i < points.Count; i++)
        {
            var point = factory.CreatePoint(points[i]);
            var covering = grids.Where(g => g.Boundary.Covers(point)).Select(g => g.Id).ToList();
            if (covering.Count > 1) onBoundaries++;
            long? expected = covering.Count == 0 ? null : covering.Min();
            Assert.Equal(expected, index.Locate(points[i]));
            Assert.Equal(expected ?? GridIndex.NoGrid, bulk[i]);
        }
        Assert.True(onBoundaries > 500, $"only {onBoundaries} points tested a tie");
    }

    [Fact]
    public void Rejects_a_negative_id_a_repeated_id_and_a_line()
    {
        var square = new WKTReader().Read("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
        var line = new WKTReader().Read("LINESTRING (0 0, 1 1)");
        Assert.Throws<ArgumentException>(() => new GridIndex([(-1, square)]));
        Assert.Throws<ArgumentException>(() => new GridIndex([(7, square), (7, square)]));
        Assert.Throws<ArgumentException>(() => new GridIndex([(7, line)]));
    }

    /// <summary>
    /// Quadrilaterals on a lattice whose inner vertices are moved at random: they tile the box
    /// (0 0)-(columns rows) exactly because neighbours share vertices. Ids are shuffled so that
    /// "lowest id" is unrelated to position.
    /// </summary>
    private static List<(long Id, Geometry Boundary)> JitteredTiling(int columns, int rows, Random random)
    {
        var vertex = new Coordinate[columns + 1, rows + 1];
        for (int c = 0; c <= columns; c++)
            for (int r = 0; r <= rows; r++)
            {
                bool inner = c > 0 && c < columns && r > 0 && r < rows;
                vertex[c, r] = inner
                    ? new Coordinate(c + (random.NextDouble() - 0.5) * 0.6, r + (random.NextDouble() - 0.5) * 0.6)
                    : new Coordinate(c, r);
            }
        var ids = Enumerable.Range(1, columns * rows).Select(i => (long)i).OrderBy(_ => random.Next()).ToArray();
        var factory = new GeometryFactory();
        var grids = new List<(long, Geometry)>();
        for (int c = 0; c < columns; c++)
            for (int r = 0; r < rows; r++)
            {
                var ring = new[] { vertex[c, r], vertex[c + 1, r], vertex[c + 1, r + 1], vertex[c, r + 1], vertex[c, r] };
                grids.Add((ids[grids.Count], factory.CreatePolygon(ring.Select(v => v.Copy()).ToArray())));
            }
        return grids;
    }
}
