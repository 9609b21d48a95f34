using System.Net;
using System.Net.Http.Json;

namespace GridMap.Browser.Tests;

/// <summary>
/// <see cref="KpiSite"/> (cases, 和平第一网格 split into two micro-grids) with 东风第一网格 split into
/// 20 × 30 micro-grids of 400 × 533 µ°: more than a page draws as outlines, so the district's come from tiles.
/// </summary>
public sealed class MicroGridsSite : KpiSite
{
    public const int DongfengMicroGrids = 600;

    protected override string SeedSql => base.SeedSql + """
        INSERT INTO areas (level, layer, code, name, parent_id, boundary)
        SELECT 'micro_grid', 'party', '110199001001001' || lpad(i::text, 3, '0'), '东风第一网格第' || i || '微网格',
               (SELECT id FROM areas WHERE code = '110199001001001' AND layer = 'party'),
               ST_Multi(ST_MakeEnvelope(116.302 + (i - 1) % 20 * 0.0004, 39.902 + (i - 1) / 20 * 0.016 / 30,
                                        116.302 + ((i - 1) % 20 + 1) * 0.0004, 39.902 + ((i - 1) / 20 + 1) * 0.016 / 30, 4326))
        FROM generate_series(1, 600) AS i;
        """;
}

/// <summary>
/// 指挥中心's overlays beside its cases: the micro-grids (微网格) of the watched area on the map and in
/// its area filter, and the heat layer of the cases the filters keep, switched in the layer control.
/// </summary>
public class CommandOverlaysTests(MicroGridsSite site) : IClassFixture<MicroGridsSite>
{
    async Task<(IPage Page, List<string> Errors)> OpenAsync(string areaName)
    {
        var area = await site.ScalarAsync<long>($"SELECT id FROM areas WHERE name = '{areaName}'");
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page);
        await page.GotoAsync($"{site.BaseUrl}/command.html?area={area}");
        await MapPage.WaitUntilReadyAsync(page);
        return (page, errors);
    }

    static async Task<long[]> ListedAsync(IPage page) =>
        [.. (await page.Locator("#case-list li[data-case-id]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.caseId)")).Select(long.Parse).Order()];

    [Fact]
    public async Task Command_centre_draws_its_areas_MicroGrids_and_lists_the_cases_of_the_one_chosen_in_the_area_filter()
    {
        var (page, errors) = await OpenAsync(KnownTerritory.HepingCommunity);
        var micro = await site.ColumnAsync<long>("SELECT id FROM areas WHERE level = 'micro_grid' AND name LIKE '和平第一网格%' ORDER BY id");
        await page.WaitForFunctionAsync("n => gridmap.micro.shown.length === n", micro.Count);
        Assert.Equal(micro, (await page.EvaluateAsync<long[]>("gridmap.micro.shown")).Order());
        Assert.False(await page.EvaluateAsync<bool>("gridmap.micro.tiled"));

        // Offered in the area filter after the community's grids, each named with its level.
        var north = await site.ScalarAsync<long>("SELECT id FROM areas WHERE name = '和平第一网格北'");
        await Expect(page.Locator($"#filter-area option[value='{north}']")).ToHaveTextAsync("和平第一网格北（微网格）");
        var options = await page.Locator("#filter-area option").AllInnerTextsAsync();
        Assert.True(options.ToList().IndexOf("和平第一网格北（微网格）") > options.ToList().IndexOf("和平第一网格（网格）"), string.Join(", ", options));

        // Chosen, it keeps the cases inside it, as PostGIS finds them (a point on its edge is inside).
        await page.SelectOptionAsync("#filter-status", "all");
        await page.SelectOptionAsync("#filter-area", north.ToString());
        var inside = await site.ColumnAsync<long>($"SELECT c.id FROM cases c, areas m WHERE m.id = {north} AND ST_Covers(m.boundary, c.location) ORDER BY c.id");
        Assert.NotEmpty(inside);
        await Expect(page.Locator("#case-count")).ToHaveTextAsync($"{inside.Count} 件");
        Assert.Equal(inside, await ListedAsync(page));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Command_centre_filtered_by_a_MicroGrid_lists_a_case_reported_live_inside_it_and_not_one_outside_it()
    {
        var (page, errors) = await OpenAsync(KnownTerritory.HepingCommunity);
        var north = await site.ScalarAsync<long>("SELECT id FROM areas WHERE name = '和平第一网格北'");
        await page.SelectOptionAsync("#filter-status", "all");
        await page.SelectOptionAsync("#filter-area", north.ToString());
        var inside = await site.ColumnAsync<long>($"SELECT c.id FROM cases c, areas m WHERE m.id = {north} AND ST_Covers(m.boundary, c.location) ORDER BY c.id");
        await Expect(page.Locator("#case-count")).ToHaveTextAsync($"{inside.Count} 件");

        // South of it first, then inside it: the push keeps their order, so once the second is listed the first was judged.
        using var http = site.ClientFor(KnownTerritory.Admin);
        async Task<long> ReportAsync(double lon, double lat)
        {
            var response = await http.PostAsJsonAsync("/api/cases", new { lon, lat, categoryCode = "environmental_sanitation", description = "垃圾堆放", reporter = "张三" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        var outside = await ReportAsync(116.326, 39.906);
        var added = await ReportAsync(116.326, 39.914);
        await Expect(page.Locator($"#case-list li[data-case-id='{added}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#case-count")).ToHaveTextAsync($"{inside.Count + 1} 件");
        var listed = await ListedAsync(page);
        Assert.Equal([.. inside, added], listed);
        Assert.DoesNotContain(outside, listed);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Command_centre_draws_a_district_of_many_MicroGrids_from_tiles_and_lists_none_of_them()
    {
        var district = await site.ScalarAsync<long>($"SELECT id FROM areas WHERE name = '{KnownTerritory.District}'");
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page);
        var tile = await page.RunAndWaitForResponseAsync(() => page.GotoAsync($"{site.BaseUrl}/command.html?area={district}"),
            response => response.Url.Contains("/tiles/areas-micro_grid-party/") && response.Status == 200);
        await MapPage.WaitUntilReadyAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("gridmap.micro.tiled"));
        Assert.Equal(0, await page.EvaluateAsync<int>("gridmap.micro.shown.length"));
        Assert.Equal(0, await page.Locator("#filter-area option", new() { HasTextString = "微网格" }).CountAsync());
        Assert.True(await site.ScalarAsync<long>("SELECT count(*) FROM areas WHERE level = 'micro_grid'") > 500);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Command_centre_heat_layer_is_switched_on_by_keyboard_and_weighs_the_cases_the_area_filter_keeps()
    {
        var (page, errors) = await OpenAsync(KnownTerritory.HepingCommunity);
        var community = await site.ScalarAsync<long>($"SELECT id FROM areas WHERE name = '{KnownTerritory.HepingCommunity}'");
        var heat = page.GetByRole(AriaRole.Checkbox, new() { Name = "案件热力图（近30天）" });
        await Expect(heat).Not.ToBeCheckedAsync();
        await Expect(page.Locator(".leaflet-heatmap-layer")).ToHaveCountAsync(0);
        await heat.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator(".leaflet-heatmap-layer")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("id => gridmap.heat.heat?.areaId === id", community);
        Assert.Equal(await site.ScalarAsync<long>($"""
            SELECT count(*) FROM cases WHERE community_id = {community} AND status <> 'voided' AND reported_at >= now() - interval '30 days'
            """), await page.EvaluateAsync<long>("gridmap.heat.heat.cases"));

        // The area filter narrows it to a micro-grid's cases.
        var north = await site.ScalarAsync<long>("SELECT id FROM areas WHERE name = '和平第一网格北'");
        await page.SelectOptionAsync("#filter-area", north.ToString());
        await page.WaitForFunctionAsync("id => gridmap.heat.heat?.areaId === id", north);
        Assert.Equal(await site.ScalarAsync<long>($"""
            SELECT count(*) FROM cases c, areas m WHERE m.id = {north} AND ST_Covers(m.boundary, c.location)
              AND c.status <> 'voided' AND c.reported_at >= now() - interval '30 days'
            """), await page.EvaluateAsync<long>("gridmap.heat.heat.cases"));

        // Off again, and both overlays named in English.
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator(".leaflet-heatmap-layer")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Case heat map (30 days)" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Micro-grids" })).ToBeCheckedAsync();
        Assert.Empty(errors);
    }
}
