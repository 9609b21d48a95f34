namespace GridMap.Tests.Export;

/// <summary>
/// <c>GET /api/export/{layer}.{format}</c> on the access-matrix district (<see cref="AuthApp"/>):
/// GDAL opens every file and counts what the lists answer; the rows, masking and the record of
/// unmasked reads are those of the lists.
/// </summary>
public class ExportTests(AuthApp app) : IClassFixture<AuthApp>
{
    static readonly string[] Layers = ["cases", "kpis", "households", "stations", "areas"];
    static readonly string[] Formats = ["csv", "geojson", "gpkg"];

    async Task<byte[]> ExportAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return body;
    }

    /// <summary>What the layer's list (or the KPI report per grid) answers the same caller: the ids of its features.</summary>
    static async Task<List<long>> ListedAsync(HttpClient http, string layer)
    {
        var url = layer == "kpis" ? "/api/kpis?by=grid" : $"/api/{layer}/?limit=10000";
        var root = JsonDocument.Parse(await http.GetStringAsync(url)).RootElement;
        return layer == "kpis"
            ? [.. root.GetProperty("groups").EnumerateArray().Select(g => long.Parse(g.GetProperty("key").GetString()!))]
            : [.. root.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetInt64())];
    }

    /// <summary>The feature count GDAL's <c>ogrinfo -so -al</c> reports for the file.</summary>
    static async Task<int> GdalCountAsync(byte[] file, string format)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gridmap-export-test-{Guid.NewGuid():N}.{format}");
        await File.WriteAllBytesAsync(path, file);
        try
        {
            var info = await ExternalProgram.RunAsync("ogrinfo", "-ro", "-so", "-al", path);
            return int.Parse(Regex.Match(info, @"Feature Count: (\d+)").Groups[1].Value);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Gdal_opens_every_export_and_counts_the_features_the_list_answers()
    {
        using var centre = app.ClientFor(SmallDistrict.Centre);
        var wrong = new List<string>();
        foreach (var layer in Layers)
        {
            var listed = await ListedAsync(centre, layer);
            Assert.NotEmpty(listed);
            foreach (var format in Formats)
            {
                var counted = await GdalCountAsync(await ExportAsync(centre, $"/api/export/{layer}.{format}"), format);
                if (counted != listed.Count) wrong.Add($"{layer}.{format}: GDAL counts {counted}, the list has {listed.Count}");
            }
        }
        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("households", "csv")]
    [InlineData("households", "gpkg")]
    [InlineData("areas", "csv")]
    [InlineData("areas", "gpkg")]
    [InlineData("cases", "gpkg")]
    public async Task Gdal_reads_the_same_geometries_and_ids_from_csv_and_geopackage_as_from_geojson(string layer, string format)
    {
        using var admin = app.AdminClient();
        var expected = Geometries(JsonDocument.Parse(await ExportAsync(admin, $"/api/export/{layer}.geojson")).RootElement, f => f.GetProperty("id").GetInt64());
        var path = Path.Combine(Path.GetTempPath(), $"gridmap-export-test-{Guid.NewGuid():N}.{format}");
        await File.WriteAllBytesAsync(path, await ExportAsync(admin, $"/api/export/{layer}.{format}"));
        try
        {
            string[] points = format == "csv" && layer != "areas" ? ["-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat"] : [];
            var read = JsonDocument.Parse(await ExternalProgram.RunAsync("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", path, .. points])).RootElement;
            // GDAL reads CSV cells as text unless told otherwise, so the id is parsed here.
            var got = Geometries(read, f => long.Parse(f.GetProperty("properties").GetProperty("id").ToString()));
            Assert.Equal(expected.Keys.Order(), got.Keys.Order());
            foreach (var (id, coordinates) in expected)
            {
                Assert.Equal(coordinates.Length, got[id].Length);
                Assert.All(coordinates.Zip(got[id]), c => Assert.True(Math.Abs(c.First - c.Second) < 1e-6, $"{layer} {id}: {c.First} ≠ {c.Second}"));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Each feature's coordinates, flattened, by id.</summary>
    static Dictionary<long, double[]> Geometries(JsonElement collection, Func<JsonElement, long> id) =>
        collection.GetProperty("features").EnumerateArray().ToDictionary(id, f => Flat(f.GetProperty("geometry").GetProperty("coordinates")).ToArray());

    static IEnumerable<double> Flat(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flat) : [e.GetDouble()];

    [Fact]
    public async Task GeoJson_holds_the_features_and_properties_the_list_holds_for_each_role()
    {
        foreach (var user in new[] { SmallDistrict.Admin, SmallDistrict.Leader, SmallDistrict.Worker, SmallDistrict.Planner })
        {
            using var http = app.ClientFor(user);
            foreach (var layer in new[] { "households", "stations", "areas" })
            {
                var list = JsonDocument.Parse(await http.GetStringAsync($"/api/{layer}/?limit=10000")).RootElement.GetProperty("features");
                var export = JsonDocument.Parse(await ExportAsync(http, $"/api/export/{layer}.geojson")).RootElement.GetProperty("features");
                Assert.Equal(Summary(list, layer != "areas", "name", "phone"), Summary(export, layer != "areas", "name", "phone"));
                if (layer == "areas") Assert.All(export.EnumerateArray(), OuterRingsCounterclockwise);
            }
        }
    }

    /// <summary>Each feature's id, geometry (unless not <paramref name="geometry"/>) and the named properties, as text.</summary>
    static List<string> Summary(JsonElement features, bool geometry, params string[] properties) =>
        [.. features.EnumerateArray().Select(f => string.Join(" ",
            [f.GetProperty("properties").GetProperty("id").GetInt64().ToString(), geometry ? f.GetProperty("geometry").GetRawText() : "",
             .. properties.Select(p => f.GetProperty("properties").TryGetProperty(p, out var v) ? v.ToString() : "")])).Order()];

    /// <summary>RFC 7946 §3.1.6: a polygon's exterior ring runs counterclockwise (a positive shoelace sum).</summary>
    static void OuterRingsCounterclockwise(JsonElement feature)
    {
        foreach (var polygon in feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray())
        {
            var ring = polygon[0].EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
            Assert.True(ring.Zip(ring.Skip(1)).Sum(e => e.First.X * e.Second.Y - e.Second.X * e.First.Y) > 0, feature.GetRawText());
        }
    }

    [Fact]
    public async Task Households_are_masked_for_a_grid_worker_and_an_unmasked_export_is_recorded()
    {
        using var worker = app.ClientFor(SmallDistrict.Worker);
        var masked = Encoding.UTF8.GetString(await ExportAsync(worker, "/api/export/households.csv"));
        Assert.DoesNotContain(AuthApp.PersonalData, masked.Contains);
        Assert.Contains("*", masked);

        using var leader = app.ClientFor(SmallDistrict.Leader);
        var export = JsonDocument.Parse(await ExportAsync(leader, "/api/export/households.geojson")).RootElement;
        var ids = export.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).Order().ToArray();
        Assert.Contains(export.GetProperty("features").EnumerateArray(), f => AuthApp.PersonalData.Contains(f.GetProperty("properties").GetProperty("name").GetString()));
        var recorded = await app.QueryAsync("SELECT household_ids FROM personal_data_reads WHERE username = $1 AND what = 'GET /api/export/households.geojson'",
            r => r.GetFieldValue<long[]>(0), SmallDistrict.Leader);
        Assert.Equal(ids, Assert.Single(recorded));
    }

    [Fact]
    public async Task Cases_are_those_the_list_shows_the_caller_with_its_filters()
    {
        foreach (var (user, query) in new[] { (SmallDistrict.Worker, ""), (SmallDistrict.Admin, ""), (SmallDistrict.Admin, "?status=dispatched&areaId=9"),
                     (SmallDistrict.Admin, "?status=closed"), (SmallDistrict.Centre, $"?from={DateTimeOffset.UtcNow.AddDays(-1):yyyy-MM-dd}") })
        {
            using var http = app.ClientFor(user);
            var list = JsonDocument.Parse(await http.GetStringAsync("/api/cases/" + query)).RootElement.GetProperty("features");
            var export = JsonDocument.Parse(await ExportAsync(http, "/api/export/cases.geojson" + query)).RootElement.GetProperty("features");
            Assert.Equal(Summary(list, true, "status", "reporter", "gridId"), Summary(export, true, "status", "reporter", "gridId"));
        }
    }

    [Fact]
    public async Task Csv_starts_with_a_bom_and_makes_a_formula_cell_text()
    {
        using var admin = app.AdminClient();
        using var report = await admin.PostAsync("/api/cases/", new StringContent(
            """{"lon":121.13,"lat":31.88,"categoryCode":"environmental_sanitation","description":"=cmd|' /C calc'!A0"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        using var response = await admin.GetAsync("/api/export/cases.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Matches(@"^gridmap-cases-\d{8}-\d{4}\.csv$", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("id,status,finished,categoryCode,description,", text);
        Assert.Contains(",'=cmd|' /C calc'!A0,", text);
        Assert.DoesNotContain(",=cmd", text);
    }

    [Fact]
    public async Task An_areas_export_imports_into_an_empty_district_as_it_was()
    {
        using var admin = app.AdminClient();
        var export = await ExportAsync(admin, "/api/export/areas.geojson");
        var empty = new GridMapApp();
        try
        {
            await empty.InitializeAsync();
            using var emptyAdmin = empty.AdminClient();
            using var import = await emptyAdmin.PostAsync("/api/import/areas", new ByteArrayContent(export) { Headers = { ContentType = new("application/geo+json") } });
            Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
            var again = await ExportAsync(emptyAdmin, "/api/export/areas.geojson");
            Assert.Equal(Areas(export), Areas(again));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }

    /// <summary>Each area by what the import takes (ids are the database's own), as text.</summary>
    static List<string> Areas(byte[] geoJson) =>
        [.. JsonDocument.Parse(geoJson).RootElement.GetProperty("features").EnumerateArray().Select(f => string.Join(" ",
            new[] { "level", "layer", "code", "name", "parentCode", "population" }.Select(p => f.GetProperty("properties").GetProperty(p).ToString())
                .Append(f.GetProperty("geometry").GetRawText()))).Order()];

    [Theory]
    [InlineData("/api/export/people.csv", 404, "layer")]
    [InlineData("/api/export/cases.xlsx", 400, "format")]
    [InlineData("/api/export/households.csv?status=closed", 400, "status")]
    [InlineData("/api/export/areas.gpkg?level=county", 400, "level")]
    [InlineData("/api/export/stations.geojson?bbox=1,2,3", 400, "bbox")]
    [InlineData("/api/export/cases.csv?status=lost", 400, "status")]
    public async Task A_bad_request_is_a_problem_naming_what_is_wrong(string url, int status, string field)
    {
        using var admin = app.AdminClient();
        using var response = await admin.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, body);
    }

    [Fact]
    public async Task A_layer_outside_the_role_is_refused()
    {
        using var planner = app.ClientFor(SmallDistrict.Planner);
        using var cases = await planner.GetAsync("/api/export/cases.csv");
        Assert.Equal(HttpStatusCode.Forbidden, cases.StatusCode);
        using var worker = app.ClientFor(SmallDistrict.Worker);
        using var kpis = await worker.GetAsync("/api/export/kpis.csv");
        Assert.Equal(HttpStatusCode.Forbidden, kpis.StatusCode);
    }
}
