namespace GridMap.Browser.Tests.Editing;

/// <summary>
/// The editing page on <see cref="KnownTerritory"/>: grids reshaped with geoman and saved as one
/// change, a refused change drawn on the map, a household edited and dragged, a stale edit. What
/// the page did is checked in the database, with PostGIS's own measures. The tests share one
/// database: each reshapes or edits its own part of the district.
/// </summary>
public class EditPageTests(MapSite site) : IClassFixture<MapSite>
{
    Task<T> ScalarAsync<T>(string sql, params object[] values) => site.ScalarAsync<T>(sql, values);

    async Task<IPage> OpenAsync(string user = Admin)
    {
        var page = await site.NewPageAsync(user);
        await page.GotoAsync(site.BaseUrl + "/edit.html");
        await MapPage.WaitUntilReadyAsync(page);
        return page;
    }

    /// <summary>Looks a record up by <paramref name="query"/> (its name when none) in the search box and opens the result named <paramref name="name"/>.</summary>
    static async Task FindAsync(IPage page, string name, string? query = null)
    {
        await page.GetByLabel("按名称或编号查找").FillAsync(query ?? name);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^{Regex.Escape(name)} · ") }).ClickAsync();
    }

    /// <summary>A real mouse drag on the map from one place to another, in steps as a hand moves.</summary>
    static async Task DragAsync(IPage page, (double Lon, double Lat) from, (double Lon, double Lat) to)
    {
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        var (x0, y0) = await MapPage.PointOfAsync(page, from.Lon, from.Lat);
        var (x1, y1) = await MapPage.PointOfAsync(page, to.Lon, to.Lat);
        await page.Mouse.MoveAsync((float)(box.X + x0), (float)(box.Y + y0));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(box.X + x1), (float)(box.Y + y1), new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Boundary mode, the map on a community, and the grid at (lon, lat) put into geoman's edit mode.</summary>
    static async Task EditGridAtAsync(IPage page, double lon, double lat)
    {
        var before = await page.Locator(".marker-icon:not(.marker-icon-middle)").CountAsync();
        await MapPage.ClickAtAsync(page, lon, lat);
        await Expect(page.Locator(".marker-icon:not(.marker-icon-middle)")).Not.ToHaveCountAsync(before);
    }

    static async Task OpenBoundariesAsync(IPage page, double lon, double lat)
    {
        await page.GetByRole(AriaRole.Radio, new() { Name = "网格边界" }).CheckAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#boundaries:not([hidden])').length === 1 && gridmap.boundaries.grids() > 0");
        await MapPage.ZoomToAsync(page, lon, lat, 15);
    }

    [Fact]
    public async Task Dragging_a_vertex_two_grids_share_moves_it_in_both_and_saves_both_in_one_change_keeping_the_old_shapes()
    {
        var page = await OpenAsync();
        var errors = PageChecks.Errors(page);
        await OpenBoundariesAsync(page, 116.330, 39.910);

        // 和平第一网格 takes a wedge of 和平第二网格: their shared north corner moves 0.002° east along
        // the community's edge, dragged once in the first grid; the second grid's corner follows it.
        await EditGridAtAsync(page, 116.326, 39.910);
        await DragAsync(page, (116.330, 39.918), (116.332, 39.918));
        Assert.Equal(2, await page.EvaluateAsync<int>("gridmap.boundaries.edited().length"));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存全部边界" }).ClickAsync();
        await Expect(page.Locator("#boundary-done")).ToContainTextAsync("已保存 2 个网格的新边界");

        // As PostGIS sees what was stored: both changed, still tiling their community (no gap, no
        // overlap beyond the import's 1 m²), the wedge now in the first grid; the old shapes kept.
        Assert.False(await ScalarAsync<bool>("SELECT bool_or(ST_Equals(boundary, ST_Multi(ST_MakeEnvelope(116.322, 39.902, 116.330, 39.918, 4326)))) FROM areas WHERE name = '和平第一网格'"));
        Assert.True(await ScalarAsync<double>("""
            SELECT ST_Area(ST_Intersection(a.boundary, b.boundary)::geography) FROM areas a, areas b WHERE a.name = '和平第一网格' AND b.name = '和平第二网格'
            """) < 1);
        var mismatch = await ScalarAsync<double>("""
            SELECT ST_Area(ST_SymDifference((SELECT ST_Union(boundary) FROM areas WHERE name IN ('和平第一网格', '和平第二网格')),
                                            (SELECT boundary FROM areas WHERE name = $1))::geography)
            """, HepingCommunity);
        Assert.True(mismatch < 1, $"the two grids differ from their community by {mismatch} m²");
        Assert.True(await ScalarAsync<bool>("SELECT ST_Contains(boundary, ST_SetSRID(ST_MakePoint(116.331, 39.917), 4326)) FROM areas WHERE name = '和平第一网格'"));
        Assert.Equal(2L, await ScalarAsync<long>("""
            SELECT count(*) FROM area_versions v JOIN areas a ON a.id = v.area_id
            WHERE a.name IN ('和平第一网格', '和平第二网格') AND v.closed_by = 'admin'
              AND ST_Equals(v.boundary, ST_Multi(ST_MakeEnvelope(CASE a.name WHEN '和平第一网格' THEN 116.322 ELSE 116.330 END, 39.902,
                                                                 CASE a.name WHEN '和平第一网格' THEN 116.330 ELSE 116.338 END, 39.918, 4326)))
            """));
        Assert.Equal(0, await page.EvaluateAsync<int>("gridmap.boundaries.edited().length"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_vertex_dragged_to_open_a_gap_is_refused_drawn_on_the_map_and_listed_and_nothing_is_written()
    {
        var page = await OpenAsync();
        await OpenBoundariesAsync(page, 116.310, 39.910);

        // 东风第一网格's south-west corner (the community's, shared with no other grid) pulled inwards
        // leaves a wedge of the community uncovered.
        await EditGridAtAsync(page, 116.306, 39.910);
        await DragAsync(page, (116.302, 39.902), (116.304, 39.906));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存全部边界" }).ClickAsync();

        await Expect(page.Locator("#boundary-refused")).ToBeVisibleAsync();
        await Expect(page.Locator("#boundary-refused-title")).ToContainTextAsync("均未写入");
        await Expect(page.Locator("#conflicts li")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#conflicts li").First).ToContainTextAsync("东风");
        Assert.True(await page.EvaluateAsync<int>("gridmap.boundaries.conflicts()") > 0);
        // The conflict drawn covers the wedge: a point in it, inside no grid now, is painted magenta-red.
        var pixel = await MapPage.CanvasPixelAsync(page, 116.3025, 39.9035);
        Assert.True(pixel[3] > 0 && pixel[0] > pixel[1] + 60 && pixel[0] > pixel[2], $"the wedge is painted {string.Join(",", pixel)}");

        Assert.True(await ScalarAsync<bool>("SELECT ST_Equals(boundary, ST_Multi(ST_MakeEnvelope(116.302, 39.902, 116.310, 39.918, 4326))) FROM areas WHERE name = '东风第一网格'"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM area_versions v JOIN areas a ON a.id = v.area_id WHERE a.name LIKE '东风%'"));
    }

    [Fact]
    public async Task A_household_renamed_and_dragged_is_saved_as_one_edit_recorded_under_the_user()
    {
        var page = await OpenAsync();
        var errors = PageChecks.Errors(page);
        await FindAsync(page, Household, "王建国");
        await Expect(page.Locator("#form-title")).ToHaveTextAsync($"编辑：{Household}");
        await MapPage.ZoomToAsync(page, HouseholdAt.Lon, HouseholdAt.Lat, 17);
        await Expect(page.GetByLabel("名称", new() { Exact = true })).ToHaveValueAsync(Household);

        await page.GetByLabel("名称", new() { Exact = true }).FillAsync("王建国家（迁）");
        (double Lon, double Lat) to = (116.3045, 39.9038);
        await DragAsync(page, HouseholdAt, to);
        await Expect(page.GetByLabel("经度", new() { Exact = true })).Not.ToHaveValueAsync("116.3035");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.Locator("#form-done")).ToHaveTextAsync("已保存");

        var id = await ScalarAsync<long>("SELECT id FROM households WHERE name = '王建国家（迁）'");
        Assert.True(await ScalarAsync<double>("SELECT ST_Distance(location::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) FROM households WHERE id = $3",
            to.Lon, to.Lat, id) < 5);
        Assert.Equal("admin|edit|王建国家|王建国家（迁）|true", await ScalarAsync<string>("""
            SELECT actor || '|' || reason || '|' || (before->>'name') || '|' || (after->>'name') || '|' || (before->>'location' IS DISTINCT FROM after->>'location')
            FROM data_changes WHERE entity = 'household' AND entity_id = $1 ORDER BY id DESC LIMIT 1
            """, id));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM data_changes WHERE entity = 'household' AND entity_id = $1 AND actor = 'admin'", id));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_edit_of_a_household_someone_else_changed_meanwhile_is_refused_and_offers_to_reload()
    {
        var page = await OpenAsync();
        await FindAsync(page, "住户7");
        await Expect(page.GetByLabel("名称", new() { Exact = true })).ToHaveValueAsync("住户7");

        // Someone else adds a member while the form is open.
        var members = await ScalarAsync<int>("UPDATE households SET members = members + 1 WHERE name = '住户7' RETURNING members");
        await page.GetByLabel("电话", new() { Exact = true }).FillAsync("13700000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();

        await Expect(page.Locator("#stale")).ToBeVisibleAsync();
        await Expect(page.Locator("#stale")).ToContainTextAsync("这条记录已被他人修改");
        Assert.NotEqual("13700000000", await ScalarAsync<string>("SELECT phone FROM households WHERE name = '住户7'"));

        await page.GetByRole(AriaRole.Button, new() { Name = "重新载入" }).ClickAsync();
        await Expect(page.Locator("#stale")).ToBeHiddenAsync();
        await Expect(page.GetByLabel("家庭成员", new() { Exact = true })).ToHaveValueAsync(members.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_found_records_form_stays_put_while_the_map_reads_the_records_around_it()
    {
        var page = await OpenAsync();
        await Expect(page.Locator("#zoom-in")).ToBeVisibleAsync();
        await FindAsync(page, "住户6");
        var opened = await page.Locator("#save").BoundingBoxAsync();

        // The map went to the record and reads the records in view: the hint to zoom in goes, the pins come.
        await Expect(page.Locator("#zoom-in")).ToBeHiddenAsync();
        await page.WaitForFunctionAsync("() => gridmap.pins().length > 1");
        var read = await page.Locator("#save").BoundingBoxAsync();
        Assert.Equal((opened!.X, opened.Y), (read!.X, read.Y));
    }

    [Fact]
    public async Task Each_problem_of_a_refused_edit_is_shown_next_to_the_field_it_names_in_either_language()
    {
        var page = await OpenAsync();
        await FindAsync(page, "住户8");
        await page.GetByLabel("名称", new() { Exact = true }).FillAsync("");
        await page.GetByLabel("家庭成员", new() { Exact = true }).FillAsync("99");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();

        await Expect(page.Locator("#field-name-problem")).ToContainTextAsync("name is required");
        await Expect(page.Locator("#field-members-problem")).ToContainTextAsync("members must be a whole number from 1 to 50");
        await Expect(page.GetByLabel("名称", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#field-phone-problem")).ToBeHiddenAsync();
        Assert.Equal("住户8", await ScalarAsync<string>("SELECT name FROM households WHERE name = '住户8'"));

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Party-member households" })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Members", new() { Exact = true })).ToHaveValueAsync("99");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_layer_comparison_colours_each_party_grid_by_the_share_PostGIS_finds_covered_by_one_governance_grid()
    {
        var page = await OpenAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "一张网比对" }).CheckAsync();
        await Expect(page.Locator("#report-summary")).ToHaveTextAsync(new Regex("^共 4 个网格"));

        // Independently: the largest share of each party grid one governance grid covers, as PostGIS measures it.
        var expected = new Dictionary<string, string>();
        await using (var conn = new NpgsqlConnection(site.Database.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT p.id, coalesce(max(ST_Area(ST_Intersection(p.boundary, g.boundary)::geography) / ST_Area(p.boundary::geography)), 0)
                FROM areas p LEFT JOIN areas g ON g.level = 'grid' AND g.layer = 'governance' AND ST_Intersects(p.boundary, g.boundary)
                WHERE p.level = 'grid' AND p.layer = 'party' GROUP BY p.id
                """, conn);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                // No governance grid here is drawn as a party grid is (the one there spans two), so none is "matched".
                expected[r.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture)] = r.GetDouble(1) switch
                {
                    < 1e-6 => "none", < 0.25 => "little", < 0.75 => "part", _ => "most",
                };
        }
        var shown = await page.Locator("#report-list li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.gridId + '=' + li.dataset.class)");
        Assert.Equal(expected.Select(e => $"{e.Key}={e.Value}").Order(), shown.Order());
        Assert.Equal("/api/areas/layer-report.csv?layer=party&against=governance", new Uri(await page.Locator("#report-csv").EvaluateAsync<string>("a => a.href")).PathAndQuery);
    }

    /// <summary>The households PostGIS finds in the map's view now, by id.</summary>
    async Task<long[]> HouseholdsInViewAsync(IPage page)
    {
        var b = await page.EvaluateAsync<double[]>("() => { const b = gridmap.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        return [.. await site.ColumnAsync<long>("SELECT id FROM households WHERE location && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY id", b[0], b[1], b[2], b[3])];
    }

    /// <summary>Waits until the page's pins are exactly <paramref name="ids"/> (the page reads the view after the map has been still a moment).</summary>
    static Task PinsAreAsync(IPage page, IEnumerable<long> ids) =>
        page.WaitForFunctionAsync("ids => JSON.stringify(gridmap.pins().sort((a, b) => a - b)) === JSON.stringify(ids)", ids.Order().ToArray());

    [Fact]
    public async Task Records_are_read_for_the_view_only_and_below_the_minimum_zoom_the_page_asks_to_zoom_in()
    {
        var page = await OpenAsync();
        var errors = PageChecks.Errors(page);
        var lists = new List<string>();
        page.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath.TrimEnd('/') == "/api/households") lists.Add(new Uri(request.Url).Query); };

        await MapPage.ZoomToAsync(page, 116.320, 39.910, 14);
        await Expect(page.Locator("#zoom-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#zoom-in")).ToHaveTextAsync("放大地图以查看和编辑记录（也可按名称或编号查找）");
        await PinsAreAsync(page, []);

        await MapPage.ZoomToAsync(page, 116.308, 39.905, 17);
        var dongfeng = await HouseholdsInViewAsync(page);
        Assert.InRange(dongfeng.Length, 1, Households - 1);
        await PinsAreAsync(page, dongfeng);
        await Expect(page.Locator("#zoom-in")).ToBeHiddenAsync();

        await MapPage.ZoomToAsync(page, 116.328, 39.905, 17);
        var heping = await HouseholdsInViewAsync(page);
        Assert.NotEmpty(heping);
        Assert.Empty(heping.Intersect(dongfeng));
        await PinsAreAsync(page, heping);

        // Every read of the list was bounded by the view (or named what it wanted): none read the area whole.
        Assert.NotEmpty(lists);
        Assert.All(lists, query => Assert.Matches(@"[?&](bbox|q|ids)=", query));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_search_finds_a_record_beyond_the_view_and_its_pin_stays_while_the_view_moves_away()
    {
        var page = await OpenAsync();
        var errors = PageChecks.Errors(page);
        await MapPage.ZoomToAsync(page, 116.328, 39.905, 17);
        await PinsAreAsync(page, await HouseholdsInViewAsync(page));

        // 住户3 lies in 东风社区, far outside this view: the server finds it.
        await FindAsync(page, "住户3");
        await Expect(page.Locator("#form-title")).ToHaveTextAsync("编辑：住户3");
        var id = await ScalarAsync<long>("SELECT id FROM households WHERE name = '住户3'");

        // Back to 和平社区: the pins of that view, and the one in the form besides, marked as selected.
        await MapPage.ZoomToAsync(page, 116.328, 39.905, 17);
        var heping = await HouseholdsInViewAsync(page);
        Assert.DoesNotContain(id, heping);
        await PinsAreAsync(page, [.. heping, id]);
        await Expect(page.Locator(".leaflet-marker-icon.is-selected")).ToHaveCountAsync(1);
        await Expect(page.Locator(".leaflet-marker-icon.is-selected")).ToHaveAttributeAsync("title", "住户3");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Retiring_asks_first_in_a_dialog_naming_the_record_and_only_the_confirmation_retires_it()
    {
        var page = await OpenAsync();
        await FindAsync(page, "住户9");
        await Expect(page.Locator("#form-title")).ToHaveTextAsync("编辑：住户9");
        var id = await ScalarAsync<long>("SELECT id FROM households WHERE name = '住户9'");

        await page.GetByRole(AriaRole.Button, new() { Name = "退出（注销）" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync($"“住户9”（编号 {id}）退出党员户");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "取消" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM households WHERE id = $1", id));

        // By keyboard: from 取消 back to the confirmation, then Enter.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出（注销）" }).ClickAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "退出（注销）" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#status")).ToHaveTextAsync("已退出");
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM households WHERE id = $1", id));
        Assert.Equal("admin|edit|true", await ScalarAsync<string>("""
            SELECT actor || '|' || reason || '|' || (after IS NULL) FROM data_changes WHERE entity = 'household' AND entity_id = $1 ORDER BY id DESC LIMIT 1
            """, id));
    }

    [Fact]
    public async Task A_staff_member_never_located_is_found_by_search_and_placed_by_a_click_on_the_map()
    {
        var id = await ScalarAsync<long>("""
            INSERT INTO staff (name, role, home_grid_id) VALUES ('钱未定', 'grid_worker', (SELECT id FROM areas WHERE layer = 'party' AND code = '110199002001001')) RETURNING id
            """);
        var page = await OpenAsync();
        var errors = PageChecks.Errors(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "网格员" }).CheckAsync();
        await page.GetByLabel("按名称或编号查找").FillAsync("钱未定");
        await page.GetByRole(AriaRole.Button, new() { Name = $"钱未定 · {id} （无位置）" }).ClickAsync();
        await Expect(page.Locator("#form-title")).ToHaveTextAsync("编辑：钱未定");

        await page.GetByRole(AriaRole.Button, new() { Name = "在地图上设定位置" }).ClickAsync();
        await Expect(page.Locator("#locating")).ToBeVisibleAsync();
        await MapPage.ZoomToAsync(page, 116.326, 39.910, 17);
        await MapPage.ClickAtAsync(page, 116.326, 39.910);
        await Expect(page.Locator("#form-done")).ToHaveTextAsync("位置已设定");

        Assert.True(await ScalarAsync<double>("SELECT ST_Distance(location::geography, ST_SetSRID(ST_MakePoint(116.326, 39.910), 4326)::geography) FROM staff WHERE id = $1", id) < 5);
        await page.WaitForFunctionAsync("id => gridmap.pins().includes(id)", id);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_page_offers_a_grid_leader_its_records_but_not_the_boundaries_and_a_planner_never()
    {
        var page = await OpenAsync(Leader);
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "党员户" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "网格边界", IncludeHidden = true })).ToBeHiddenAsync();
        await Expect(page.Locator("nav.pages a[aria-current='page']")).ToHaveTextAsync("编辑");

        var planner = await site.NewPageAsync(Planner);
        await planner.GotoAsync(site.BaseUrl + "/edit.html");
        await Expect(planner).ToHaveURLAsync(site.BaseUrl + "/planner.html", MapPage.Navigated);
    }
}
