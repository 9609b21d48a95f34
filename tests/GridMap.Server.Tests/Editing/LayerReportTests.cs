namespace GridMap.Tests.Editing;

/// <summary>
/// SmallDistrict with a governance layer drawn differently in the west community (a split at
/// 121.13 instead of 121.15) and one city-management grid that crosses from the west community
/// into the east one (121.18–121.22).
/// </summary>
public class LayerDistrictApp : SmallDistrictApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Sql.ExecuteAsync(Database.ConnectionString, $"""
            INSERT INTO areas (id, level, layer, code, name, parent_id, boundary) OVERRIDING SYSTEM VALUE VALUES
              (10, 'grid', 'governance', '320614001001001', '秀山综治第1网格', 4, {SmallDistrict.Box(121.10, 121.13)}),
              (11, 'grid', 'governance', '320614001001002', '秀山综治第2网格', 4, {SmallDistrict.Box(121.13, 121.20)}),
              (12, 'grid', 'governance', '320614002001001', '东洲综治网格', 5, {SmallDistrict.Box(121.20, 121.30)}),
              (13, 'grid', 'city_management', '320614001001001', '城管跨界网格', 4, {SmallDistrict.Box(121.18, 121.22)});
            """);
    }
}

public class LayerReportTests(LayerDistrictApp app) : IClassFixture<LayerDistrictApp>
{
    /// <summary>Each share as PostGIS computes it on its own: the intersection's area over the grid's, on the spheroid.</summary>
    Task<List<(long Grid, long Other, double Share)>> SharesAsync(string layer, string against) => Sql.QueryAsync(app.Database.ConnectionString, """
        SELECT g.id, o.id, ST_Area(ST_Intersection(g.boundary, o.boundary)::geography) / ST_Area(g.boundary::geography)
        FROM areas g JOIN areas o ON o.level = 'grid' AND o.layer = $2 AND ST_Area(ST_Intersection(g.boundary, o.boundary)::geography) > 1
        WHERE g.level = 'grid' AND g.layer = $1 ORDER BY g.id, o.id
        """, r => (r.GetInt64(0), r.GetInt64(1), r.GetDouble(2)), layer, against);

    [Fact]
    public async Task Each_party_grid_lists_the_governance_grids_overlapping_it_with_the_shares_PostGIS_computes()
    {
        var report = await app.ClientFor(SmallDistrict.Admin).GetFromJsonAsync<JsonElement>("/api/areas/layer-report?layer=party&against=governance");
        var grids = report.GetProperty("grids").EnumerateArray().ToList();
        Assert.Equal([6L, 7L, 8L, 9L], grids.Select(g => g.GetProperty("id").GetInt64()));
        var listed = grids.SelectMany(g => g.GetProperty("overlaps").EnumerateArray().Select(o =>
            (Grid: g.GetProperty("id").GetInt64(), Other: o.GetProperty("id").GetInt64(), Share: o.GetProperty("shareOfGrid").GetDouble()))).OrderBy(x => (x.Grid, x.Other)).ToList();
        var expected = await SharesAsync("party", "governance");
        Assert.Equal(expected.Select(e => (e.Grid, e.Other)), listed.Select(l => (l.Grid, l.Other)));
        Assert.All(listed.Zip(expected), p => Assert.Equal(p.Second.Share, p.First.Share, 1e-9));
        // Grid 6 (121.10–121.15) is split 3:2 by the governance edge at 121.13; grid 8 lies inside the east's one governance grid.
        Assert.Equal([0.6, 0.4], listed.Where(l => l.Grid == 6).Select(l => Math.Round(l.Share, 3)));
        Assert.Equal([false, false, false, false], grids.Select(g => g.GetProperty("matched").GetBoolean()));
        Assert.All(grids, g => Assert.False(g.GetProperty("crossesCommunity").GetBoolean()));
    }

    [Fact]
    public async Task A_grid_that_crosses_a_community_boundary_is_named_with_the_share_in_each()
    {
        var report = await app.ClientFor(SmallDistrict.Admin).GetFromJsonAsync<JsonElement>("/api/areas/layer-report?layer=city_management&against=party");
        var grid = Assert.Single(report.GetProperty("grids").EnumerateArray());
        Assert.True(grid.GetProperty("crossesCommunity").GetBoolean());
        Assert.Equal([(4L, 0.5), (5L, 0.5)], grid.GetProperty("communities").EnumerateArray()
            .Select(c => (c.GetProperty("id").GetInt64(), Math.Round(c.GetProperty("shareOfGrid").GetDouble(), 3))).OrderBy(c => c.Item1));
    }

    [Fact]
    public async Task The_csv_has_a_line_per_overlap_and_a_grid_worker_sees_only_its_grid()
    {
        var response = await app.ClientFor(SmallDistrict.Worker).GetAsync("/api/areas/layer-report.csv?layer=party&against=governance");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length); // the header, grid 6 against each of the two governance grids it overlaps
        Assert.All(lines.Skip(1), l => Assert.StartsWith("6,320614001001001,", l));
        Assert.Equal(["60.0", "40.0"], lines.Skip(1).Select(l => l.Split(',')[7]));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(SmallDistrict.Admin).GetAsync("/api/areas/layer-report?layer=party&against=party")).StatusCode);
    }
}
