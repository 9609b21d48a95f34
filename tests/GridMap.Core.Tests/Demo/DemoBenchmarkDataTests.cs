using GridMap.Demo;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Union;

namespace GridMap.Core.Tests.Demo;

public class DemoBenchmarkDataTests
{
    [Fact]
    public void Grids_alone_tile_a_district_without_gaps_or_overlaps()
    {
        var grids = DemoDistrict.GenerateGrids(2000, seed: 11);
        Assert.InRange(grids.Boundaries.Length, 1980, 2020);
        var metres = grids.Boundaries.Select(g => grids.Projection.Project(g)).ToList();
        var union = UnaryUnionOp.Union(metres);
        Assert.IsType<Polygon>(union);
        Assert.Equal(0, ((Polygon)union).NumInteriorRings);
        // Equal areas of the union and of the parts: no overlaps (the union of tiles is the district, so no gaps).
        Assert.Equal(union.Area, metres.Sum(m => m.Area), union.Area * 1e-9);
    }

    [Fact]
    public void Household_points_lie_in_the_grid_they_name()
    {
        var grids = DemoDistrict.GenerateGrids(100, seed: 3);
        var points = DemoDistrict.GenerateHouseholdPoints(grids, 5000, seed: 3);
        var index = new STRtree<int>();
        for (var i = 0; i < grids.Boundaries.Length; i++) index.Insert(grids.Boundaries[i].EnvelopeInternal, i);
        for (var i = 0; i < points.Lon.Length; i++)
        {
            var p = new Point(points.Lon[i], points.Lat[i]);
            Assert.Equal(points.Grid[i], Assert.Single(index.Query(p.EnvelopeInternal), g => grids.Boundaries[g].Contains(p)));
        }
        Assert.Equal(grids.Boundaries.Length, points.Grid.Distinct().Count());
    }

    [Fact]
    public void Command_rejects_an_unknown_option_with_its_usage()
    {
        var log = new StringWriter();
        Assert.Equal(2, DemoCommand.Run(["--grid", "5"], log));
        Assert.Contains("unknown option --grid", log.ToString());
        Assert.Contains(DemoCommand.Usage, log.ToString());
    }

    [Fact]
    public void Command_writes_four_feature_collections()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gridmap-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var log = new StringWriter();
            Assert.Equal(0, DemoCommand.Run(["--out", dir, "--grids", "60", "--households", "300", "--seed", "5"], log));
            Assert.Equal(DemoGeoJson.FileNames.Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
            Assert.Contains("300 households", log.ToString());
            Assert.Contains("100%", log.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
