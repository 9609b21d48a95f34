using System.Net.Http.Json;

namespace GridMap.Browser.Tests;

/// <summary>
/// <see cref="KnownTerritory"/> with cases of the last three weeks in every grid (closed on time,
/// closed late, open past the deadline, reworked, extended), three of them within 20 m of each other
/// in 和平第一网格 (a recurring spot), and two micro-grids splitting 和平第一网格 north and south.
/// </summary>
public class KpiSite : MapSite
{
    /// <summary>The recurring spot's centre case, in 和平第一网格.</summary>
    public static readonly (double Lon, double Lat) Spot = (116.326, 39.910);

    protected override string SeedSql => KnownTerritory.Sql + """
        INSERT INTO areas (level, layer, code, name, parent_id, boundary) VALUES
            ('micro_grid', 'party', '110199002001001001', '和平第一网格北', (SELECT id FROM areas WHERE code = '110199002001001' AND layer = 'party'),
             ST_Multi(ST_MakeEnvelope(116.322, 39.910, 116.330, 39.918, 4326))),
            ('micro_grid', 'party', '110199002001001002', '和平第一网格南', (SELECT id FROM areas WHERE code = '110199002001001' AND layer = 'party'),
             ST_Multi(ST_MakeEnvelope(116.322, 39.902, 116.330, 39.910, 4326)));
        INSERT INTO cases (category_code, description, status, location, grid_id, community_id, street_id, district_id,
                           reported_at, handling_due, feedback_at, rework_count, extension_granted_hours)
        SELECT v.category, 'kpi page', v.status, p.g, a.grid_id, a.community_id, a.street_id, a.district_id,
               now() - v.age, now() - v.age + interval '1 day', now() - v.age + v.feedback, v.rework, v.extended
        FROM (VALUES
            (116.3262, 39.9102, 'closed',      interval '2 days',  interval '20 hours', 0, 0, 'environmental_sanitation'),
            (116.3261, 39.9101, 'closed',      interval '9 days',  interval '30 hours', 1, 0, 'environmental_sanitation'),
            (116.3260, 39.9100, 'in_progress', interval '16 days', NULL,                0, 8, 'dispute_mediation'),
            (116.3340, 39.9050, 'closed',      interval '3 days',  interval '2 hours',  0, 0, 'environmental_sanitation'),
            (116.3345, 39.9150, 'closed',      interval '10 days', interval '2 hours',  0, 0, 'dispute_mediation'),
            (116.3050, 39.9100, 'closed',      interval '4 days',  interval '26 hours', 0, 8, 'environmental_sanitation'),
            (116.3150, 39.9100, 'in_progress', interval '5 days',  NULL,                1, 0, 'environmental_sanitation')
        ) AS v (lon, lat, status, age, feedback, rework, extended, category),
        LATERAL (SELECT ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326) AS g) p,
        LATERAL area_chain_at(p.g) a;
        """;

    public async Task<T> ScalarAsync<T>(string sql) => (await ColumnAsync<T>(sql)).Single();

    public async Task<List<T>> ColumnAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var values = new List<T>();
        while (await r.ReadAsync()) values.Add(r.GetFieldValue<T>(0));
        return values;
    }
}

/// <summary>kpi.html: drill-down street → community → grid with its charts, each figure the API's; hot spots; micro-grids.</summary>
public class KpiPageTests(KpiSite site) : IClassFixture<KpiSite>
{
    /// <summary>The page at kpi.html (of an area), once its figures and hot spots are drawn.</summary>
    async Task<IPage> OpenAsync(string query = "", string user = KnownTerritory.Admin)
    {
        var page = await site.NewPageAsync(user);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        // What the page asks for at once (figures by four groupings, heat, spots) takes a busy
        // machine a while: wait for the drawn figures, not for the load event.
        await page.GotoAsync($"{site.BaseUrl}/kpi.html{query}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("#figures[aria-busy='false']")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        Assert.Empty(errors);
        return page;
    }

    static Task ShownAsync(IPage page, long areaId) =>
        Assertions.Expect(page.Locator($"#figures[data-area='{areaId}'][aria-busy='false']")).ToHaveCountAsync(1);

    /// <summary>/api/kpis as the admin asks it, for the page's area and period (read from its address).</summary>
    async Task<JsonElement> ApiAsync(IPage page, long areaId, string by)
    {
        var asked = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        var to = DateTime.ParseExact(asked["to"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var http = site.ClientFor(KnownTerritory.Admin);
        return await http.GetFromJsonAsync<JsonElement>(
            $"/api/kpis?areaId={areaId}&by={by}&from={asked["from"]}T00:00:00%2B08:00&to={to}T00:00:00%2B08:00");
    }

    static string Percent(JsonElement rate) => rate.ValueKind == JsonValueKind.Null ? "—"
        : (Math.Round(rate.GetDouble() * 100, 1, MidpointRounding.AwayFromZero)).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    static readonly string[] Rates = ["closureRate", "onTimeClosureRate", "reworkRate", "extensionRate"];

    /// <summary>Each row of the table: name, due, closed, the four rates, overdue open, as the API has them.</summary>
    static IEnumerable<string[]> Rows(JsonElement report) => report.GetProperty("groups").EnumerateArray().Select(g =>
    {
        var f = g.GetProperty("figures");
        return new[] { g.GetProperty("name").GetString()!, f.GetProperty("due").ToString(), f.GetProperty("closed").ToString() }
            .Concat(Rates.Select(r => Percent(f.GetProperty(r)))).Append(f.GetProperty("overdueOpen").ToString()).ToArray();
    });

    static async Task<List<string[]>> TableAsync(IPage page, string table) =>
        [.. (await page.EvaluateAsync<string[][]>(
            $"() => [...document.querySelectorAll('#{table} tbody tr')].map(r => [...r.cells].map(c => c.textContent.trim()))"))];

    async Task AssertFiguresAsync(IPage page, long areaId)
    {
        var byArea = await ApiAsync(page, areaId, "area");
        var total = byArea.GetProperty("total");
        await Assertions.Expect(page.Locator("#totals [data-kpi='due'] strong")).ToHaveTextAsync(total.GetProperty("due").ToString());
        foreach (var rate in Rates)
            await Assertions.Expect(page.Locator($"#totals [data-kpi='{rate}'] strong")).ToHaveTextAsync(Percent(total.GetProperty(rate)));
        var weeks = await ApiAsync(page, areaId, "week");
        Assert.Equal(Rows(weeks), await TableAsync(page, "weeks-table"));
        // The trend chart holds the table's weeks, its rates in per cent.
        Assert.Equal(weeks.GetProperty("groups").GetArrayLength(), await page.EvaluateAsync<int>("gridmap.charts['weeks-chart'].data.labels.length"));
        Assert.Equal(Rows(await ApiAsync(page, areaId, "category")).Select(r => r[1..]), (await TableAsync(page, "categories-table")).Select(r => r[1..]));
    }

    async Task<long> IdAsync(string name) => await site.ScalarAsync<long>($"SELECT id FROM areas WHERE name = '{name}'");

    [Fact]
    public async Task Kpi_page_drills_down_from_district_through_street_and_community_to_grid_with_the_APIs_figures()
    {
        var page = await OpenAsync();
        var district = await IdAsync(KnownTerritory.District);
        await ShownAsync(page, district);
        await AssertFiguresAsync(page, district);
        Assert.Equal(Rows(await ApiAsync(page, district, "area")), await TableAsync(page, "areas-table"));
        Assert.Equal(2, await page.EvaluateAsync<int>("gridmap.charts['areas-chart'].data.labels.length"));

        // A row's name goes one level down: the street, its communities.
        await page.Locator("#areas-table").GetByRole(AriaRole.Button, new() { Name = KnownTerritory.HepingStreet }).ClickAsync();
        var street = await IdAsync(KnownTerritory.HepingStreet);
        await ShownAsync(page, street);
        await AssertFiguresAsync(page, street);
        Assert.Equal(Rows(await ApiAsync(page, street, "area")), await TableAsync(page, "areas-table"));

        await page.Locator("#areas-table").GetByRole(AriaRole.Button, new() { Name = KnownTerritory.HepingCommunity }).ClickAsync();
        var community = await IdAsync(KnownTerritory.HepingCommunity);
        await ShownAsync(page, community);
        var grids = await ApiAsync(page, community, "area");
        Assert.Equal(Rows(grids), await TableAsync(page, "areas-table"));

        // A bar goes one level down too: 和平第一网格's, clicked where Chart.js drew it.
        var index = grids.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).ToList().IndexOf(KnownTerritory.HepingFirstGrid);
        var bar = await page.EvaluateAsync<double[]>($"() => {{ const b = gridmap.charts['areas-chart'].getDatasetMeta(0).data[{index}]; return [b.x, (b.y + b.base) / 2]; }}");
        await page.Locator("#areas-chart").ClickAsync(new() { Position = new() { X = (float)bar[0], Y = (float)bar[1] } });
        var grid = await IdAsync(KnownTerritory.HepingFirstGrid);
        await ShownAsync(page, grid);
        await AssertFiguresAsync(page, grid);
        Assert.Equal([KnownTerritory.District, KnownTerritory.HepingStreet, KnownTerritory.HepingCommunity, KnownTerritory.HepingFirstGrid],
            await page.Locator("#crumbs li").AllInnerTextsAsync());
        await Assertions.Expect(page.Locator("#areas-section")).ToBeHiddenAsync();

        // The breadcrumb goes back, by keyboard too.
        await page.Locator("#crumbs").GetByRole(AriaRole.Button, new() { Name = KnownTerritory.HepingStreet }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await ShownAsync(page, street);
        Assert.Equal([KnownTerritory.District, KnownTerritory.HepingStreet], await page.Locator("#crumbs li").AllInnerTextsAsync());
    }

    [Fact]
    public async Task Kpi_page_downloads_the_CSV_of_the_areas_it_shows()
    {
        var street = await IdAsync(KnownTerritory.HepingStreet);
        var page = await OpenAsync($"?area={street}");
        await ShownAsync(page, street);
        var href = await page.Locator("#csv").GetAttributeAsync("href");
        Assert.Matches(new Regex($"^/api/export/kpis\\.csv\\?areaId={street}&from=.+&to=.+&by=area$"), href);
        var csv = await (await page.Context.APIRequest.GetAsync(site.BaseUrl + href)).TextAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank,areaId,level,code,name,due,closed", lines[0]);
        Assert.Equal((await TableAsync(page, "areas-table")).Select(r => r[0]), lines.Skip(1).Select(l => l.Split(',')[4]));
    }

    [Fact]
    public async Task Kpi_page_shows_the_Heat_layer_and_the_Recurring_spot_which_zooms_the_map_to_itself()
    {
        var page = await OpenAsync();
        await Assertions.Expect(page.Locator(".leaflet-heatmap-layer")).ToHaveCountAsync(1);
        var cases = await site.ScalarAsync<long>("SELECT count(*) FROM cases WHERE reported_at >= now() - interval '84 days'");
        Assert.Equal(cases, await page.EvaluateAsync<long>("gridmap.hot.heat.cases"));
        var spots = page.Locator("#recurring li button");
        await Assertions.Expect(spots).ToHaveCountAsync(1);
        await Assertions.Expect(spots.First).ToHaveTextAsync("第1处：3 件");
        await spots.First.ClickAsync();
        Assert.Equal(18, await page.EvaluateAsync<int>("gridmap.map.getZoom()"));
        var centre = await page.EvaluateAsync<double[]>("() => { const c = gridmap.map.getCenter(); return [c.lng, c.lat]; }");
        Assert.Equal(KpiSite.Spot.Lon, centre[0], 0.0005);
        Assert.Equal(KpiSite.Spot.Lat, centre[1], 0.0005);
        await Assertions.Expect(page.Locator(".spot-popup")).ToBeVisibleAsync();

        // Without the heat map, the layer goes; the category narrows the spots (two of the three are sanitation).
        await page.Locator("#heat-on").UncheckAsync();
        await Assertions.Expect(page.Locator(".leaflet-heatmap-layer")).ToHaveCountAsync(0);
        await page.Locator("#hot-category").SelectOptionAsync("dispute_mediation");
        await Assertions.Expect(page.Locator("#recurring li")).ToHaveTextAsync("暂无反复发生点位");
    }

    [Fact]
    public async Task Kpi_page_draws_the_MicroGrids_of_the_grid_chosen()
    {
        var grid = await IdAsync(KnownTerritory.HepingFirstGrid);
        var page = await OpenAsync($"?area={grid}");
        await ShownAsync(page, grid);
        var micro = await site.ColumnAsync<long>("SELECT id FROM areas WHERE level = 'micro_grid' ORDER BY id");
        Assert.Equal(micro, (await page.EvaluateAsync<long[]>("gridmap.micro.shown")).Order());
        // A micro-grid is an area like any other: its figures are its cases'.
        var north = await IdAsync("和平第一网格北");
        var page2 = await OpenAsync($"?area={north}");
        await ShownAsync(page2, north);
        await Assertions.Expect(page2.Locator("#totals [data-kpi='due'] strong")).ToHaveTextAsync((await ApiAsync(page2, north, "area")).GetProperty("total").GetProperty("due").ToString());
        Assert.Equal([KnownTerritory.District, KnownTerritory.HepingStreet, KnownTerritory.HepingCommunity, KnownTerritory.HepingFirstGrid, "和平第一网格北"],
            await page2.Locator("#crumbs li").AllInnerTextsAsync());
    }

    [Fact]
    public async Task Kpi_page_speaks_English_and_a_planner_sees_no_people_and_no_case_spots()
    {
        var page = await OpenAsync("", KnownTerritory.Planner);
        await Assertions.Expect(page.Locator("#people-section")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#recurring-section")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        Assert.Equal("Evaluation · GridMap", await page.TitleAsync());
        await Assertions.Expect(page.Locator("#weeks-title")).ToHaveTextAsync("Weekly trend");
        await Assertions.Expect(page.Locator("#areas-table thead th").Nth(3)).ToHaveTextAsync("Closure rate");
        // Every control has a name a screen reader reads.
        foreach (var control in new[] { "#from", "#to", "#hot-category", "#heat-on" })
            Assert.False(string.IsNullOrWhiteSpace(await page.Locator(control).EvaluateAsync<string>("e => e.labels[0]?.textContent")), control);
    }
}
