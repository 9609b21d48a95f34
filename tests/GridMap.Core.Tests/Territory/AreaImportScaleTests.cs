using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GridMap.Core.Territory;
using Xunit.Abstractions;

namespace GridMap.Core.Tests.Territory;

/// <summary>A street of 100 communities of 100 grids each: the size the import must handle.</summary>
public class AreaImportScaleTests(ITestOutputHelper output)
{
    static GeoJsonFeature Area(int index, string level, string code, double west, double south, double east, double north) =>
        new(index, new WKTReader(GeoJson.Wgs84.GeometryServices).Read(string.Create(CultureInfo.InvariantCulture,
                $"POLYGON (({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))")),
            JsonSerializer.SerializeToElement(new { level, code, name = code }), null);

    static GeoJsonFeature Area(int index, string level, string code, double west, double south, double size) =>
        Area(index, level, code, west, south, west + size, south + size);

    /// <summary>Communities of 0.01° split into 10 × 10 grids of 0.001° (about 85 m × 111 m at Beijing).</summary>
    public static List<GeoJsonFeature> Street(int communitiesPerSide = 10, int gridsPerSide = 10)
    {
        const double west = 116.30, south = 39.80, community = 0.01;
        var grid = community / gridsPerSide;
        var features = new List<GeoJsonFeature>
        {
            Area(0, "district", "110101", west - 0.01, south - 0.01, communitiesPerSide * community + 0.02),
            Area(1, "street", "110101001", west, south, communitiesPerSide * community),
        };
        for (var c = 0; c < communitiesPerSide * communitiesPerSide; c++)
        {
            var (cx, cy) = (west + c % communitiesPerSide * community, south + c / communitiesPerSide * community);
            var communityCode = $"110101001{c + 1:000}";
            features.Add(Area(features.Count, "community", communityCode, cx, cy, community));
            for (var g = 0; g < gridsPerSide * gridsPerSide; g++)
                features.Add(Area(features.Count, "grid", $"{communityCode}{g + 1:000}", cx + g % gridsPerSide * grid, cy + g / gridsPerSide * grid, grid));
        }
        return features;
    }

    [Fact]
    public void Ten_thousand_grids_are_accepted_and_a_single_overlap_among_them_is_found()
    {
        var features = Street();
        var clock = Stopwatch.StartNew();
        var result = AreaImport.Validate(features, []);
        output.WriteLine($"{features.Count} features validated in {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.True(result.Accepted, string.Join("; ", result.Problems.Take(5)));
        Assert.Equal(10_000, result.Areas.Count(a => a.Level == AreaLevel.Grid));

        // Widen the last grid of community 57 over its western neighbour by a tenth of its width.
        var last = features.FindLastIndex(f => f.Properties.GetProperty("code").GetString()!.StartsWith("110101001057"));
        var g = features[last].Geometry!.EnvelopeInternal;
        features[last] = Area(last, "grid", "110101001057100", g.MinX - g.Width / 10, g.MinY, g.MaxX, g.MaxY);
        clock.Restart();
        var problems = AreaImport.Validate(features, []).Problems;
        output.WriteLine($"with one overlap: {clock.Elapsed.TotalSeconds:0.00} s");
        var problem = Assert.Single(problems);
        Assert.Equal((last, "110101001057100"), (problem.Index, problem.Code));
        Assert.StartsWith("overlaps grid 110101001057099", problem.Reason);
    }
}
