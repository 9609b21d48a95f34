using GridMap.Core.Spatial;
using GridMap.Server.Territory;
using NetTopologySuite.IO;

namespace GridMap.Tests.Territory;

/// <summary>
/// Importing areas on a real PostGIS: a district in Dongcheng, Beijing, with one street, one
/// community and two Party grids side by side. Each test starts from an empty areas table.
/// </summary>
public class ImportTests(GridMapApp app) : IClassFixture<GridMapApp>, IAsyncLifetime
{
    const string District = "POLYGON ((116.3 39.8, 116.5 39.8, 116.5 40, 116.3 40, 116.3 39.8))";
    const string Street = "POLYGON ((116.38 39.88, 116.42 39.88, 116.42 39.92, 116.38 39.92, 116.38 39.88))";
    const string Community = "POLYGON ((116.4 39.9, 116.41 39.9, 116.41 39.91, 116.4 39.91, 116.4 39.9))";
    const string West = "POLYGON ((116.4 39.9, 116.405 39.9, 116.405 39.91, 116.4 39.91, 116.4 39.9))";
    const string East = "POLYGON ((116.405 39.9, 116.41 39.9, 116.41 39.91, 116.405 39.91, 116.405 39.9))";
    const string WestCode = "110101001001001", EastCode = "110101001001002";

    // One DELETE (foreign keys are checked at the end of the statement), not TRUNCATE … CASCADE,
    // which would reach the append-only case_events.
    public async Task InitializeAsync()
    {
        await Sql("DELETE FROM areas; ALTER TABLE areas ALTER COLUMN id RESTART WITH 1");
        await app.AddUserAsync("admin", GridMap.Server.Auth.Role.Admin);
    }
    public Task DisposeAsync() => Task.CompletedTask;

    static string Feature(string level, string code, string wkt, string? layer = null)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("properties");
            w.WriteString("level", level);
            w.WriteString("code", code);
            w.WriteString("name", $"{level} {code}");
            if (layer is not null) w.WriteString("layer", layer);
            w.WriteEndObject();
            w.WritePropertyName("geometry");
            GeoJson.WriteGeometry(w, new WKTReader().Read(wkt), decimals: 12);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    static string Collection(params string[] features) =>
        $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    static string[] Territory(string east = East) =>
    [
        Feature("district", "110101", District),
        Feature("street", "110101001", Street),
        Feature("community", "110101001001", Community),
        Feature("grid", WestCode, West),
        Feature("grid", EastCode, east),
    ];

    /// <summary>The eastern grid reaching west over its neighbour by a strip of about <paramref name="squareMetres"/>.</summary>
    static string EastOverlapping(double squareMetres)
    {
        var degrees = squareMetres / (85_495 * 1_110.4); // metres per degree of longitude at 39.905°, and the grid's height
        var west = (116.405 - degrees).ToString("R", CultureInfo.InvariantCulture);
        return $"POLYGON (({west} 39.9, 116.41 39.9, 116.41 39.91, {west} 39.91, {west} 39.9))";
    }

    async Task<HttpResponseMessage> Post(string body, string mediaType = "application/geo+json") =>
        await app.ClientFor("admin").PostAsync("/api/import/areas", new StringContent(body, Encoding.UTF8, mediaType));

    Task<long> AreaCount() => app.Database.ScalarAsync<long>("SELECT count(*) FROM areas");
    Task Sql(string sql) => app.Database.ScalarAsync<object>(sql + "; SELECT 1");

    /// <summary>PostGIS's own verdict: the geodesic area two WKT polygons share.</summary>
    Task<double> SharedSquareMetres(string a, string b) =>
        app.Database.ScalarAsync<double>("SELECT ST_Area(ST_Intersection(ST_GeomFromText($1, 4326), ST_GeomFromText($2, 4326))::geography)", a, b);

    static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Import_writes_every_area_with_its_parent_and_reports_counts_by_level()
    {
        var response = await Post(Collection([.. Territory(), Feature("micro_grid", WestCode + "001",
            "POLYGON ((116.401 39.901, 116.402 39.901, 116.402 39.902, 116.401 39.902, 116.401 39.901))")]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("""{"imported":6,"byLevel":{"district":1,"street":1,"community":1,"grid":2,"micro_grid":1}}""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(6, await AreaCount());
        Assert.Equal("110101>110101001, 110101001>110101001001, 110101001001>110101001001001, " +
                     "110101001001001>110101001001001001, 110101001001>110101001001002",
            await app.Database.ScalarAsync<string>("""
                SELECT string_agg(p.code || '>' || c.code, ', ' ORDER BY c.code)
                FROM areas c JOIN areas p ON p.id = c.parent_id
                """));
        Assert.Equal("party party", await app.Database.ScalarAsync<string>("SELECT string_agg(layer, ' ') FROM areas WHERE level = 'grid'"));
        Assert.True(await app.Database.ScalarAsync<bool>("""
            SELECT bool_and(ST_GeometryType(boundary) = 'ST_MultiPolygon' AND ST_SRID(boundary) = 4326)
                   AND bool_or(code = '110101001001001' AND ST_Equals(boundary, ST_GeomFromText($1, 4326)))
            FROM areas
            """, West));
        // PostGIS agrees the two grids tile the community: no shared area, nothing uncovered.
        Assert.True(await SharedSquareMetres(West, East) < 1e-6);
        Assert.True(await app.Database.ScalarAsync<double>("""
            SELECT ST_Area(ST_Difference(c.boundary, ST_Union(g.boundary))::geography)
            FROM areas c JOIN areas g ON g.parent_id = c.id WHERE c.level = 'community' GROUP BY c.boundary
            """) < 1e-6);
    }

    [Fact]
    public async Task Import_rejects_whole_collection_when_one_grid_overlaps_another()
    {
        var eastOverWest = EastOverlapping(100_000); // about a fifth of the western grid
        var response = await Post(Collection(Territory(east: eastOverWest)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("The areas were not imported", problem.GetProperty("title").GetString());
        Assert.Equal("1 problem(s) in 1 of 5 features; nothing was written", problem.GetProperty("detail").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(4, error.GetProperty("index").GetInt32());
        Assert.Equal(EastCode, error.GetProperty("code").GetString());
        Assert.Equal("geometry", error.GetProperty("field").GetString());
        var reason = error.GetProperty("reason").GetString()!;
        Assert.Matches(@"^overlaps grid 110101001001001 \(feature 3\) by \d+ m²$", reason);
        Assert.Equal(0, await AreaCount());

        var postgis = await SharedSquareMetres(West, eastOverWest);
        var reported = double.Parse(Regex.Match(reason, @"by (\d+) m²").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(postgis, reported, postgis * 0.002);
    }

    [Theory]
    [InlineData(0.5, HttpStatusCode.Created)]
    [InlineData(3.0, HttpStatusCode.BadRequest)]
    public async Task Overlap_tolerance_of_one_square_metre_agrees_with_postgis(double squareMetres, HttpStatusCode expected)
    {
        var east = EastOverlapping(squareMetres);
        var postgis = await SharedSquareMetres(West, east);
        Assert.Equal(expected == HttpStatusCode.BadRequest, postgis > 1); // the test's own premise, by PostGIS

        var response = await Post(Collection(Territory(east)));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Created ? 5 : 0, await AreaCount());
    }

    [Fact]
    public async Task Every_bad_feature_is_listed_and_nothing_is_written()
    {
        var features = Territory();
        features[1] = Feature("street", "110101001", "POLYGON ((39.88 116.38, 39.88 116.42, 39.92 116.42, 39.92 116.38, 39.88 116.38))");
        features[3] = """{"type":"Feature","properties":{"level":"grid","code":"110101001001001","name":"W"},"geometry":{"type":"Polygon","coordinates":[[[116.4,39.9],[116.405,39.9],[116.405,39.91],[116.4,39.91]]]}}""";
        var response = await Post(Collection([.. features, Feature("grid", EastCode, East)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("reason").GetString())).ToList();
        Assert.Equal([
            (1, "geometry", "coordinates look like lat/lon (the first is [39.88, 116.38]); GeoJSON wants lon/lat"),
            (3, "geometry", "ring 0 is not closed: its first and last positions differ"),
            (5, "code", "duplicate code in the party layer: feature 4 has the same code"),
        ], errors);
        Assert.Equal(0, await AreaCount());
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\uDC00")] // half of a surrogate pair
    public async Task A_name_that_cannot_be_stored_is_listed_and_nothing_is_written(string escape)
    {
        var features = Territory();
        features[3] = features[3].Replace($"\"name\":\"grid {WestCode}\"", $"\"name\":\"网格{escape}\"");
        var response = await Post(Collection(features));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await Json(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "name"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Equal(0, await AreaCount());
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[""", "malformed JSON: ")]
    [InlineData("""{"type":"Feature","geometry":null}""", "the document is not a GeoJSON FeatureCollection")]
    [InlineData("""{"type":"FeatureCollection","features":[]}""", "the FeatureCollection has no features: nothing to import")]
    public async Task Unreadable_body_is_a_400_naming_the_problem(string body, string reasonStart)
    {
        var response = await Post(body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("The body is not a GeoJSON FeatureCollection", problem.GetProperty("title").GetString());
        Assert.StartsWith(reasonStart, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Malformed_json_names_the_line_and_position()
    {
        var detail = (await Json(await Post("{\"type\":\"FeatureCollection\",\n\"features\":[}"))).GetProperty("detail").GetString();
        Assert.Contains("LineNumber: 1 | BytePositionInLine: 12", detail);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_unsupported() =>
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Post(Collection(Territory()), "text/csv")).StatusCode);

    [Fact]
    public async Task Importing_a_stored_code_again_is_rejected_as_a_duplicate()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post(Collection(Feature("district", "110101", District)))).StatusCode);
        var storedId = await app.Database.ScalarAsync<long>("SELECT id FROM areas WHERE code = '110101'");

        var response = await Post(Collection(Territory()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await Json(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal((0, "code"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Equal($"duplicate code: area {storedId} in the database has it already (an import adds areas, it never replaces them)",
            error.GetProperty("reason").GetString());
        Assert.Equal(1, await AreaCount());
    }

    [Fact]
    public async Task Grids_import_into_a_stored_community()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post(Collection(Territory()[..3]))).StatusCode);
        var communityId = await app.Database.ScalarAsync<long>("SELECT id FROM areas WHERE code = '110101001001'");

        var response = await Post(Collection(Feature("grid", WestCode, West), Feature("grid", EastCode, East)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([communityId, communityId], await GridParents());
    }

    [Fact]
    public async Task New_grid_overlapping_the_stored_grids_of_its_community_is_rejected()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post(Collection(Territory()))).StatusCode);
        var eastId = await app.Database.ScalarAsync<long>("SELECT id FROM areas WHERE code = $1", EastCode);

        var response = await Post(Collection(Feature("grid", "110101001001003",
            "POLYGON ((116.408 39.9, 116.41 39.9, 116.41 39.901, 116.408 39.901, 116.408 39.9))")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await Json(response)).GetProperty("errors").EnumerateArray());
        Assert.StartsWith($"overlaps grid {EastCode} (area {eastId} in the database) by ", error.GetProperty("reason").GetString());
        Assert.Equal(5, await AreaCount());
    }

    [Fact]
    public async Task Refusal_by_the_database_rolls_back_the_areas_already_written()
    {
        // A trigger stands in for a concurrent writer: it refuses the grids, after their parents were inserted.
        await Sql("""
            CREATE FUNCTION refuse_grids() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'grids are refused today' USING ERRCODE = 'check_violation'; END $$;
            CREATE TRIGGER refuse_grids BEFORE INSERT ON areas FOR EACH ROW WHEN (NEW.level = 'grid') EXECUTE FUNCTION refuse_grids()
            """);
        try
        {
            var response = await Post(Collection(Territory()));

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var problem = await Json(response);
            Assert.Equal("The database refused the import", problem.GetProperty("title").GetString());
            Assert.Equal("grids are refused today; nothing was written", problem.GetProperty("detail").GetString());
            Assert.Equal(0, await AreaCount());
        }
        finally { await Sql("DROP TRIGGER refuse_grids ON areas; DROP FUNCTION refuse_grids()"); }
    }

    async Task<long[]> GridParents()
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT array_agg(parent_id ORDER BY code) FROM areas WHERE level = 'grid'", conn);
        return (long[])(await cmd.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Body_over_the_limit_is_a_413_problem(bool lengthKnown)
    {
        using var small = app.WithWebHostBuilder(b => b.UseSetting("GRIDMAP_IMPORT_MAX_BYTES", "1000"));
        var bytes = Encoding.UTF8.GetBytes(Collection(Territory()));
        HttpContent content = lengthKnown ? new ByteArrayContent(bytes) : new StreamContent(new UnseekableStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");

        var http = small.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenFor("admin"));
        var response = await http.PostAsync("/api/import/areas", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("an import may be at most 1,000 bytes; split the file, for instance one street at a time",
            (await Json(response)).GetProperty("detail").GetString());
        Assert.Equal(0, await AreaCount());
    }

    sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task Import_command_lists_the_problems_and_fails_then_imports_the_fixed_file()
    {
        var db = (NpgsqlDataSource)app.Services.GetService(typeof(NpgsqlDataSource))!;
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, Collection(Territory(east: EastOverlapping(100_000))));
            var (output, errors) = (new StringWriter(), new StringWriter());
            Assert.Equal(1, await ImportCommand.RunAsync(db, path, output, errors));
            Assert.Contains("rejected: 1 problem(s) in 1 of 5 features; nothing was written", errors.ToString());
            Assert.Matches(@"\n  feature 4 \(110101001001002\) geometry: overlaps grid 110101001001001 \(feature 3\) by \d+ m²", errors.ToString());
            Assert.Equal("", output.ToString());
            Assert.Equal(0, await AreaCount());

            await File.WriteAllTextAsync(path, Collection(Territory()));
            (output, errors) = (new StringWriter(), new StringWriter());
            Assert.Equal(0, await ImportCommand.RunAsync(db, path, output, errors));
            Assert.Equal("imported 5 areas: 1 district, 1 street, 1 community, 2 grid\n", output.ToString().ReplaceLineEndings("\n"));
            Assert.Contains("reading: 5 of 5", errors.ToString());
            Assert.Contains("writing: 5 of 5", errors.ToString());
            Assert.Equal(5, await AreaCount());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Import_command_without_the_file_says_so()
    {
        var db = (NpgsqlDataSource)app.Services.GetService(typeof(NpgsqlDataSource))!;
        var errors = new StringWriter();
        Assert.Equal(2, await ImportCommand.RunAsync(db, "/nonexistent/areas.geojson", TextWriter.Null, errors));
        Assert.Equal("import: no such file: /nonexistent/areas.geojson", errors.ToString().Trim());
    }

    [Fact]
    public async Task Server_import_verb_exits_non_zero_on_a_rejected_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, Collection(Territory(east: EastOverlapping(100_000))));
            var server = Path.Combine(AppContext.BaseDirectory, "GridMap.Server.dll");
            var psi = new ProcessStartInfo("dotnet", [server, "import", path])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
                Environment = { ["GRIDMAP_DB"] = app.Database.ServiceConnectionString, ["GRIDMAP_DB_OWNER"] = app.Database.OwnerConnectionString, ["GRIDMAP_STATE"] = app.StateFolder, ["Logging__LogLevel__Default"] = "Warning" },
            };
            using var process = Process.Start(psi)!;
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Equal(1, process.ExitCode);
            Assert.Contains("feature 4 (110101001001002) geometry: overlaps grid 110101001001001 (feature 3)", await errors);
            Assert.Equal(0, await AreaCount());
        }
        finally { File.Delete(path); }
    }
}
