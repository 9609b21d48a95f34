using GridMap.Core.Spatial;
using GridMap.Tests.Import;

namespace GridMap.Browser.Tests.Import;

/// <summary>
/// The import page (import.html) and the export links, in headless Chromium against the real
/// server on <see cref="KnownTerritory"/>: files chosen as a person chooses them, the report read
/// off the page, what was written read from the database, exports opened by GDAL.
/// </summary>
public class ImportPageTests(MapSite site) : IClassFixture<MapSite>
{
    static readonly string[] Header = ["编号", "姓名", "人数", "类型", "电话", "经度", "纬度"];

    /// <summary>Three households in the south of 和平社区, between the seeded ones; the second with a phone number too short.</summary>
    static object?[][] Rows() =>
    [
        ["T1", "测试一家", 3, "党员示范户", "13800000001", 116.3235, 39.9045],
        ["T2", "测试二家", 2, "党员户", "1380000", 116.3265, 39.9045],
        ["T3", "测试三家", 4, "文明示范户", null, 116.3295, 39.9045],
    ];

    async Task<IPage> OpenImportPageAsync()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.BaseUrl + "/import.html");
        await page.WaitForSelectorAsync("#import[data-ready='true']", new() { Timeout = 30_000 });
        return page;
    }

    static Task ChooseAsync(IPage page, string name, byte[] file, string mimeType = "text/csv") =>
        page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = file });

    [Fact]
    public async Task A_bad_row_is_named_by_line_and_reason_then_the_fixed_file_is_applied_with_progress_listed_and_undone()
    {
        var page = await OpenImportPageAsync();
        var errors = Errors(page);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await ChooseAsync(page, "住户.csv", ImportFiles.Csv(Header, Rows()));
        await page.GetByRole(AriaRole.Button, new() { Name = "检查", Exact = true }).ClickAsync();

        await Expect(page.Locator("#import-report-title")).ToHaveTextAsync("检查结果：住户.csv");
        await Expect(page.Locator(".import-fact[data-fact='added'] dd")).ToHaveTextAsync("2");
        var bad = page.Locator(".import-problems tbody tr");
        await Expect(bad).ToHaveCountAsync(1);
        // The header is line 1: the second household is on line 3.
        Assert.Equal("3", await bad.GetAttributeAsync("data-line"));
        Assert.Matches(@"^3 电话 \(phone\) ""1380000"" is not a phone number", Text(await bad.InnerTextAsync()));
        await Expect(page.Locator("#import-apply")).ToBeDisabledAsync();

        var rows = Rows();
        rows[1][4] = "13800000002";
        await ChooseAsync(page, "住户.csv", ImportFiles.Csv(Header, rows));
        await page.GetByRole(AriaRole.Button, new() { Name = "检查", Exact = true }).ClickAsync();
        await Expect(page.Locator(".import-verdict")).ToHaveTextAsync("检查通过，可以导入。");
        await Expect(page.Locator(".import-fact[data-fact='added'] dd")).ToHaveTextAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();

        await Expect(page.Locator("#import-report-title")).ToHaveTextAsync(new Regex(@"^已导入：住户\.csv（第 \d+ 次导入）$"));
        var id = await site.Database.ScalarAsync<long>("SELECT max(id) FROM imports");
        Assert.Equal("T1 T2 T3", await site.Database.ScalarAsync<string>("SELECT string_agg(source_key, ' ' ORDER BY source_key) FROM households WHERE source_key LIKE 'T%'"));
        // The bar was fed by the answer's NDJSON lines, and ends at the last step the server sent.
        await Expect(page.Locator("#import-progress-label")).ToHaveTextAsync("写入：3 / 3");
        Assert.Equal(("3", "3"), (await page.Locator("#import-progress").GetAttributeAsync("value"), await page.Locator("#import-progress").GetAttributeAsync("max")));
        var listed = page.Locator($".import-list tr[data-import-id='{id}']");
        // The list is asked for again once the import is in: its row comes a moment after the report.
        await Expect(listed).ToBeVisibleAsync();
        Assert.Equal($"{id} · admin · 党员户 · 住户.csv · EPSG:4326 · 3 · 0 · 0 · 最近一次",
            string.Join(" · ", (await listed.Locator("td").AllInnerTextsAsync()).Where((_, i) => i != 1)));

        await page.GetByRole(AriaRole.Button, new() { Name = $"撤销最近一次导入（第 {id} 次：住户.csv）" }).ClickAsync();

        await Expect(listed.Locator("td").Last).ToHaveTextAsync(new Regex("^已由 admin 撤销"));
        await Expect(page.Locator("#status")).ToHaveTextAsync($"已撤销第 {id} 次导入");
        Assert.Equal(0L, await site.Database.ScalarAsync<long>("SELECT count(*) FROM households WHERE source_key LIKE 'T%'"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_file_in_another_coordinate_system_than_declared_gets_the_hint_and_cannot_be_applied()
    {
        // Surveyor's metres of the Gauss–Krüger zone of CM 117°E, declared as those of CM 120°E.
        var zone = Crs.Parse("EPSG:4548", out _)!;
        var rows = Rows().Select((r, i) =>
        {
            var (x, y) = zone.FromWgs84((double)r[5]!, (double)r[6]!);
            return (object?[])[$"W{i}", r[1], r[2], r[3], "13800000001", x, y];
        });
        var page = await OpenImportPageAsync();
        var imports = await site.Database.ScalarAsync<long>("SELECT count(*) FROM imports");

        await ChooseAsync(page, "测绘.csv", ImportFiles.Csv(Header, rows));
        await page.Locator("#import-crs").SelectOptionAsync("EPSG:4549");
        await page.GetByRole(AriaRole.Button, new() { Name = "检查", Exact = true }).ClickAsync();

        await Expect(page.Locator(".import-note")).ToContainTextAsync("3 of 3 positions lie outside the district: the file's coordinates are probably not EPSG:4549");
        var bad = page.Locator(".import-problems tbody tr");
        await Expect(bad).ToHaveCountAsync(3);
        Assert.Equal(["2", "3", "4"], await bad.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.line)"));
        Assert.All(await bad.Locator("td:last-child").AllInnerTextsAsync(), reason => Assert.Contains("lies outside the district", reason));
        await Expect(page.Locator("#import-apply")).ToBeDisabledAsync();
        Assert.Equal(0L, await site.Database.ScalarAsync<long>("SELECT count(*) FROM households WHERE source_key LIKE 'W%'"));
        Assert.Equal(imports, await site.Database.ScalarAsync<long>("SELECT count(*) FROM imports"));
    }

    [Fact]
    public async Task A_file_of_no_format_gridmap_reads_is_refused_with_the_servers_reason()
    {
        var page = await OpenImportPageAsync();
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

        await ChooseAsync(page, "照片.png", png, "image/png");
        await page.GetByRole(AriaRole.Button, new() { Name = "检查", Exact = true }).ClickAsync();

        var problem = page.Locator("#import-problem");
        await Expect(problem.Locator("strong")).ToHaveTextAsync("不支持的文件格式");
        await Expect(problem.Locator("p")).ToContainTextAsync("nor a format GridMap reads");
        await Expect(page.Locator("#import-report")).ToBeHiddenAsync();
        await Expect(page.Locator("#import-apply")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Only_those_who_may_import_see_the_page_in_the_navigation()
    {
        var admin = await site.OpenAsync();
        await Expect(admin.Locator("nav.pages a[href='/import.html']")).ToHaveTextAsync("数据导入");

        var planner = await site.NewPageAsync(Planner);
        await planner.GotoAsync(site.BaseUrl + "/import.html");
        await Expect(planner).ToHaveURLAsync(new Regex("^" + Regex.Escape(site.BaseUrl + "/planner.html") + @"(\?.*)?$"), MapPage.Navigated);
        await MapPage.WaitUntilReadyAsync(planner);
        await Expect(planner.Locator("nav.pages a[href='/import.html']")).ToHaveCountAsync(0);
    }

    /// <summary>The map's households as GDAL reads the GeoPackage its export link downloads: as many as the map drew.</summary>
    [Fact]
    public async Task The_maps_export_link_downloads_a_geopackage_gdal_opens_with_the_maps_count()
    {
        var page = await site.OpenAsync();
        var drawn = (await MapPage.CountsAsync(page))["households"];

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator(".export-links[data-layer='households'] a[data-format='gpkg']").ClickAsync());

        Assert.Contains("bbox=", download.Url); // the map's own filter
        Assert.Matches(@"^gridmap-households-\d{8}-\d{4}\.gpkg$", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"gridmap-browser-export-{Guid.NewGuid():N}.gpkg");
        try
        {
            await download.SaveAsAsync(path);
            var info = await ExternalProgram.RunAsync("ogrinfo", "-ro", "-so", "-al", path);
            Assert.Equal(drawn, int.Parse(Regex.Match(info, @"Feature Count: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.True(drawn > 0, "the map drew no household pins");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The two dry runs docs/gis.md walks through, photographed: a zipped Shapefile of 综治 grids for
    /// 和平社区 drawn in CGCS2000 / Gauss–Krüger CM 117°E, and an Excel sheet of households with
    /// Amap (GCJ02) positions and one bad phone number. The pictures go to the folder named by
    /// GRIDMAP_SCREENSHOTS (docs/img when making the docs), else to a temporary one.
    /// </summary>
    [Fact]
    public async Task Dry_run_reports_of_a_shapefile_of_grids_and_an_excel_sheet_as_the_docs_show_them()
    {
        var folder = Environment.GetEnvironmentVariable("GRIDMAP_SCREENSHOTS") is { Length: > 0 } asked ? Path.GetFullPath(asked)
            : Directory.CreateTempSubdirectory("gridmap-screenshots-").FullName;
        var page = await OpenImportPageAsync();
        await page.SetViewportSizeAsync(1000, 1250);
        var areas = await site.Database.ScalarAsync<long>("SELECT count(*) FROM areas");

        var zone = Crs.Parse("EPSG:4548", out _)!;
        string Square(double west, double east)
        {
            var ring = new[] { (west, 39.902), (east, 39.902), (east, 39.918), (west, 39.918), (west, 39.902) }
                .Select(p => zone.FromWgs84(p.Item1, p.Item2)).Select(p => FormattableString.Invariant($"[{p.X:R},{p.Y:R}]"));
            return $"[[{string.Join(",", ring)}]]";
        }
        var grids = $$"""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"级别":"网格","编码":"110199002001001","名称":"和平综治一网格","图层":"综治","上级编码":"110199002001"},
              "geometry":{"type":"Polygon","coordinates":{{Square(116.322, 116.330)}} } },
             {"type":"Feature","properties":{"级别":"网格","编码":"110199002001002","名称":"和平综治二网格","图层":"综治","上级编码":"110199002001"},
              "geometry":{"type":"Polygon","coordinates":{{Square(116.330, 116.338)}} } } ]}
            """;
        await page.Locator("#import-kind").SelectOptionAsync("areas");
        await ChooseAsync(page, "和平社区综治网格.zip",
            await ImportFiles.Gdal(System.Text.Encoding.UTF8.GetBytes(grids), "ESRI Shapefile", "-lco", "ENCODING=UTF-8"), "application/zip");
        await page.Locator("#import-crs").SelectOptionAsync("EPSG:4548");
        await page.GetByRole(AriaRole.Button, new() { Name = "检查", Exact = true }).ClickAsync();
        await Expect(page.Locator(".import-verdict")).ToHaveTextAsync("检查通过，可以导入。");
        await Expect(page.Locator(".import-fact[data-fact='added'] dd")).ToHaveTextAsync("2");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "import-grids-dry-run.png") });

        // Positions as Amap shows them (GCJ02), one phone number a digit short; XLSX written by GDAL.
        var rows = Rows().Select(r =>
        {
            var (lon, lat) = Crs.Gcj02.FromWgs84((double)r[5]!, (double)r[6]!);
            return (object?[])[r[0], r[1], r[2], r[3], r[4], lon, lat, Math.Round(lon, 7), Math.Round(lat, 7)];
        }).ToArray();
        var xlsx = await ImportFiles.Gdal(ImportFiles.GeoJson([.. Header, "经度", "纬度"], rows, 5, 6), "XLSX");
        await page.Locator("#import-kind").SelectOptionAsync("households");
        await ChooseAsync(page, "党员户.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        await page.Locator("#import-crs").SelectOptionAsync("GCJ02");
        await page.GetByRole(AriaRole.Button, new() { Name = "检查", Exact = true }).ClickAsync();
        await Expect(page.Locator("#import-report-title")).ToHaveTextAsync("检查结果：党员户.xlsx");
        await Expect(page.Locator(".import-problems tbody tr")).ToHaveCountAsync(1);
        Assert.Equal("3", await page.Locator(".import-problems tbody tr").GetAttributeAsync("data-line"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "import-households-dry-run.png") });

        Assert.Equal(areas, await site.Database.ScalarAsync<long>("SELECT count(*) FROM areas")); // dry runs write nothing
        Assert.True(new FileInfo(Path.Combine(folder, "import-households-dry-run.png")).Length > 10_000);
        if (Environment.GetEnvironmentVariable("GRIDMAP_SCREENSHOTS") is not { Length: > 0 }) Directory.Delete(folder, recursive: true);
    }
}
