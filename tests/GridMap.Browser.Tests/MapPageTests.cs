namespace GridMap.Browser.Tests;

public class MapPageTests(MapSite site) : IClassFixture<MapSite>
{

    [Fact]
    public async Task Map_page_draws_grid_polygons_household_clusters_and_station_circles()
    {
        var page = await site.OpenAsync();

        Assert.Equal("网格地图", await page.TitleAsync());
        // Painted on the canvas: green (the grid's fill) inside a grid, nothing outside the district.
        var inGrid = await MapPage.CanvasPixelAsync(page, InsideHepingFirstGrid.Lon, InsideHepingFirstGrid.Lat);
        Assert.True(inGrid[3] > 0 && inGrid[1] > inGrid[0] && inGrid[1] > inGrid[2], $"RGBA in the grid: {string.Join(",", inGrid)}");
        Assert.Equal(0, (await MapPage.CanvasPixelAsync(page, WestOfDistrict.Lon, WestOfDistrict.Lat))[3]);

        var counts = await MapPage.CountsAsync(page);
        Assert.Equal(Districts, counts["district"]);
        Assert.Equal(Streets, counts["street"]);
        Assert.Equal(Communities, counts["community"]);
        Assert.Equal(PartyGrids, counts["grid"]); // the governance grid is another layer
        Assert.Equal(Households, counts["households"]);
        Assert.Equal(Stations, counts["stations"]);

        // Every household is on screen, either as its own pin or counted in a cluster.
        var clusters = await page.Locator(".leaflet-marker-pane .marker-cluster").AllInnerTextsAsync();
        Assert.NotEmpty(clusters);
        var singles = await page.Locator(".leaflet-marker-pane .hh-pin").CountAsync();
        Assert.Equal(Households, clusters.Sum(int.Parse) + singles);

        Assert.Equal(Stations, await page.Locator(".leaflet-marker-pane .station-pin").CountAsync());
        // One service-radius circle per station, in metres as given.
        var radii = await page.EvaluateAsync<double[]>(
            "() => { const r = []; gridmap.map.eachLayer(l => { if (l instanceof L.Circle) r.push(l.getRadius()); }); return r.sort((a, b) => a - b); }");
        Assert.Equal([300.0, 500.0, 1000.0], radii);

        var legend = Text(await page.Locator(".legend").InnerTextAsync());
        foreach (var label in new[] { "图例", "区", "街道", "社区", "网格", "党员示范户", "党员引领户", "致富示范户", "文明示范户", "党员户", "服务半径" })
            Assert.Contains(label, legend);
        var layerControl = Text(await page.Locator(".leaflet-control-layers").InnerTextAsync());
        Assert.Contains("党建网格", layerControl);
        Assert.Contains("网格员与下沉党员", layerControl);

        await page.ScreenshotAsync(new() { Path = "/tmp/gridmap-map.png" });
    }

    [Fact]
    public async Task Map_page_loads_without_errors_or_failed_requests()
    {
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page);

        await page.GotoAsync(site.BaseUrl + "/");
        await MapPage.WaitUntilReadyAsync(page);

        Assert.Empty(errors);
        Assert.Equal("", await page.Locator("#status").InnerTextAsync());
    }

    [Fact]
    public async Task Map_opens_fitted_to_the_district()
    {
        var page = await site.OpenAsync();
        var size = await page.Locator("#map").BoundingBoxAsync();
        var (left, top) = await MapPage.PointOfAsync(page, DistrictBounds.MinLon, DistrictBounds.MaxLat);
        var (right, bottom) = await MapPage.PointOfAsync(page, DistrictBounds.MaxLon, DistrictBounds.MinLat);

        Assert.InRange(left, 0, size!.Width);
        Assert.InRange(right, 0, size.Width);
        Assert.InRange(top, 0, size.Height);
        Assert.InRange(bottom, 0, size.Height);
        // Fitted, not merely visible: one zoom step more (twice the size) would no longer fit
        // inside the map less its 24 px padding on each side.
        Assert.True(2 * (right - left) > size.Width - 48 || 2 * (bottom - top) > size.Height - 48,
            $"district spans {right - left:F0}×{bottom - top:F0} px of {size.Width}×{size.Height}");
    }

    [Fact]
    public async Task Clicking_inside_a_grid_shows_its_chain_grid_community_street_district()
    {
        var page = await site.OpenAsync();

        await MapPage.ClickAtAsync(page, InsideHepingFirstGrid.Lon, InsideHepingFirstGrid.Lat);

        var chain = page.Locator(".leaflet-popup-content .chain");
        await Assertions.Expect(chain).ToHaveTextAsync(
            $"网格 {HepingFirstGrid} → 社区 {HepingCommunity} → 街道 {HepingStreet} → 区 {District}");
    }

    [Fact]
    public async Task Clicking_outside_the_district_says_not_inside_any_area()
    {
        var page = await site.OpenAsync();
        var (x, _) = await MapPage.PointOfAsync(page, WestOfDistrict.Lon, WestOfDistrict.Lat);
        Assert.True(x > 0, "the point west of the district must be on screen for this test");

        await MapPage.ClickAtAsync(page, WestOfDistrict.Lon, WestOfDistrict.Lat);

        await Assertions.Expect(page.Locator(".leaflet-popup-content")).ToHaveTextAsync("不在任何区域内");
    }

    [Fact]
    public async Task Household_pin_shows_its_badge_name_kind_members_phone_and_service_record()
    {
        var page = await site.OpenAsync();
        await MapPage.ZoomToAsync(page, HouseholdAt.Lon, HouseholdAt.Lat, 18);

        await page.Locator($".leaflet-marker-pane .hh-pin[title='{Household}']").ClickAsync();

        var popup = page.Locator(".leaflet-popup-content .household-popup");
        await Assertions.Expect(popup).ToContainTextAsync(Household);
        // The service record is read once the popup is open (the admin may see it); no member is registered from this household.
        await Assertions.Expect(popup.Locator(".visits-received")).ToHaveCountAsync(1);
        Assert.Equal($"{Household} 亮身份 · 党员示范户 类型 党员示范户 家庭成员 4 人 电话 13800138000 服务记录 近90天受访 0 次", Text(await popup.InnerTextAsync()));
    }

    [Fact]
    public async Task Station_pin_shows_level_hours_services_and_radius()
    {
        var page = await site.OpenAsync();

        await page.Locator($".leaflet-marker-pane .station-pin[title='{DistrictCentre}']").ClickAsync();

        var popup = page.Locator(".leaflet-popup-content .station-popup");
        await Assertions.Expect(popup).ToContainTextAsync(DistrictCentre);
        Assert.Equal(
            $"{DistrictCentre} 级别 区级党群服务中心 状态 运行中 开放时间 周一至周日 8:30-20:00 服务项目 政务服务、党员教育、志愿服务 服务半径 1000 米",
            Text(await popup.InnerTextAsync()));
    }

    [Fact]
    public async Task Staff_layer_is_off_until_switched_on_and_then_shows_each_person()
    {
        var page = await site.OpenAsync();
        const string drawnPeople =
            "() => { let n = 0; gridmap.map.eachLayer(l => { if (l instanceof L.CircleMarker && !(l instanceof L.Circle)) n++; }); return n; }";
        Assert.Equal(StaffWithLocation, (await MapPage.CountsAsync(page))["staff"]);
        Assert.Equal(0, await page.EvaluateAsync<int>(drawnPeople));

        await page.Locator(".leaflet-control-layers label", new() { HasText = "网格员与下沉党员" }).ClickAsync();
        Assert.Equal(StaffWithLocation, await page.EvaluateAsync<int>(drawnPeople));

        // A click on a person opens their popup, not the locate chain of the grid beneath.
        await MapPage.ClickAtAsync(page, GridLeaderAt.Lon, GridLeaderAt.Lat);
        var popup = page.Locator(".leaflet-popup-content .staff-popup");
        await Assertions.Expect(popup).ToContainTextAsync(GridLeader);
        var text = Text(await popup.InnerTextAsync());
        Assert.StartsWith($"{GridLeader} 身份 网格长 状态 在岗 电话 13900001111 定位时间", text);
    }

    [Fact]
    public async Task Language_switch_turns_labels_to_English_and_is_remembered()
    {
        var page = await site.OpenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        Assert.Equal("GridMap", await page.TitleAsync());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("GridMap");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "中文" })).ToBeVisibleAsync();
        var legend = Text(await page.Locator(".legend").InnerTextAsync());
        foreach (var label in new[] { "Legend", "District", "Street", "Community", "Grid", "Party-member demonstration household", "Service radius" })
            Assert.Contains(label, legend);
        Assert.DoesNotContain("图例", legend);
        Assert.Contains("Party-building grids", await page.Locator(".leaflet-control-layers").InnerTextAsync());

        await MapPage.ClickAtAsync(page, InsideHepingFirstGrid.Lon, InsideHepingFirstGrid.Lat);
        await Assertions.Expect(page.Locator(".leaflet-popup-content .chain")).ToHaveTextAsync(
            $"Grid {HepingFirstGrid} → Community {HepingCommunity} → Street {HepingStreet} → District {District}");

        await page.ReloadAsync();
        await MapPage.WaitUntilReadyAsync(page);
        Assert.Equal("GridMap", await page.TitleAsync());
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
    }

    [Fact]
    public async Task Lang_parameter_opens_the_page_in_English()
    {
        var page = await site.OpenAsync("/?lang=en");

        Assert.Equal("GridMap", await page.TitleAsync());
        Assert.Contains("Legend", await page.Locator(".legend").InnerTextAsync());
    }

    [Fact]
    public async Task Every_Chinese_string_has_an_English_one()
    {
        var page = await site.OpenAsync();

        var missing = await page.EvaluateAsync<string[]>("""
            async () => {
              const { tables } = await import('/js/i18n.js');
              const zh = Object.keys(tables['zh-CN']), en = Object.keys(tables.en);
              return [...zh.filter(k => !en.includes(k)), ...en.filter(k => !zh.includes(k))];
            }
            """);

        Assert.Empty(missing);
    }
}
