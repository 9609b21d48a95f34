namespace GridMap.Tests.Ogc;

/// <summary>
/// OGC API – Features at /ogc, read by GDAL's OAPIF driver as the independent client and compared
/// with the JSON API (/api) that the same caller reads; the standard's parameters and refusals.
/// </summary>
public class OgcApiTests(OgcApp app) : IClassFixture<OgcApp>
{
    const string Core = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
    const string GeoJson = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
    const string Oas30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";

    static readonly string[] Levels = ["district", "street", "community"];
    static readonly string[] LayeredLevels = ["grid", "micro_grid"];
    static readonly string[] Layers = ["party", "governance", "city_management"];

    /// <summary>Each collection and the /api list holding the same features.</summary>
    static readonly Dictionary<string, string> ApiLists = new[]
        {
            ("households", "/api/households/?"), ("stations", "/api/stations/?"), ("staff", "/api/staff/?"), ("cases", "/api/cases/?"),
        }
        .Concat(Levels.Select(l => (l, $"/api/areas/?level={l}&")))
        .Concat(LayeredLevels.SelectMany(l => Layers.Select(y => ($"{l}_{y}", $"/api/areas/?level={l}&layer={y}&"))))
        .ToDictionary(x => x.Item1, x => x.Item2);

    public static TheoryData<string> Readers => [SmallDistrict.Admin, SmallDistrict.Centre, SmallDistrict.Leader, SmallDistrict.Worker, SmallDistrict.Planner];

    static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement;

    static string Link(JsonElement document, string rel) =>
        document.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == rel).GetProperty("href").GetString()!;

    static bool HasLink(JsonElement document, string rel) =>
        document.GetProperty("links").EnumerateArray().Any(l => l.GetProperty("rel").GetString() == rel);

    [Fact]
    public async Task Landing_page_conformance_and_api_definition_describe_the_service_to_anyone()
    {
        using var http = app.CreateClient();
        var landing = await http.GetAsync("/ogc");
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        var page = Parse(await landing.Content.ReadAsStringAsync());
        var links = page.GetProperty("links").EnumerateArray().ToList();
        foreach (var rel in new[] { "self", "service-desc", "conformance", "data" })
            Assert.Contains(links, l => l.GetProperty("rel").GetString() == rel);
        var desc = links.First(l => l.GetProperty("rel").GetString() == "service-desc");
        Assert.Equal("application/vnd.oai.openapi+json;version=3.0", desc.GetProperty("type").GetString());

        var conformance = Parse(await http.GetStringAsync(Link(page, "conformance")));
        Assert.Equal([Core, GeoJson, Oas30], conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()!).Order());

        var definition = await http.GetAsync(desc.GetProperty("href").GetString());
        Assert.Equal("application/vnd.oai.openapi+json", definition.Content.Headers.ContentType!.MediaType);
        var document = Parse(await definition.Content.ReadAsStringAsync());
        Assert.StartsWith("3.0.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(paths, new HashSet<string> { "/", "/conformance", "/api", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}" });
        // Every $ref points into the document itself.
        var refs = Regex.Matches(document.GetRawText(), "\"\\$ref\"\\s*:\\s*\"([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(refs);
        foreach (var reference in refs)
        {
            Assert.StartsWith("#/", reference);
            var node = document;
            foreach (var part in reference[2..].Split('/'))
                Assert.True(node.TryGetProperty(part.Replace("~1", "/").Replace("~0", "~"), out node), $"{reference} points at nothing");
        }
    }

    [Fact]
    public async Task The_collections_need_a_sign_in()
    {
        using var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/ogc/collections")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/ogc/collections/households/items")).StatusCode);
    }

    [Fact]
    public async Task Gdal_lists_the_collections_each_role_may_read()
    {
        var admin = await app.GdalAsync(SmallDistrict.Admin, "ogrinfo", "-ro", "-al", "-so", $"OAPIF:{app.BaseUrl}/ogc");
        foreach (var id in ApiLists.Keys) Assert.Contains($"Layer name: {id}\n", admin);
        var planner = await app.GdalAsync(SmallDistrict.Planner, "ogrinfo", "-ro", "-so", $"OAPIF:{app.BaseUrl}/ogc");
        Assert.Contains("households", planner);
        Assert.DoesNotContain("cases", planner);
        Assert.DoesNotContain("staff", planner);
    }

    /// <summary>A feature as compared: its id, its geometry as GeoJSON, its properties.</summary>
    sealed record Feature(long Id, string Geometry, JsonElement Properties);

    /// <summary>Every feature of an /api list, following its next links.</summary>
    async Task<List<Feature>> ApiAsync(string username, string list)
    {
        using var http = app.ClientFor(username);
        var features = new List<Feature>();
        string? url = list + "limit=10000";
        while (url is not null)
        {
            var page = Parse(await http.GetStringAsync(url));
            features.AddRange(page.GetProperty("features").EnumerateArray().Select(f =>
                new Feature(f.GetProperty("properties").GetProperty("id").GetInt64(), f.GetProperty("geometry").GetRawText(), f.GetProperty("properties"))));
            url = HasLink(page, "next") ? Link(page, "next") : null;
        }
        return features;
    }

    /// <summary>Every feature of a collection as GDAL reads it, 1,000 a page to the end.</summary>
    async Task<List<Feature>> GdalAsync(string username, string collection)
    {
        var output = await app.GdalAsync(username, "ogr2ogr", "-f", "GeoJSON", "/vsistdout/", $"OAPIF:{app.BaseUrl}/ogc", collection,
            "-oo", "PAGE_SIZE=1000", "-preserve_fid");
        return [.. Parse(output).GetProperty("features").EnumerateArray().Select(f =>
            new Feature(f.GetProperty("id").GetInt64(), f.GetProperty("geometry").GetRawText(), f.GetProperty("properties")))];
    }

    [Theory, MemberData(nameof(Readers))]
    public async Task Gdal_reads_every_collection_to_the_end_and_finds_the_features_and_geometries_of_the_api(string username)
    {
        using var http = app.ClientFor(username);
        var collections = Parse(await http.GetStringAsync("/ogc/collections")).GetProperty("collections").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(collections);
        var read = 0;
        foreach (var collection in collections)
        {
            var api = await ApiAsync(username, ApiLists[collection]);
            var gdal = await GdalAsync(username, collection);
            Assert.Equal(api.Select(f => f.Id).Order(), gdal.Select(f => f.Id).Order());
            Assert.Empty(await app.QueryAsync("""
                SELECT o.id::text || ': ' || o.g || ' is not ' || a.g
                FROM unnest($1::bigint[], $2::text[]) o(id, g) JOIN unnest($3::bigint[], $4::text[]) a(id, g) USING (id)
                WHERE NOT ST_Equals(ST_GeomFromGeoJSON(o.g), ST_GeomFromGeoJSON(a.g))
                """, r => r.GetString(0), gdal.Select(f => f.Id).ToArray(), gdal.Select(f => f.Geometry).ToArray(),
                api.Select(f => f.Id).ToArray(), api.Select(f => f.Geometry).ToArray()));
            // RFC 7946: outer rings counterclockwise, holes clockwise.
            Assert.Empty(await app.QueryAsync("SELECT id FROM unnest($1::bigint[], $2::text[]) o(id, g) WHERE NOT ST_IsPolygonCCW(ST_GeomFromGeoJSON(g))",
                r => r.GetInt64(0), gdal.Select(f => f.Id).ToArray(), gdal.Select(f => f.Geometry).ToArray()));
            if (collection is "households" or "staff")
            {
                var apiNames = api.ToDictionary(f => f.Id, f => (Text(f.Properties, "name"), Text(f.Properties, "phone")));
                foreach (var f in gdal) Assert.Equal(apiNames[f.Id], (Text(f.Properties, "name"), Text(f.Properties, "phone")));
            }
            read += gdal.Count;
        }
        Assert.True(read > 0);
        if (collections.Contains("households"))
            Assert.True((await GdalAsync(username, "households")).Count > 1000, "households run to more than one page");
    }

    static string? Text(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [Fact]
    public async Task A_role_that_may_not_see_personal_data_reads_households_masked_and_unmasked_reads_are_recorded()
    {
        var planner = await app.GdalAsync(SmallDistrict.Planner, "ogr2ogr", "-f", "GeoJSON", "/vsistdout/", $"OAPIF:{app.BaseUrl}/ogc", "households", "-oo", "PAGE_SIZE=10000");
        var worker = await app.GdalAsync(SmallDistrict.Worker, "ogr2ogr", "-f", "GeoJSON", "/vsistdout/", $"OAPIF:{app.BaseUrl}/ogc", "households", "-oo", "PAGE_SIZE=10000");
        foreach (var personal in AuthApp.PersonalData.Append("13900000001").Append("党员1\""))
        {
            Assert.DoesNotContain(personal, planner);
            Assert.DoesNotContain(personal, worker);
        }
        Assert.Contains("张", planner); // 张建国, masked to its surname

        // The record is append-only: read what is added after this point.
        var before = (await app.QueryAsync("SELECT coalesce(max(id), 0) FROM personal_data_reads", r => r.GetInt64(0))).Single();
        using var leader = app.ClientFor(SmallDistrict.Leader);
        var page = Parse(await leader.GetStringAsync("/ogc/collections/households/items?limit=50"));
        Assert.Contains("张建国", page.GetRawText());
        var sent = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).ToArray();
        var one = await leader.GetAsync($"/ogc/collections/households/items/{sent[0]}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var recorded = await app.QueryAsync("SELECT username, what, household_ids FROM personal_data_reads WHERE id > $1 ORDER BY id",
            r => (r.GetString(0), r.GetString(1), r.GetFieldValue<long[]>(2)), before);
        Assert.Equal(2, recorded.Count);
        Assert.Equal((SmallDistrict.Leader, "GET /ogc/collections/households/items"), (recorded[0].Item1, recorded[0].Item2));
        Assert.Equal(sent.Order(), recorded[0].Item3.Order());
        Assert.Equal([sent[0]], recorded[1].Item3);
    }

    [Fact]
    public async Task A_caller_reads_only_its_area_and_a_feature_outside_it_answers_404()
    {
        using var centre = app.ClientFor(SmallDistrict.Centre);
        var eastHousehold = (await app.QueryAsync("SELECT id FROM households WHERE name = '刘芳'", r => r.GetInt64(0))).Single();
        Assert.Equal(HttpStatusCode.NotFound, (await centre.GetAsync($"/ogc/collections/households/items/{eastHousehold}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await centre.GetAsync($"/ogc/collections/cases/items/{Place.Outside.CaseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await centre.GetAsync($"/ogc/collections/grid_party/items/{Place.Outside.GridId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await centre.GetAsync("/ogc/collections/households/items/999999999")).StatusCode);
        var inside = await centre.GetAsync($"/ogc/collections/grid_party/items/{Place.Inside.GridId}");
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal("application/geo+json", inside.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Place.Inside.GridId, Parse(await inside.Content.ReadAsStringAsync()).GetProperty("id").GetInt64());

        // A grid worker: only the cases assigned to it.
        using var worker = app.ClientFor(SmallDistrict.Worker);
        var cases = Parse(await worker.GetStringAsync("/ogc/collections/cases/items"));
        Assert.Equal([Place.Inside.CaseId], cases.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));

        // A collection outside the role answers as if it did not exist.
        using var planner = app.ClientFor(SmallDistrict.Planner);
        Assert.Equal(HttpStatusCode.NotFound, (await planner.GetAsync("/ogc/collections/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await planner.GetAsync("/ogc/collections/cases/items")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await planner.GetAsync($"/ogc/collections/cases/items/{Place.Inside.CaseId}")).StatusCode);
        using var reporter = app.ClientFor(SmallDistrict.Reporter);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync("/ogc/collections")).StatusCode);
    }

    [Theory]
    [InlineData("bbox=121.1,31.8,121.2", "bbox")]
    [InlineData("bbox=a,b,c,d", "bbox")]
    [InlineData("bbox=121.1,31.8,221.2,31.9", "bbox")]
    [InlineData("bbox=121.1,31.9,121.2,31.8", "bbox")]
    [InlineData("bbox=", "bbox")]
    [InlineData("limit=", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("after=x", "after")]
    [InlineData("datetime=yesterday", "datetime")]
    [InlineData("colour=red", "colour")]
    public async Task A_bad_parameter_answers_400_naming_it(string query, string parameter)
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        await ProblemAssert.NamesFieldAsync(await http.GetAsync($"/ogc/collections/households/items?{query}"), parameter);
    }

    [Fact]
    public async Task A_page_has_counts_a_time_stamp_and_next_and_prev_links_and_a_limit_above_10000_is_taken_as_10000()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        var total = (await app.QueryAsync("SELECT count(*) FROM households", r => r.GetInt64(0))).Single();
        Assert.True(total > 10_000);

        var response = await http.GetAsync("/ogc/collections/households/items");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        var first = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("FeatureCollection", first.GetProperty("type").GetString());
        Assert.Equal(100, first.GetProperty("numberReturned").GetInt32());
        Assert.Equal(total, first.GetProperty("numberMatched").GetInt64());
        Assert.True(DateTimeOffset.TryParse(first.GetProperty("timeStamp").GetString(), out _));
        Assert.False(HasLink(first, "prev"));

        var big = Parse(await http.GetStringAsync("/ogc/collections/households/items?limit=20000"));
        Assert.Equal(10_000, big.GetProperty("numberReturned").GetInt32());
        var firstIds = big.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).ToList();
        var rest = Parse(await http.GetStringAsync(Link(big, "next")));
        var restIds = rest.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(total - 10_000, restIds.Count);
        Assert.False(HasLink(rest, "next"));
        Assert.False(rest.TryGetProperty("numberMatched", out _), "numberMatched is counted on the first page only");
        Assert.Equal(await app.QueryAsync("SELECT id FROM households ORDER BY id", r => r.GetInt64(0)), firstIds.Concat(restIds));
        var back = Parse(await http.GetStringAsync(Link(rest, "prev")));
        Assert.Equal(firstIds, back.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
        Assert.False(HasLink(back, "prev"));
    }

    [Fact]
    public async Task Limit_0_answers_the_count_alone_without_features_links_or_a_read_of_personal_data()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        var before = await app.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM personal_data_reads");
        var count = Parse(await http.GetStringAsync($"/ogc/collections/households/items?limit=0&bbox={Place.Outside.Bbox}"));
        var matched = await app.ScalarAsync<long>($"SELECT count(*) FROM households WHERE ST_Intersects(location, {Place.Outside.BboxSql})");
        Assert.True(matched > 0, "the box holds households, so a page of none is a choice, not an empty box");
        Assert.Equal(matched, count.GetProperty("numberMatched").GetInt64());
        Assert.Equal(0, count.GetProperty("numberReturned").GetInt32());
        Assert.Empty(count.GetProperty("features").EnumerateArray());
        Assert.False(HasLink(count, "next"));
        // Nothing was sent of anyone, so no read is recorded (an admin reads names unmasked).
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM personal_data_reads WHERE id > $1", before));
        // From a cursor too: no link to follow, as a page of none could not move on.
        var first = await app.ScalarAsync<long>("SELECT min(id) FROM households");
        var after = Parse(await http.GetStringAsync($"/ogc/collections/households/items?limit=0&after={first}"));
        Assert.Equal(0, after.GetProperty("numberReturned").GetInt32());
        Assert.False(HasLink(after, "next"));
        Assert.False(HasLink(after, "prev"));
    }

    [Fact]
    public async Task Bbox_keeps_the_features_that_intersect_it_and_the_collection_tells_its_extent_in_crs84()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        var east = Parse(await http.GetStringAsync($"/ogc/collections/households/items?bbox={Place.Outside.Bbox}"));
        var expected = await app.QueryAsync($"SELECT id FROM households WHERE location && {Place.Outside.BboxSql} ORDER BY id", r => r.GetInt64(0));
        Assert.Equal(expected, east.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));

        var collection = Parse(await http.GetStringAsync("/ogc/collections/district"));
        Assert.Equal("feature", collection.GetProperty("itemType").GetString());
        var spatial = collection.GetProperty("extent").GetProperty("spatial");
        Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", spatial.GetProperty("crs").GetString());
        Assert.Equal([121.10, 31.85, 121.30, 31.90], spatial.GetProperty("bbox")[0].EnumerateArray().Select(v => Math.Round(v.GetDouble(), 6)));
        Assert.True(HasLink(collection, "items"));
    }

    [Fact]
    public async Task A_kept_extent_is_the_callers_own_and_follows_a_change_of_the_data()
    {
        async Task<double[]> Served(string username, string collection)
        {
            using var http = app.ClientFor(username);
            var c = Parse(await http.GetStringAsync($"/ogc/collections/{collection}"));
            return [.. c.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => Math.Round(v.GetDouble(), 6))];
        }
        async Task<double[]> Expected(string rows) => (await app.QueryAsync(
            $"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(location) AS e FROM {rows}) x",
            r => new[] { r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3) }.Select(v => Math.Round(v, 6)).ToArray()))[0];

        // The admin's box first, then the grid worker's: its own cases, not the box kept for the admin.
        Assert.Equal(await Expected("cases"), await Served(SmallDistrict.Admin, "cases"));
        Assert.Equal(await Expected("cases WHERE assignee_id = 2"), await Served(SmallDistrict.Worker, "cases"));

        var before = await Served(SmallDistrict.Admin, "stations");
        Assert.Equal(before, await Served(SmallDistrict.Admin, "stations"));
        var moved = await app.QueryAsync("SELECT id, ST_AsText(location) FROM service_stations ORDER BY id LIMIT 1", r => (r.GetInt64(0), r.GetString(1)));
        await app.ExecuteAsync("UPDATE service_stations SET location = ST_SetSRID(ST_MakePoint(121.299, 31.899), 4326) WHERE id = $1", moved[0].Item1);
        try
        {
            var after = await Served(SmallDistrict.Admin, "stations");
            Assert.NotEqual(before, after);
            Assert.Equal(await Expected("service_stations"), after);
        }
        finally
        {
            await app.ExecuteAsync("UPDATE service_stations SET location = ST_GeomFromText($2, 4326) WHERE id = $1", moved[0].Item1, moved[0].Item2);
        }
    }

    [Fact]
    public async Task The_commands_of_docs_gis_md_work()
    {
        var doc = await File.ReadAllTextAsync(Path.Combine(TestDatabase.RepoRoot, "docs", "gis.md"));
        var section = doc[doc.IndexOf("## GDAL / ogr2ogr", StringComparison.Ordinal)..];
        var script = Regex.Match(section, "```sh\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("GRIDMAP=http://127.0.0.1:5080\n", script);
        script = script.Replace("GRIDMAP=http://127.0.0.1:5080\n", $"GRIDMAP={app.BaseUrl}\n");
        var folder = Directory.CreateTempSubdirectory("gridmap-gis-md-").FullName;
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("bash") { WorkingDirectory = folder };
            psi.Environment["GRIDMAP_USER"] = SmallDistrict.Centre;
            psi.Environment["GRIDMAP_PASSWORD"] = GridMapApp.Password;
            var summary = await ExternalProgram.RunAsync(psi, "-euo", "pipefail", "-c", script);
            Assert.Contains("Layer name: households", summary);

            // The GeoPackage holds what the centre may read; the GeoJSON the centre's cases in the box.
            var households = await app.QueryAsync("SELECT count(*) FROM households WHERE grid_id IN (SELECT area_subtree(2))", r => r.GetInt64(0));
            Assert.Contains($"Feature Count: {households.Single()}\n", await ExternalProgram.RunAsync("ogrinfo", "-ro", "-so", Path.Combine(folder, "gridmap.gpkg"), "households"));
            var grids = await app.QueryAsync("SELECT count(*) FROM areas WHERE level = 'grid' AND layer = 'party' AND id IN (SELECT area_subtree(2))", r => r.GetInt64(0));
            Assert.Contains($"Feature Count: {grids.Single()}\n", await ExternalProgram.RunAsync("ogrinfo", "-ro", "-so", Path.Combine(folder, "gridmap.gpkg"), "grid_party"));
            var cases = Parse(await File.ReadAllTextAsync(Path.Combine(folder, "cases.geojson"))).GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("id").GetInt64()).Order();
            var expected = await app.QueryAsync("""
                SELECT id FROM cases
                WHERE coalesce(grid_id, community_id, street_id, district_id) IN (SELECT area_subtree(2))
                  AND location && ST_MakeEnvelope(121.10, 31.85, 121.20, 31.90, 4326) ORDER BY id
                """, r => r.GetInt64(0));
            Assert.NotEmpty(expected);
            Assert.Equal(expected, cases);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
