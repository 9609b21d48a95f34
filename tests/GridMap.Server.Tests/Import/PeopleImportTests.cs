using GridMap.Core.Spatial;
using GridMap.Server.Import;

namespace GridMap.Tests.Import;

/// <summary><see cref="SmallDistrict"/> (Haimen, 121.10–121.30°E × 31.85–31.90°N) and its users.</summary>
public class ImportApp : SmallDistrictApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The district's rows were given their ids: areas imported later take the next ones.
        await ExecuteAsync("SELECT setval(pg_get_serial_sequence('areas', 'id'), (SELECT max(id) FROM areas))");
    }
}

/// <summary>
/// Households, stations and staff brought in through <c>POST /api/import/{kind}</c> on a real
/// PostGIS; every test starts with no imported rows and no imports (the seeded rows stay).
/// </summary>
public class PeopleImportTests(ImportApp app) : IClassFixture<ImportApp>, IAsyncLifetime
{
    static readonly string[] ChineseHeader = ["编号", "姓名", "人数", "类型", "电话", "经度", "纬度", "网格"];
    static readonly string[] EnglishHeader = ["id", "name", "members", "kind", "phone", "lon", "lat", "grid"];

    /// <summary>Three households: grid 1 and grid 2 of the west, and the east's second grid without a grid code.</summary>
    static object?[][] Households() =>
    [
        ["H1", "赵一", 3, "党员示范户", "13800000001", 121.12, 31.87, "320614001001001"],
        ["H2", "钱二", 2, "leading", "021-58001234", 121.17, 31.88, "320614001001002"],
        ["H3", "孙三", 5, "文明示范户", null, 121.27, 31.86, null],
    ];

    public async Task InitializeAsync() => await Sql("""
        DELETE FROM households WHERE source_key IS NOT NULL;
        DELETE FROM service_stations WHERE source_key IS NOT NULL;
        DELETE FROM staff WHERE source_key IS NOT NULL;
        DELETE FROM imports;
        DELETE FROM areas WHERE level = 'micro_grid';
        """);
    public Task DisposeAsync() => Task.CompletedTask;

    async Task<HttpResponseMessage> Upload(string kind, string fileName, byte[] file, string crs = "EPSG:4326", bool dryRun = false,
        string? accept = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/import/{kind}?crs={Uri.EscapeDataString(crs)}&dryRun={(dryRun ? "true" : "false")}") { Content = form };
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return await app.ClientFor(SmallDistrict.Admin).SendAsync(request);
    }

    async Task<JsonElement> Report(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return json.TryGetProperty("report", out var report) ? report : json;
    }

    Task Sql(string sql) => app.Database.ScalarAsync<object>(sql + "; SELECT 1");
    Task<long> Imported(string table = "households") => app.Database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE source_key IS NOT NULL");

    static (int Line, string Field, string Reason)[] Problems(JsonElement report) =>
        report.GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("line").GetInt32(), p.GetProperty("field").GetString()!, p.GetProperty("reason").GetString()!)).ToArray();

    [Fact]
    public async Task Dry_run_of_a_csv_with_chinese_headers_reports_the_rows_and_writes_nothing()
    {
        var report = await Report(await Upload("households", "住户.csv", ImportFiles.Csv(ChineseHeader, Households()), dryRun: true), HttpStatusCode.OK);

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, report.GetProperty("added").GetInt32());
        Assert.Equal(0, report.GetProperty("changed").GetInt32());
        Assert.Empty(Problems(report));
        Assert.Equal(0, await Imported());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM imports"));
    }

    [Fact]
    public async Task Applied_csv_stores_each_household_in_the_grid_of_its_position_audited_as_the_import()
    {
        var report = await Report(await Upload("households", "households.csv", ImportFiles.Csv(EnglishHeader, Households())), HttpStatusCode.Created);

        var id = report.GetProperty("importId").GetInt64();
        Assert.Equal("H1:6:demonstration H2:7:leading H3:9:civility", await app.Database.ScalarAsync<string>("""
            SELECT string_agg(h.source_key || ':' || h.grid_id || ':' || h.kind, ' ' ORDER BY h.source_key) FROM households h WHERE source_key IS NOT NULL
            """));
        Assert.Equal(3L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM data_changes WHERE reason = $1 AND entity = 'household' AND before IS NULL", $"import {id}"));
        Assert.Equal("admin households households.csv EPSG:4326 3 0 0", await app.Database.ScalarAsync<string>(
            "SELECT concat_ws(' ', actor, kind, file_name, crs, added, changed, unchanged) FROM imports WHERE id = $1", id));
    }

    [Fact]
    public async Task Second_import_changes_only_the_changed_rows()
    {
        await Report(await Upload("households", "a.csv", ImportFiles.Csv(EnglishHeader, Households())), HttpStatusCode.Created);
        var rows = Households();
        rows[1][2] = 4; // H2 has a new member
        rows = [.. rows, ["H4", "李四", 1, "member", "13800000004", 121.13, 31.89, null]];

        var report = await Report(await Upload("households", "b.csv", ImportFiles.Csv(EnglishHeader, rows)), HttpStatusCode.Created);

        Assert.Equal((1, 1, 2), (report.GetProperty("added").GetInt32(), report.GetProperty("changed").GetInt32(), report.GetProperty("unchanged").GetInt32()));
        var id = report.GetProperty("importId").GetInt64();
        Assert.Equal("H2:2>4 H4:>1", await app.Database.ScalarAsync<string>("""
            SELECT string_agg(h.source_key || ':' || coalesce(c.before->>'members', '') || '>' || (c.after->>'members'), ' ' ORDER BY h.source_key)
            FROM data_changes c JOIN households h ON h.id = c.entity_id WHERE c.reason = $1
            """, $"import {id}"));
        Assert.Equal(4L, await Imported());
    }

    [Fact]
    public async Task Gb18030_csv_as_excel_saves_it_is_read()
    {
        var gb18030 = CodePagesEncodingProviderGb18030();
        var report = await Report(await Upload("households", "gbk.csv", ImportFiles.Csv(ChineseHeader, Households(), gb18030), dryRun: true), HttpStatusCode.OK);

        Assert.Equal("GB18030", report.GetProperty("encoding").GetString());
        Assert.Empty(Problems(report));
        Assert.Equal(3, report.GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task Utf8_csv_with_a_bom_is_read()
    {
        var report = await Report(await Upload("households", "bom.csv", ImportFiles.Csv(ChineseHeader, Households(), bom: true), dryRun: true), HttpStatusCode.OK);
        Assert.Empty(Problems(report));
        Assert.Equal(3, report.GetProperty("added").GetInt32());
    }

    static Encoding CodePagesEncodingProviderGb18030() => CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    [Fact]
    public async Task Every_kind_of_bad_row_is_named_with_its_line_and_nothing_is_written()
    {
        object?[][] rows =
        [
            ["B1", "好", 2, "member", "13800000001", 121.12, 31.87, null],          // line 2: fine
            ["B2", "缺坐标", 2, "member", null, null, null, null],                    // 3: missing coordinate
            ["B3", "坏坐标", 2, "member", null, "121.1x", 31.87, null],               // 4: unparsable coordinate
            ["B4", "区外", 2, "member", null, 120.5, 31.87, null],                    // 5: outside the district
            ["B5", "无网格", 2, "member", null, 121.12, 31.87, "320614009009009"],    // 6: unknown grid code
            ["B6", "坏电话", 2, "member", "12345", 121.12, 31.87, null],              // 7: malformed phone
            ["B1", "重复", 2, "member", null, 121.12, 31.87, null],                   // 8: duplicate key
            ["B8", "坏类型", 2, "贫困户", null, 121.12, 31.87, null],                  // 9: bad kind
            ["B9", "坏人数", 0, "member", null, 121.12, 31.87, null],                 // 10: bad members
        ];
        var report = await Report(await Upload("households", "bad.csv", ImportFiles.Csv(EnglishHeader, rows)), HttpStatusCode.BadRequest);

        var problems = Problems(report);
        void Has(int line, string field, string words) =>
            Assert.True(problems.Any(p => p.Line == line && p.Field == field && p.Reason.Contains(words)),
                $"line {line} {field} '{words}' not in: {string.Join(" | ", problems)}");
        Has(3, "lon", "missing coordinate");
        Has(4, "lon", "unparsable coordinate");
        Has(5, "lon", "outside the district");
        Has(5, "lon", "wrong crs");
        Has(6, "grid", "unknown grid code");
        Has(7, "phone", "not a phone number");
        Has(8, "id", "duplicate id \"B1\": line 2");
        Has(9, "kind", "贫困户");
        Has(10, "members", "1 to 50");
        Assert.DoesNotContain(problems, p => p.Line == 2);
        Assert.Equal(0, await Imported());
    }

    [Fact]
    public async Task A_household_whose_position_lies_in_another_grid_than_its_grid_code_is_refused()
    {
        object?[][] rows = [["G1", "错格", 2, "member", null, 121.12, 31.87, "320614001001002"]];
        var report = await Report(await Upload("households", "g.csv", ImportFiles.Csv(EnglishHeader, rows), dryRun: true), HttpStatusCode.OK);
        Assert.Contains(Problems(report), p => p.Line == 2 && p.Field == "grid" && p.Reason.Contains("another grid"));
    }

    /// <summary>
    /// Each crs: the file carries the positions as that system gives them (ProjNet and the offsets
    /// forward); what is stored must be within 0.5 m of the WGS84 original, by PostGIS's geodesic distance.
    /// </summary>
    [Theory]
    [InlineData("EPSG:4326")]
    [InlineData("EPSG:4490")]
    [InlineData("EPSG:4528")] // zone 40 with its number in front of the easting
    [InlineData("EPSG:4549")] // CM 120°E without it
    [InlineData("GCJ02")]
    [InlineData("BD09")]
    public async Task Positions_in_every_crs_are_stored_in_wgs84_within_half_a_metre(string crsName)
    {
        var crs = Crs.Parse(crsName, out _)!;
        var rows = Households().Select(r =>
        {
            var (x, y) = crs.FromWgs84((double)r[5]!, (double)r[6]!);
            return (object?[])[r[0], r[1], r[2], r[3], r[4], x, y, null];
        }).ToArray();

        var report = await Report(await Upload("households", $"{crsName}.csv", ImportFiles.Csv(EnglishHeader, rows), crsName), HttpStatusCode.Created);

        Assert.Equal(crs.Name, report.GetProperty("crs").GetString());
        Assert.True(await app.Database.ScalarAsync<double>("""
            SELECT max(ST_Distance(h.location::geography, ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326)::geography))
            FROM households h JOIN (VALUES ('H1', 121.12, 31.87), ('H2', 121.17, 31.88), ('H3', 121.27, 31.86)) v(key, lon, lat) ON v.key = h.source_key
            """) < 0.5);
        Assert.Equal(3, await Imported());
    }

    [Theory]
    [InlineData("EPSG:4548")] // Gauss–Krüger metres of CM 120°E declared as CM 117°E
    [InlineData("EPSG:4326")] // the same metres declared as lon/lat
    public async Task A_file_declared_in_the_wrong_crs_is_refused_by_the_dry_run_and_writes_nothing(string declared)
    {
        var zone = Crs.Parse("EPSG:4549", out _)!;
        var rows = Households().Select(r =>
        {
            var (x, y) = zone.FromWgs84((double)r[5]!, (double)r[6]!);
            return (object?[])[r[0], r[1], r[2], r[3], r[4], x, y, null];
        }).ToArray();
        var file = ImportFiles.Csv(EnglishHeader, rows);

        var dryRun = await Report(await Upload("households", "wrong.csv", file, declared, dryRun: true), HttpStatusCode.OK);
        Assert.Equal(3, Problems(dryRun).Select(p => p.Line).Distinct().Count());
        Assert.Contains(Problems(dryRun), p => p.Reason.Contains(declared == "EPSG:4326" ? "Gauss–Krüger zone" : "wrong crs"));
        var applied = await Report(await Upload("households", "wrong.csv", file, declared), HttpStatusCode.BadRequest);
        Assert.Null(applied.GetProperty("importId").GetString());
        Assert.Equal(0, await Imported());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM imports"));
    }

    public static TheoryData<string, string> GdalFormats => new() { { "ESRI Shapefile", "households.zip" }, { "GPKG", "households.gpkg" } };

    /// <summary>A Shapefile and a GeoPackage that GDAL wrote from GeoJSON points, in a Gauss–Krüger zone.</summary>
    [Theory]
    [MemberData(nameof(GdalFormats))]
    public async Task Shapefile_and_geopackage_points_written_by_gdal_are_imported(string driver, string fileName)
    {
        var zone = Crs.Parse("EPSG:4549", out _)!;
        var rows = Households().Select(r =>
        {
            var (x, y) = zone.FromWgs84((double)r[5]!, (double)r[6]!);
            return (object?[])[r[0], r[1], r[2], r[3], r[4], x, y, r[7]];
        }).ToArray();
        var file = await ImportFiles.Gdal(ImportFiles.GeoJson(ChineseHeader, rows, 5, 6), driver,
            driver == "ESRI Shapefile" ? ["-lco", "ENCODING=UTF-8"] : []);

        var report = await Report(await Upload("households", fileName, file, "EPSG:4549"), HttpStatusCode.Created);

        Assert.Equal(3, report.GetProperty("added").GetInt32());
        Assert.Equal("H1:6 H2:7 H3:9", await app.Database.ScalarAsync<string>(
            "SELECT string_agg(source_key || ':' || grid_id, ' ' ORDER BY source_key) FROM households WHERE source_key IS NOT NULL"));
        Assert.Equal("赵一", await app.Database.ScalarAsync<string>("SELECT name FROM households WHERE source_key = 'H1'"));
    }

    [Fact]
    public async Task Xlsx_written_by_gdal_with_chinese_headers_is_imported()
    {
        // XLSX has no geometry: the position is in 经度/纬度 columns, numbers as Excel keeps them.
        var withColumns = Households().Select(r => (object?[])[.. r, r[5], r[6]]).ToArray();
        var geoJson = ImportFiles.GeoJson([.. ChineseHeader, "经度", "纬度"], withColumns, 5, 6);
        var xlsx = await ImportFiles.Gdal(geoJson, "XLSX");

        var report = await Report(await Upload("households", "住户.xlsx", xlsx), HttpStatusCode.Created);

        Assert.Equal("xlsx", report.GetProperty("format").GetString());
        Assert.Equal(3, report.GetProperty("added").GetInt32());
        Assert.Equal(1L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM households WHERE source_key = 'H2' AND members = 2 AND ST_X(location) = 121.17"));
    }

    /// <summary>A micro-grid drawn in CGCS2000 / Gauss–Krüger CM 120°E, as a survey office's shapefile (written by GDAL) brings it.</summary>
    [Fact]
    public async Task Areas_from_a_shapefile_in_a_gauss_kruger_zone_are_stored_in_wgs84()
    {
        var zone = Crs.Parse("EPSG:4549", out _)!;
        var ring = new[] { (121.11, 31.86), (121.11, 31.87), (121.12, 31.87), (121.12, 31.86), (121.11, 31.86) }
            .Select(p => zone.FromWgs84(p.Item1, p.Item2)).Select(p => FormattableString.Invariant($"[{p.X:R},{p.Y:R}]"));
        var geoJson = $$$"""
            {"type":"FeatureCollection","features":[{"type":"Feature",
             "properties":{"级别":"微网格","编码":"320614001001001001","名称":"第1微网格","图层":"党建"},
             "geometry":{"type":"Polygon","coordinates":[[{{{string.Join(",", ring)}}}]]}}]}
            """;
        var zip = await ImportFiles.Gdal(Encoding.UTF8.GetBytes(geoJson), "ESRI Shapefile", "-lco", "ENCODING=UTF-8");

        var dryRun = await Report(await Upload("areas", "grids.zip", zip, "EPSG:4549", dryRun: true), HttpStatusCode.OK);
        Assert.Equal(1, dryRun.GetProperty("added").GetInt32());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM areas WHERE level = 'micro_grid'"));
        await Report(await Upload("areas", "grids.zip", zip, "EPSG:4549"), HttpStatusCode.Created);

        Assert.True(await app.Database.ScalarAsync<double>("""
            SELECT ST_HausdorffDistance(boundary, ST_MakeEnvelope(121.11, 31.86, 121.12, 31.87, 4326)) FROM areas WHERE code = '320614001001001001'
            """) < 1e-8);
        Assert.Equal("areas grids.zip EPSG:4549 1", await app.Database.ScalarAsync<string>("SELECT concat_ws(' ', kind, file_name, crs, added) FROM imports"));
    }

    [Fact]
    public async Task Geojson_points_are_imported()
    {
        var report = await Report(await Upload("households", "h.geojson", ImportFiles.GeoJson(EnglishHeader, Households(), 5, 6)), HttpStatusCode.Created);
        Assert.Equal("geojson", report.GetProperty("format").GetString());
        Assert.Equal(3, await Imported());
    }

    [Fact]
    public async Task Stations_and_staff_are_imported_with_their_areas_and_grids()
    {
        object?[][] stations =
        [
            ["S1", "秀山社区第1网格服务站", "网格", 300, "周一至周五", "代办;调解", null, 121.125, 31.875],
            ["S2", "滨江街道服务中心", "street", 1200, null, null, "320614002", 121.25, 31.87],
        ];
        var s = await Report(await Upload("stations", "站点.csv", ImportFiles.Csv(["编号", "名称", "级别", "服务半径", "开放时间", "服务项目", "区域编码", "经度", "纬度"], stations)),
            HttpStatusCode.Created);
        Assert.Equal(2, s.GetProperty("added").GetInt32());
        Assert.Equal("S1:grid:6:{代办,调解} S2:street:3:{}", await app.Database.ScalarAsync<string>("""
            SELECT string_agg(source_key || ':' || level || ':' || area_id || ':' || services::text, ' ' ORDER BY source_key) FROM service_stations WHERE source_key IS NOT NULL
            """));

        object?[][] staff = [["P1", "吴刚", "网格员", "13700009999", "320614002001001", null, null]];
        var p = await Report(await Upload("staff", "staff.csv", ImportFiles.Csv(["工号", "姓名", "岗位", "电话", "网格", "经度", "纬度"], staff)),
            HttpStatusCode.BadRequest);
        Assert.Contains(Problems(p), x => x.Line == 1 && x.Field == "id"); // 工号 is not an accepted name for the id
        p = await Report(await Upload("staff", "staff.csv", ImportFiles.Csv(["编号", "姓名", "岗位", "电话", "网格", "经度", "纬度"], staff)),
            HttpStatusCode.Created);
        Assert.Equal("grid_worker:8", await app.Database.ScalarAsync<string>("SELECT role || ':' || home_grid_id FROM staff WHERE source_key = 'P1'"));
    }

    [Fact]
    public async Task Undo_deletes_added_rows_and_restores_changed_ones()
    {
        await Report(await Upload("households", "a.csv", ImportFiles.Csv(EnglishHeader, Households())), HttpStatusCode.Created);
        var rows = Households();
        rows[0][1] = "赵一改";
        rows = [.. rows, ["H4", "李四", 1, "member", null, 121.13, 31.89, null]];
        var second = await Report(await Upload("households", "b.csv", ImportFiles.Csv(EnglishHeader, rows)), HttpStatusCode.Created);
        var id = second.GetProperty("importId").GetInt64();

        var undo = await app.ClientFor(SmallDistrict.Admin).PostAsync($"/api/import/{id}/undo", null);

        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal("H1:赵一 H2:钱二 H3:孙三", await app.Database.ScalarAsync<string>(
            "SELECT string_agg(source_key || ':' || name, ' ' ORDER BY source_key) FROM households WHERE source_key IS NOT NULL"));
        Assert.Equal(2L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM data_changes WHERE reason = $1", $"undo import {id}"));
        Assert.Equal(HttpStatusCode.Conflict, (await app.ClientFor(SmallDistrict.Admin).PostAsync($"/api/import/{id}/undo", null)).StatusCode);
    }

    [Fact]
    public async Task Undo_is_refused_after_a_later_import_or_an_edit_of_its_rows()
    {
        var first = (await Report(await Upload("households", "a.csv", ImportFiles.Csv(EnglishHeader, Households())), HttpStatusCode.Created)).GetProperty("importId").GetInt64();
        object?[][] other = [["H9", "周九", 1, "member", null, 121.13, 31.89, null]];
        var second = (await Report(await Upload("households", "b.csv", ImportFiles.Csv(EnglishHeader, other)), HttpStatusCode.Created)).GetProperty("importId").GetInt64();

        var refused = await app.ClientFor(SmallDistrict.Admin).PostAsync($"/api/import/{first}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"import {second}", await refused.Content.ReadAsStringAsync());

        await Sql("BEGIN; SELECT set_config('gridmap.change_reason', 'edit', true); UPDATE households SET phone = '13900000000' WHERE source_key = 'H9'; COMMIT");
        refused = await app.ClientFor(SmallDistrict.Admin).PostAsync($"/api/import/{second}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("changed since (edit)", await refused.Content.ReadAsStringAsync());
        Assert.Equal(4, await Imported());
    }

    [Fact]
    public async Task Progress_streams_as_lines_and_ends_with_the_report()
    {
        var response = await Upload("households", "a.csv", ImportFiles.Csv(EnglishHeader, Households()), accept: ImportEndpoints.NdJson);

        Assert.Equal(ImportEndpoints.NdJson, response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var last = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal(201, last.GetProperty("status").GetInt32());
        Assert.Equal(3, last.GetProperty("report").GetProperty("added").GetInt32());
        // The last step is sent however quickly the import ended: a progress bar ends full.
        var step = JsonDocument.Parse(lines[^2]).RootElement;
        Assert.Equal("writing 3/3", $"{step.GetProperty("step").GetString()} {step.GetProperty("done").GetInt32()}/{step.GetProperty("total").GetInt32()}");
        Assert.Equal(3, await Imported());
    }

    [Fact]
    public async Task Zip_bomb_is_refused_unread()
    {
        var bomb = ImportFiles.ZipOfZeros("households.shp", 256L << 20);
        var response = await Upload("households", "bomb.zip", bomb);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Huge_xlsx_is_refused()
    {
        var xlsx = ImportFiles.ZipOfZeros("xl/worksheets/sheet1.xml", 256L << 20, ("xl/workbook.xml", "<workbook/>"));
        var response = await Upload("households", "huge.xlsx", xlsx);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_content_is_refused_with_4xx()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Upload("households", "photo.csv", png)).StatusCode);
        var notAZip = (byte[])[.. "PK\u0003\u0004"u8, .. new byte[64]];
        Assert.Equal(HttpStatusCode.BadRequest, (await Upload("households", "x.zip", notAZip)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Upload("households", "x.geojson", "{\"type\":"u8.ToArray())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Upload("households", "x.csv", ImportFiles.Csv(EnglishHeader, Households()), "EPSG:3857")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Upload("cases", "x.csv", ImportFiles.Csv(EnglishHeader, Households()))).StatusCode);
        Assert.Equal(0, await Imported());
    }

    [Fact]
    public async Task Only_an_admin_may_import()
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(ImportFiles.Csv(EnglishHeader, Households())), "file", "a.csv" } };
        var response = await app.ClientFor(SmallDistrict.Centre).PostAsync("/api/import/households?crs=EPSG:4326", form);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await Imported());
    }
}
