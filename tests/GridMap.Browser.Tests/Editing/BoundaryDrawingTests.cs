namespace GridMap.Browser.Tests.Editing;

/// <summary>
/// Grids drawn on the editing page: a new grid cut with geoman's cut mode across 和平社区's two grids
/// (the change carries their remaining parts and the new grid), and a shared vertex of 东风社区's
/// grids moved by keyboard alone; PostGIS finds each community still tiled. A class of its own, as it
/// changes the grids the other editing tests reshape.
/// </summary>
public class BoundaryDrawingTests(MapSite site) : IClassFixture<MapSite>
{
    Task<T> ScalarAsync<T>(string sql, params object[] values) => site.ScalarAsync<T>(sql, values);

    async Task<IPage> OpenBoundariesAsync(double lon, double lat)
    {
        var page = await site.NewPageAsync(Admin);
        await page.GotoAsync(site.BaseUrl + "/edit.html");
        await MapPage.WaitUntilReadyAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "网格边界" }).CheckAsync();
        await page.WaitForFunctionAsync("() => gridmap.boundaries.grids() > 0");
        await MapPage.ZoomToAsync(page, lon, lat, 15);
        return page;
    }

    /// <summary>How far the union of a community's Party grids is from the community, and how much they overlap, in m².</summary>
    Task<double> UntiledAsync(string community) => ScalarAsync<double>("""
        SELECT ST_Area(ST_SymDifference(ST_Union(g.boundary), c.boundary)::geography)
             + (SELECT coalesce(sum(ST_Area(ST_Intersection(a.boundary, b.boundary)::geography)), 0)
                FROM areas a JOIN areas b ON a.id < b.id AND a.parent_id = c.id AND b.parent_id = c.id AND a.layer = 'party' AND b.layer = 'party')
        FROM areas c JOIN areas g ON g.parent_id = c.id AND g.layer = 'party' WHERE c.name = $1 GROUP BY c.id, c.boundary
        """, community);

    [Fact]
    public async Task A_shared_vertex_moved_by_keyboard_alone_moves_in_both_grids_is_announced_and_saved()
    {
        var page = await OpenBoundariesAsync(116.310, 39.910);
        var errors = PageChecks.Errors(page);
        var keys = page.GetByRole(AriaRole.Application, new() { Name = "用键盘修改边界" });
        await keys.FocusAsync();
        await page.Keyboard.PressAsync("g");
        await Expect(page.Locator("#vertex-said")).ToHaveTextAsync(new Regex("^正在编辑 东风第一网格"));
        // To the north-east corner, which 东风第二网格 shares.
        for (var i = 0; i < 4 && !(await page.Locator("#vertex-said").TextContentAsync())!.Contains("经度 116.310000，纬度 39.918000"); i++)
            await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("#vertex-said")).ToContainTextAsync("经度 116.310000，纬度 39.918000，与 1 个相邻网格共用");

        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("Shift+ArrowLeft");
        await Expect(page.Locator("#vertex-said")).ToContainTextAsync("纬度 39.918000，与 1 个相邻网格共用");
        Assert.Equal(2, await page.EvaluateAsync<int>("gridmap.boundaries.edited().length"));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存全部边界" }).ClickAsync();
        await Expect(page.Locator("#boundary-done")).ToContainTextAsync("已保存 2 个网格的新边界");

        // Thirty pixels west along the community's north edge: the top of the old border is 东风第二网格's now.
        Assert.True(await ScalarAsync<bool>("SELECT ST_Contains(boundary, ST_SetSRID(ST_MakePoint(116.3095, 39.9178), 4326)) FROM areas WHERE name = '东风第二网格'"));
        var untiled = await UntiledAsync("东风社区");
        Assert.True(untiled < 1, $"东风社区's grids leave {untiled} m² untiled");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_new_grid_drawn_across_two_grids_is_cut_out_of_them_and_saved_with_their_new_shapes_in_one_change()
    {
        var page = await OpenBoundariesAsync(116.330, 39.910);
        var errors = PageChecks.Errors(page);

        // A strip 116.328–116.332 across the community, from its south edge to its north edge (snapped to them).
        await page.GetByRole(AriaRole.Button, new() { Name = "画新网格" }).ClickAsync();
        foreach (var (lon, lat) in new[] { (116.328, 39.902), (116.332, 39.902), (116.332, 39.918), (116.328, 39.918), (116.328, 39.902) })
            await MapPage.ClickAtAsync(page, lon, lat);
        await Expect(page.Locator("#new-grid-form")).ToBeVisibleAsync();
        Assert.Equal(2, await page.EvaluateAsync<int>("gridmap.boundaries.edited().length"));
        await Expect(page.GetByLabel("所属社区")).ToHaveValueAsync((await ScalarAsync<long>("SELECT id FROM areas WHERE name = $1", HepingCommunity)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByLabel("网格编码（15 位）")).ToHaveValueAsync("110199002001003");
        await page.GetByLabel("新网格名称").FillAsync("和平第三网格");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存全部边界" }).ClickAsync();
        await Expect(page.Locator("#boundary-done")).ToContainTextAsync("新增 1 个网格");

        // As PostGIS sees what was stored: the strip is the new grid, and the three tile the community.
        Assert.True(await ScalarAsync<bool>("""
            SELECT ST_HausdorffDistance(boundary, ST_MakeEnvelope(116.328, 39.902, 116.332, 39.918, 4326)) < 0.00005
               AND layer = 'party' AND parent_id = (SELECT id FROM areas WHERE name = '和平社区') AND code = '110199002001003'
            FROM areas WHERE name = '和平第三网格'
            """));
        var untiled = await UntiledAsync(HepingCommunity);
        Assert.True(untiled < 1, $"和平社区's three grids leave {untiled} m² untiled");
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM area_versions v JOIN areas a ON a.id = v.area_id WHERE a.name IN ('和平第一网格', '和平第二网格')"));
        Assert.Empty(errors);
    }
}
