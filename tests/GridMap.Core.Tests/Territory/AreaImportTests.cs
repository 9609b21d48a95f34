using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridMap.Core.Territory;

namespace GridMap.Core.Tests.Territory;

/// <summary>
/// A district in Dongcheng, Beijing, with one street, one community and two Party grids side by
/// side (west and east halves); each test spoils one thing and expects exactly that problem.
/// </summary>
public class AreaImportTests
{
    const string DistrictCode = "110101", StreetCode = "110101001", CommunityCode = "110101001001";
    const string WestCode = "110101001001001", EastCode = "110101001001002";

    static readonly string DistrictBox = Box(116.30, 39.80, 116.50, 40.00);
    static readonly string StreetBox = Box(116.38, 39.88, 116.42, 39.92);
    static readonly string CommunityBox = Box(116.400, 39.900, 116.410, 39.910);
    static readonly string WestBox = Box(116.400, 39.900, 116.405, 39.910);
    static readonly string EastBox = Box(116.405, 39.900, 116.410, 39.910);

    static string Box(double west, double south, double east, double north) => FormattableString.Invariant(
        $"POLYGON (({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))");

    static GeoJsonFeature Feature(int index, string wkt, object properties) =>
        new(index, new WKTReader(GeoJson.Wgs84.GeometryServices).Read(wkt), JsonSerializer.SerializeToElement(properties), null);

    static GeoJsonFeature Area(int index, string level, string code, string wkt) =>
        Feature(index, wkt, new { level, code, name = $"{level} {code}" });

    static List<GeoJsonFeature> Valid() =>
    [
        Area(0, "district", DistrictCode, DistrictBox),
        Area(1, "street", StreetCode, StreetBox),
        Area(2, "community", CommunityCode, CommunityBox),
        Area(3, "grid", WestCode, WestBox),
        Area(4, "grid", EastCode, EastBox),
    ];

    static List<GeoJsonFeature> ValidWith(GeoJsonFeature replacement)
    {
        var features = Valid();
        features[replacement.Index] = replacement;
        return features;
    }

    static IReadOnlyList<AreaProblem> Problems(IReadOnlyList<GeoJsonFeature> features, params ExistingArea[] stored) =>
        AreaImport.Validate(features, stored).Problems;

    static ExistingArea Stored(long id, AreaLevel level, string code, string wkt, long? parentId = null, AreaLayer? layer = null) =>
        new(id, level, layer ?? (level.HasLayer() ? AreaLayer.Party : null), code, parentId, new WKTReader(GeoJson.Wgs84.GeometryServices).Read(wkt));

    // WGS84 ellipsoid: metres per degree, for expectations computed independently of LocalProjection.
    static double MetresPerDegreeLon(double lat)
    {
        const double a = 6378137, e2 = 0.00669437999014;
        var phi = lat * Math.PI / 180;
        return Math.PI / 180 * a * Math.Cos(phi) / Math.Sqrt(1 - e2 * Math.Sin(phi) * Math.Sin(phi));
    }

    static double MetresPerDegreeLat(double lat)
    {
        const double a = 6378137, e2 = 0.00669437999014;
        var s = Math.Sin(lat * Math.PI / 180);
        return Math.PI / 180 * a * (1 - e2) / Math.Pow(1 - e2 * s * s, 1.5);
    }

    static double Number(string text, string pattern) =>
        double.Parse(Regex.Match(text, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Valid_nested_set_is_accepted_parents_first_with_parents_resolved()
    {
        var micro = Feature(6, Box(116.401, 39.901, 116.402, 39.902),
            new { level = "micro_grid", code = WestCode + "001", name = "Building 3", population = 120 });
        // Children before parents in the file: the result must still put parents first.
        var file = Valid().AsEnumerable().Reverse().Select((f, i) => f with { Index = i }).Append(micro with { Index = 5 }).ToList();

        var result = AreaImport.Validate(file, []);

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        Assert.Equal([DistrictCode, StreetCode, CommunityCode, EastCode, WestCode, WestCode + "001"], result.Areas.Select(a => a.Code));
        Assert.Equal([null, 4, 3, 2, 2, 1], result.Areas.Select(a => a.ParentIndex));
        Assert.All(result.Areas, a => Assert.Null(a.ParentId));
        var building = result.Areas[^1];
        Assert.Equal((AreaLevel.MicroGrid, AreaLayer.Party, "Building 3", 120), (building.Level, building.Layer, building.Name, building.Population));
        Assert.Equal("MultiPolygon", result.Areas[0].Boundary.GeometryType);
    }

    [Fact]
    public void Children_of_stored_parents_refer_to_the_stored_id()
    {
        var community = Stored(42, AreaLevel.Community, CommunityCode, CommunityBox, parentId: 41);
        var file = new List<GeoJsonFeature> { Area(0, "grid", WestCode, WestBox), Area(1, "grid", EastCode, EastBox) };

        var result = AreaImport.Validate(file, [community]);

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        Assert.Equal([42L, 42L], result.Areas.Select(a => a.ParentId));
    }

    [Fact]
    public void Codes_to_look_up_are_each_code_and_its_parent() =>
        Assert.Equal([DistrictCode, StreetCode, CommunityCode, WestCode, EastCode],
            AreaImport.CodesToLookUp(Valid()).Order());

    [Fact]
    public void Unclosed_ring_is_reported_with_the_readers_reason()
    {
        var json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"level":"district","code":"110101","name":"Dongcheng"},
               "geometry":{"type":"Polygon","coordinates":[[[116.3,39.8],[116.5,39.8],[116.5,40.0],[116.3,40.0]]]}}]}
            """;
        var features = GeoJson.ReadFeatureCollection(JsonDocument.Parse(json).RootElement);
        Assert.Equal([new AreaProblem(0, DistrictCode, "geometry", "ring 0 is not closed: its first and last positions differ")],
            Problems(features));
    }

    [Fact]
    public void Point_is_not_an_area() =>
        Assert.Equal([new AreaProblem(3, WestCode, "geometry", "a Point is not an area: expected Polygon or MultiPolygon")],
            Problems(ValidWith(Area(3, "grid", WestCode, "POINT (116.402 39.905)"))));

    [Fact]
    public void Longitude_beyond_180_is_out_of_range() =>
        Assert.Equal([new AreaProblem(0, DistrictCode, "geometry", "position [200, 39.8] is outside lon [-180, 180], lat [-90, 90]")],
            Problems(ValidWith(Area(0, "district", DistrictCode, Box(116.3, 39.8, 200, 40.0)))));

    [Fact]
    public void Latitude_first_positions_are_reported_as_swapped() =>
        Assert.Equal([new AreaProblem(1, StreetCode, "geometry", "coordinates look like lat/lon (the first is [39.88, 116.38]); GeoJSON wants lon/lat")],
            Problems(ValidWith(Area(1, "street", StreetCode, Box(39.88, 116.38, 39.92, 116.42)))));

    [Fact]
    public void Self_intersecting_ring_is_invalid_with_the_place() =>
        Assert.Equal([new AreaProblem(1, StreetCode, "geometry", "invalid: self-intersection at [116.4, 39.9]")],
            Problems(ValidWith(Area(1, "street", StreetCode,
                "POLYGON ((116.38 39.88, 116.42 39.92, 116.42 39.88, 116.38 39.92, 116.38 39.88))"))));

    public static TheoryData<object, string, string> BadProperties => new()
    {
        { new { code = StreetCode, name = "Jingshan" }, "level", "missing: expected district, street, community, grid or micro_grid" },
        { new { level = "town", code = StreetCode, name = "Jingshan" }, "level", "unknown level \"town\": expected district, street, community, grid or micro_grid" },
        { new { level = "street", name = "Jingshan" }, "code", "missing: expected a DB11/T 2157 area code" },
        { new { level = "street", code = 110101001, name = "Jingshan" }, "code", "must be a string, not 110101001" },
        { new { level = "street", code = "11010100A", name = "Jingshan" }, "code", "\"11010100A\" is not an area code: 6 digits for the district, then 3 per level (6, 9, 12, 15 or 18 digits)" },
        { new { level = "street", code = "110101001001", name = "Jingshan" }, "code", "a street code has 9 digits; \"110101001001\" has 12, as a community code" },
        { new { level = "street", code = StreetCode, name = "Jingshan", layer = "party" }, "layer", "only grids and micro-grids have a layer, not a street" },
        { new { level = "street", code = StreetCode }, "name", "missing: every area needs a name" },
        { new { level = "street", code = StreetCode, name = "  " }, "name", "blank: every area needs a name" },
        { new { level = "street", code = StreetCode, name = "Jingshan", parentCode = "110102" }, "parentCode", "\"110102\" does not match the code: the parent of 110101001 is 110101" },
        { new { level = "street", code = StreetCode, name = "Jingshan", population = -5 }, "population", "must be a whole number ≥ 0, not -5" },
        { new { level = "street", code = StreetCode, name = "Jingshan", population = 1.5 }, "population", "must be a whole number ≥ 0, not 1.5" },
    };

    /// <summary>Only the street's own problem: its community may also miss it when the street has no usable code.</summary>
    [Theory, MemberData(nameof(BadProperties))]
    public void Bad_property_is_reported_on_its_field(object properties, string field, string reason) =>
        Assert.Equal([(field, reason)],
            Problems(ValidWith(Feature(1, StreetBox, properties))).Where(p => p.Index == 1).Select(p => (p.Field, p.Reason)));

    [Fact]
    public void Children_of_a_feature_with_a_broken_level_are_not_also_reported_orphaned() =>
        Assert.Equal([(1, "level")],
            Problems(ValidWith(Feature(1, StreetBox, new { level = "town", code = StreetCode, name = "Jingshan" }))).Select(p => (p.Index, p.Field)));

    [Fact]
    public void Grid_with_a_broken_code_leaves_no_gap_reported() =>
        Assert.Equal([(4, "code")],
            Problems(ValidWith(Feature(4, EastBox, new { level = "grid", code = EastCode + "9", name = "E" }))).Select(p => (p.Index, p.Field)));

    [Fact]
    public void Unknown_layer_is_reported() =>
        Assert.Equal([new AreaProblem(3, WestCode, "layer", "unknown layer \"police\": expected party, governance or city_management")],
            Problems(ValidWith(Feature(3, WestBox, new { level = "grid", code = WestCode, name = "W", layer = "police" }))));

    [Fact]
    public void Matching_parent_code_and_null_optionals_are_accepted() =>
        Assert.Empty(Problems(ValidWith(Feature(1, StreetBox,
            new { level = "street", code = StreetCode, name = "Jingshan", parentCode = DistrictCode, population = (int?)null, layer = (string?)null }))));

    [Fact]
    public void Parent_neither_in_file_nor_stored_is_missing()
    {
        var file = Valid().Where(f => f.Index != 1).ToList();
        Assert.Equal([new AreaProblem(2, CommunityCode, "parentCode", "the parent street 110101001 is neither in this file nor in the database")],
            Problems(file));
    }

    [Fact]
    public void Micro_grid_needs_a_grid_of_its_own_layer()
    {
        var file = Valid();
        file.Add(Feature(5, Box(116.401, 39.901, 116.402, 39.902), new { level = "micro_grid", code = WestCode + "001", name = "B", layer = "governance" }));
        Assert.Equal([new AreaProblem(5, WestCode + "001", "parentCode",
            "the parent grid 110101001001001 (governance layer) is neither in this file nor in the database")], Problems(file));
    }

    [Fact]
    public void Grid_reaching_five_metres_beyond_its_community_is_outside()
    {
        var fiveMetres = 5 / MetresPerDegreeLon(39.905);
        var problems = Problems(ValidWith(Area(3, "grid", WestCode, Box(116.400 - fiveMetres, 39.900, 116.405, 39.910))));

        var problem = Assert.Single(problems);
        Assert.Equal((3, WestCode, "geometry"), (problem.Index, problem.Code, problem.Field));
        Assert.Matches(@"^reaches 5\.0 m outside its parent community 110101001001 \(\d+ m² of it lies more than 1\.0 m outside\)$", problem.Reason);
        var beyondTolerance = (5 - 1) * 0.01 * MetresPerDegreeLat(39.905);
        Assert.Equal(beyondTolerance, Number(problem.Reason, @"\((\d+) m²"), beyondTolerance * 0.005);
    }

    [Fact]
    public void Grid_reaching_half_a_metre_beyond_its_community_is_within_tolerance()
    {
        var halfMetre = 0.5 / MetresPerDegreeLon(39.905);
        Assert.Empty(Problems(ValidWith(Area(3, "grid", WestCode, Box(116.400 - halfMetre, 39.900, 116.405, 39.910)))));
    }

    [Fact]
    public void Grids_overlapping_by_three_square_metres_are_reported_on_the_later_feature()
    {
        var overlap = 3 / (MetresPerDegreeLon(39.905) * 0.01 * MetresPerDegreeLat(39.905)); // degrees of lon for 3 m²
        var problem = Assert.Single(Problems(ValidWith(Area(4, "grid", EastCode, Box(116.405 - overlap, 39.900, 116.410, 39.910)))));

        Assert.Equal((4, EastCode, "geometry"), (problem.Index, problem.Code, problem.Field));
        Assert.Matches(@"^overlaps grid 110101001001001 \(feature 3\) by \d\.\d m²$", problem.Reason);
        Assert.Equal(3.0, Number(problem.Reason, @"by ([\d.]+) m²"), 0.1);
    }

    [Fact]
    public void Grids_overlapping_by_half_a_square_metre_are_within_tolerance()
    {
        var overlap = 0.5 / (MetresPerDegreeLon(39.905) * 0.01 * MetresPerDegreeLat(39.905));
        Assert.Empty(Problems(ValidWith(Area(4, "grid", EastCode, Box(116.405 - overlap, 39.900, 116.410, 39.910)))));
    }

    [Fact]
    public void Grids_of_different_layers_may_overlap()
    {
        var file = Valid();
        file.Add(Feature(5, CommunityBox, new { level = "grid", code = WestCode, name = "综治网格", layer = "governance" }));
        Assert.Empty(Problems(file));
    }

    [Fact]
    public void Grid_overlapping_a_stored_grid_of_its_community_is_reported()
    {
        var community = Stored(10, AreaLevel.Community, CommunityCode, CommunityBox, parentId: 9);
        var west = Stored(11, AreaLevel.Grid, WestCode, WestBox, parentId: 10);
        var file = new List<GeoJsonFeature> { Area(0, "grid", EastCode, Box(116.404, 39.900, 116.410, 39.910)) };

        var problem = Assert.Single(Problems(file, community, west));
        Assert.Matches(@"^overlaps grid 110101001001001 \(area 11 in the database\) by \d+ m²$", problem.Reason);
    }

    [Fact]
    public void Grids_leaving_a_strip_of_their_community_uncovered_leave_a_gap()
    {
        var problem = Assert.Single(Problems(ValidWith(Area(4, "grid", EastCode, Box(116.405, 39.900, 116.409, 39.910)))));

        Assert.Equal((2, CommunityCode, "geometry"), (problem.Index, problem.Code, problem.Field));
        Assert.Matches(@"^its party grids leave a gap of \d+ m² near \[116\.4095, 39\.905\d*\]$", problem.Reason);
        var expected = 0.001 * MetresPerDegreeLon(39.905) * 0.01 * MetresPerDegreeLat(39.905);
        Assert.Equal(expected, Number(problem.Reason, @"gap of (\d+) m²"), expected * 0.001);
    }

    [Fact]
    public void Gap_of_half_a_square_metre_is_within_tolerance()
    {
        var strip = 0.5 / (MetresPerDegreeLon(39.905) * 0.01 * MetresPerDegreeLat(39.905));
        Assert.Empty(Problems(ValidWith(Area(4, "grid", EastCode, Box(116.405, 39.900, 116.410 - strip, 39.910)))));
    }

    [Fact]
    public void Gap_in_a_stored_community_counts_its_stored_grids_and_is_reported_on_the_first_new_grid()
    {
        var community = Stored(10, AreaLevel.Community, CommunityCode, CommunityBox, parentId: 9);
        var west = Stored(11, AreaLevel.Grid, WestCode, Box(116.400, 39.900, 116.404, 39.910), parentId: 10);

        Assert.Empty(Problems([Area(0, "grid", EastCode, Box(116.404, 39.900, 116.410, 39.910))], community, west));
        var problem = Assert.Single(Problems([Area(0, "grid", EastCode, EastBox)], community, west));
        Assert.Equal((0, EastCode), (problem.Index, problem.Code));
        Assert.StartsWith("the party grids of community 110101001001 leave a gap of ", problem.Reason);
    }

    /// <summary>
    /// Why the import keeps its own tiling checks rather than NTS 2.6's CoverageValidator
    /// (docs/benchmarks.md, tiling): the validator wants neighbours to share every vertex, and
    /// calls this tiling invalid although nothing overlaps and nothing is left uncovered.
    /// </summary>
    [Fact]
    public void Grid_with_a_vertex_in_the_middle_of_its_neighbours_edge_still_tiles_its_community()
    {
        var west = "POLYGON ((116.4 39.9, 116.405 39.9, 116.405 39.905, 116.405 39.91, 116.4 39.91, 116.4 39.9))";
        var result = AreaImport.Validate(ValidWith(Area(3, "grid", WestCode, west)), []);

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        var reader = new WKTReader(GeoJson.Wgs84.GeometryServices);
        Assert.True(NetTopologySuite.Coverage.CoverageValidator.HasInvalidResult(
            NetTopologySuite.Coverage.CoverageValidator.Validate([reader.Read(west), reader.Read(EastBox)])));
    }

    [Fact]
    public void Float_noise_in_shared_vertices_is_rounded_away()
    {
        var noisyWest = "POLYGON ((116.4 39.9, 116.40500000000001 39.9, 116.40500000000001 39.91, 116.4 39.91, 116.4 39.9))";
        var result = AreaImport.Validate(ValidWith(Area(3, "grid", WestCode, noisyWest)), []);

        Assert.True(result.Accepted, string.Join("; ", result.Problems));
        Assert.Equal(WestBox.Replace("POLYGON (", "MULTIPOLYGON ((") + ")", result.Areas.Single(a => a.Code == WestCode).Boundary.AsText());
    }

    [Fact]
    public void Community_without_grids_in_the_file_is_not_checked_for_gaps() =>
        Assert.Empty(Problems(Valid().Take(3).ToList()));

    [Fact]
    public void Duplicate_code_in_the_file_is_reported_on_the_later_feature()
    {
        var file = Valid();
        file.Add(Area(5, "grid", WestCode, WestBox));
        Assert.Equal([new AreaProblem(5, WestCode, "code", "duplicate code in the party layer: feature 3 has the same code")], Problems(file));
    }

    [Fact]
    public void Duplicate_of_a_stored_code_is_reported()
    {
        var stored = Stored(7, AreaLevel.District, DistrictCode, DistrictBox);
        Assert.Equal([new AreaProblem(0, DistrictCode, "code",
            "duplicate code: area 7 in the database has it already (an import adds areas, it never replaces them)")],
            Problems(Valid(), stored));
    }

    [Fact]
    public void Every_bad_feature_is_reported_in_one_pass()
    {
        var file = Valid();
        file[0] = Area(0, "district", DistrictCode, "LINESTRING (116.3 39.8, 116.5 40.0)");
        file[1] = Feature(1, StreetBox, new { level = "street", code = StreetCode });
        file[4] = Area(4, "grid", EastCode, Box(116.404, 39.900, 116.410, 39.910));
        file.Add(Area(5, "grid", "110101001001003", Box(116.405, 39.905, 116.500, 39.910)));

        var problems = Problems(file);

        Assert.Equal([(0, "geometry"), (1, "name"), (4, "geometry"), (5, "geometry"), (5, "geometry")],
            problems.Select(p => (p.Index, p.Field)));
        Assert.StartsWith("a LineString is not an area", problems[0].Reason);
        Assert.StartsWith("overlaps grid 110101001001001 (feature 3)", problems[2].Reason);
        Assert.StartsWith("reaches 7", problems[3].Reason);
        Assert.StartsWith("overlaps grid 110101001001002 (feature 4)", problems[4].Reason);
    }

    [Fact]
    public void Progress_counts_every_feature()
    {
        var reports = new List<ImportProgress>();
        AreaImport.Validate(Valid(), [], new SyncProgress(reports.Add));
        Assert.Equal(new ImportProgress("checking features", 5, 5), reports.Last(r => r.Step == "checking features"));
        Assert.Equal(new ImportProgress("checking nesting", 4, 4), reports.Last());
    }

    sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
