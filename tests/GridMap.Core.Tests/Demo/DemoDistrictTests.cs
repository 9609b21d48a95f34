using System.Text.Json;
using System.Text.RegularExpressions;
using GridMap.Demo;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Union;

namespace GridMap.Core.Tests.Demo;

/// <summary>The committed demo district (default options), generated once for all tests of the class.</summary>
public sealed class DefaultDistrict
{
    public DemoDistrictData Data { get; } = DemoDistrict.Generate(new DemoOptions());

    public IEnumerable<DemoArea> Level(string level) => Data.Areas.Where(a => a.Level == level);
    public Geometry Metres(Geometry lonLat) => Data.Projection.Project(lonLat);
}

public class DemoDistrictTests(DefaultDistrict district) : IClassFixture<DefaultDistrict>
{
    readonly DemoDistrictData data = district.Data;

    static byte[] Files(DemoDistrictData d)
    {
        using var stream = new MemoryStream();
        DemoGeoJson.Areas.Write(stream, d.Areas);
        DemoGeoJson.Households.Write(stream, d.Households);
        DemoGeoJson.Stations.Write(stream, d.Stations);
        DemoGeoJson.Staff.Write(stream, d.Staff);
        return stream.ToArray();
    }

    [Fact]
    public void Same_seed_gives_byte_identical_files() =>
        Assert.Equal(Files(data), Files(DemoDistrict.Generate(new DemoOptions())));

    [Fact]
    public void Another_seed_gives_another_district() =>
        Assert.NotEqual(Files(data), Files(DemoDistrict.Generate(new DemoOptions { Seed = 7 })));

    [Fact]
    public void Counts_are_those_of_a_district_of_about_400_grids()
    {
        Assert.Single(district.Level("district"));
        Assert.Equal(6, district.Level("street").Count());
        Assert.Equal(40, district.Level("community").Count());
        Assert.InRange(district.Level("grid").Count(), 390, 410);
        Assert.Equal(4000, data.Households.Count);
        Assert.InRange(data.Stations.Count, 55, 65);
        Assert.InRange(data.Staff.Count, 570, 630);
    }

    [Fact]
    public void Streets_are_haimens_own()
    {
        Assert.Equal(["海门街道", "滨江街道", "三厂街道", "常乐镇", "悦来镇", "三星镇"], district.Level("street").Select(s => s.Name));
        var centre = district.Level("district").Single().Boundary.Envelope.Centroid;
        Assert.InRange(centre.X, 121.0, 121.35);
        Assert.InRange(centre.Y, 31.75, 32.0);
    }

    [Fact]
    public void Codes_follow_db11_t_2157_and_are_unique()
    {
        var byCode = data.Areas.ToDictionary(a => a.Code);
        Assert.Equal("320614", district.Level("district").Single().Code);
        foreach (var (level, parentLevel) in new[] { ("street", "district"), ("community", "street"), ("grid", "community") })
            foreach (var area in district.Level(level))
            {
                Assert.Matches(new Regex($"^{Regex.Escape(area.ParentCode!)}[0-9]{{3}}$"), area.Code);
                Assert.NotEqual("000", area.Code[^3..]);
                Assert.Equal(parentLevel, byCode[area.ParentCode!].Level);
            }
        Assert.Equal(15, district.Level("grid").Select(g => g.Code.Length).Distinct().Single());
    }

    [Fact]
    public void Grids_are_party_layer_and_only_grids_have_a_layer()
    {
        Assert.All(district.Level("grid"), g => Assert.Equal("party", g.Layer));
        Assert.All(data.Areas.Where(a => a.Level != "grid"), a => Assert.Null(a.Layer));
    }

    [Fact]
    public void Grid_population_is_300_to_500_households_of_about_2_6_people_and_parents_sum_their_children()
    {
        Assert.All(district.Level("grid"), g => Assert.InRange(g.Population, 300 * 2.4, 500 * 2.8));
        foreach (var parent in data.Areas.Where(a => a.Level != "grid"))
            Assert.Equal(parent.Population, data.Areas.Where(a => a.ParentCode == parent.Code).Sum(c => c.Population));
    }

    [Fact]
    public void Every_boundary_is_a_valid_single_polygon_wound_as_rfc_7946_asks()
    {
        Assert.All(data.Areas, a =>
        {
            Assert.True(a.Boundary.IsValid, a.Code);
            var polygon = Assert.IsType<Polygon>(Assert.Single(a.Boundary.Geometries));
            Assert.True(polygon.Shell.IsCCW, $"{a.Code}: shell is not counter-clockwise");
            Assert.All(polygon.Holes, h => Assert.False(h.IsCCW, $"{a.Code}: hole is not clockwise"));
            Assert.Equal(4326, a.Boundary.SRID);
        });
    }

    [Fact]
    public void Every_child_lies_inside_its_parent()
    {
        var byCode = data.Areas.ToDictionary(a => a.Code);
        foreach (var child in data.Areas.Where(a => a.ParentCode != null))
        {
            var parent = byCode[child.ParentCode!];
            Assert.True(parent.Boundary.Covers(child.Boundary), $"{child.Code} is not inside {parent.Code}");
            Assert.True(district.Metres(child.Boundary).Difference(district.Metres(parent.Boundary)).Area < 1, child.Code);
        }
    }

    [Fact]
    public void Children_tile_their_parent_without_gaps_or_overlaps_in_square_metres()
    {
        foreach (var parent in data.Areas.Where(a => a.Level != "grid"))
        {
            var children = data.Areas.Where(a => a.ParentCode == parent.Code).Select(c => district.Metres(c.Boundary)).ToList();
            var whole = district.Metres(parent.Boundary);
            var gap = whole.Difference(UnaryUnionOp.Union(children)).Area;
            Assert.True(gap < 1, $"{parent.Name}: {gap:F3} m² not covered by its children");

            var overlap = 0.0;
            for (var i = 0; i < children.Count; i++)
                for (var j = i + 1; j < children.Count; j++)
                    if (children[i].EnvelopeInternal.Intersects(children[j].EnvelopeInternal))
                        overlap += children[i].Intersection(children[j]).Area;
            Assert.True(overlap < 1, $"{parent.Name}: children overlap by {overlap:F3} m²");
            Assert.Equal(whole.Area, children.Sum(c => c.Area), 1.0);
        }
    }

    [Fact]
    public void Grids_of_a_town_core_are_300_to_600_metres_across()
    {
        var widths = district.Level("grid").Select(g => Math.Sqrt(district.Metres(g.Boundary).Area)).Order().ToList();
        Assert.InRange(widths[0], 250, 600);
        Assert.InRange(widths[widths.Count / 4], 300, 700);
    }

    [Fact]
    public void Every_household_lies_in_exactly_one_grid_its_own_and_over_a_metre_from_its_edges()
    {
        var grids = district.Level("grid").ToList();
        var index = new STRtree<DemoArea>();
        foreach (var g in grids) index.Insert(g.Boundary.EnvelopeInternal, g);
        var metres = grids.ToDictionary(g => g.Code, g => district.Metres(g.Boundary).Boundary);
        foreach (var h in data.Households)
        {
            var containing = index.Query(h.Location.EnvelopeInternal).Where(g => g.Boundary.Contains(h.Location)).ToList();
            Assert.Equal(h.GridCode, Assert.Single(containing).Code);
            Assert.True(metres[h.GridCode].Distance(district.Metres(h.Location)) > 1, $"{h.Name} is within 1 m of a grid edge");
        }
        Assert.InRange(data.Households.GroupBy(h => h.GridCode).Count(), 390, 410);
    }

    [Fact]
    public void Households_have_a_name_size_kind_and_phone()
    {
        Assert.All(data.Households, h =>
        {
            Assert.InRange(h.Members, 1, 6);
            Assert.Contains(h.Kind, new[] { "demonstration", "leading", "prosperity", "civility", "member" });
        });
        Assert.Equal(5, data.Households.Select(h => h.Kind).Distinct().Count());
    }

    [Fact]
    public void Phones_are_11_digit_mobile_numbers_never_given_twice()
    {
        var phones = data.Households.Select(h => h.Phone).Concat(data.Staff.Select(s => s.Phone)).ToList();
        Assert.All(phones, p => Assert.Matches("^1[358][0-9]{9}$", p));
        Assert.Equal(phones.Count, phones.Distinct().Count());
    }

    [Fact]
    public void Names_are_chinese()
    {
        var chinese = new Regex(@"^\p{IsCJKUnifiedIdeographs}{2,}$");
        Assert.All(data.Households.Select(h => h.Name).Concat(data.Staff.Select(s => s.Name)), n => Assert.Matches("^\\p{IsCJKUnifiedIdeographs}{3}$", n));
        Assert.All(data.Areas.Where(a => a.Level != "grid"), a => Assert.Matches(chinese, a.Name));
        Assert.All(data.Stations, s => Assert.Matches("^\\p{IsCJKUnifiedIdeographs}[\\p{IsCJKUnifiedIdeographs}0-9]+党群服务(中心|站)$", s.Name));
        var communities = data.Areas.Where(a => a.Level == "community").ToDictionary(a => a.Code, a => a.Name);
        Assert.All(district.Level("grid"), g => Assert.Matches($"^{communities[g.ParentCode!]}第[1-9][0-9]*网格$", g.Name));
        Assert.All(communities.Values, n => Assert.Matches("(社区|村)$", n));
        Assert.Equal(communities.Count, communities.Values.Distinct().Count());
    }

    [Fact]
    public void Every_station_stands_inside_its_area_with_the_radius_of_its_level()
    {
        var byCode = data.Areas.ToDictionary(a => a.Code);
        var radii = new Dictionary<string, (int, int)> { ["district"] = (1500, 1500), ["street"] = (1000, 1000), ["community"] = (500, 800), ["grid"] = (300, 300) };
        foreach (var s in data.Stations)
        {
            var area = byCode[s.AreaCode];
            Assert.Equal(area.Level, s.Level);
            Assert.True(area.Boundary.Contains(s.Location), s.Name);
            Assert.InRange(s.RadiusMetres, radii[s.Level].Item1, radii[s.Level].Item2);
            Assert.Contains("便民服务", s.Services);
            Assert.NotEmpty(s.OpeningHours);
        }
        Assert.Equal([1, 6, 40], new[] { "district", "street", "community" }.Select(l => data.Stations.Count(s => s.Level == l)));
        Assert.Equal(13, data.Stations.Count(s => s.Level == "grid"));
    }

    [Fact]
    public void Every_grid_has_one_leader_and_staff_stand_in_their_home_grid()
    {
        var grids = district.Level("grid").ToDictionary(g => g.Code);
        Assert.Equal(grids.Keys.Order(), data.Staff.Where(s => s.Role == "grid_leader").Select(s => s.HomeGridCode).Order());
        Assert.All(data.Staff, s => Assert.True(grids[s.HomeGridCode].Boundary.Contains(s.Location), s.Name));
        Assert.Equal(["grid_leader", "grid_worker", "party_member"], data.Staff.Select(s => s.Role).Distinct().Order());
        Assert.InRange(data.Staff.Count(s => s.OnDuty) / (double)data.Staff.Count, 0.6, 0.8);
    }

    [Fact]
    public void Written_areas_read_back_to_the_same_coordinates()
    {
        using var stream = new MemoryStream();
        DemoGeoJson.Areas.Write(stream, data.Areas);
        var features = GeoJson.ReadFeatureCollection(JsonDocument.Parse(stream.ToArray()).RootElement);
        Assert.Equal(data.Areas.Count, features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            Assert.True(data.Areas[i].Boundary.EqualsExact(features[i].Geometry!), data.Areas[i].Code);
            Assert.Equal(data.Areas[i].Code, features[i].Properties.GetProperty("code").GetString());
        }
        var grid = features.Last().Properties;
        Assert.Equal("grid", grid.GetProperty("level").GetString());
        Assert.Equal("party", grid.GetProperty("layer").GetString());
        Assert.True(grid.GetProperty("population").GetInt32() > 0);
    }

    [Fact]
    public void Committed_areas_file_is_what_the_generator_makes_now()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root != null && !File.Exists(Path.Combine(root.FullName, "GridMap.sln"))) root = root.Parent;
        Assert.NotNull(root);
        using var stream = new MemoryStream();
        DemoGeoJson.Areas.Write(stream, data.Areas);
        var committed = File.ReadAllBytes(Path.Combine(root.FullName, "data", "demo", "areas.geojson"));
        Assert.True(committed.SequenceEqual(stream.ToArray()),
            "data/demo/areas.geojson differs from the generator's output: run `./gridmap demo generate` and commit data/demo");
    }
}
