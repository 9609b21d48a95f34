namespace GridMap.Tests.Coverage;

/// <summary>Coverage of the demo district, checked against PostGIS computing the same thing its own way.</summary>
public class CoverageTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    string Db => app.Database.ConnectionString;

    static string Query(string level, bool includePlanned, double? radiusM, long? areaId = null, string mode = "straight") =>
        FormattableString.Invariant($"stationLevel={level}&includePlanned={(includePlanned ? "true" : "false")}&mode={mode}")
        + (radiusM is double r ? FormattableString.Invariant($"&radiusM={r}") : "") + (areaId is long a ? $"&areaId={a}" : "");

    async Task<JsonElement> Get(string path) => await app.AdminClient().GetFromJsonAsync<JsonElement>(path);

    static (long Total, long Covered) TallyOf(JsonElement e) => (e.GetProperty("total").GetInt64(), e.GetProperty("covered").GetInt64());

    [Theory]
    [InlineData("all", true, null)]
    [InlineData("all", true, 500.0)]
    [InlineData("all", false, 300.0)]
    [InlineData("community", true, 1000.0)]
    [InlineData("grid", true, null)]
    [InlineData("street", true, 1500.0)]
    public async Task Every_household_is_covered_exactly_when_ST_DWithin_geography_says_so(string level, bool includePlanned, double? radiusM)
    {
        var expected = await IndependentCoverage.CoveredHouseholdsAsync(Db, level, includePlanned, radiusM);
        var q = Query(level, includePlanned, radiusM);
        var coverage = await Get($"/api/coverage?{q}");
        var uncovered = (await Get($"/api/coverage/uncovered?{q}")).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetInt64()).ToHashSet();

        var disagree = expected.Where(h => !h.NearEdge && h.Covered == uncovered.Contains(h.Id)).Select(h => h.Id).ToList();
        Assert.Empty(disagree);
        int nearEdge = expected.Count(h => h.NearEdge);
        Assert.True(nearEdge <= expected.Count / 100, $"{nearEdge} households within 0.5 m of an edge");
        var (total, covered) = TallyOf(coverage.GetProperty("households"));
        Assert.Equal(expected.Count, total);
        Assert.InRange(covered, expected.Count(h => h.Covered) - nearEdge, expected.Count(h => h.Covered) + nearEdge);
        Assert.Equal(total - covered, uncovered.Count);
        Assert.InRange(covered, 1, total - 1);
        var (members, coveredMembers) = TallyOf(coverage.GetProperty("members"));
        Assert.Equal(expected.Sum(h => h.Members), members);
        if (nearEdge == 0) Assert.Equal(expected.Where(h => h.Covered).Sum(h => h.Members), coveredMembers);
    }

    [Fact]
    public async Task Uncovered_households_carry_no_personal_data()
    {
        var uncovered = await Get("/api/coverage/uncovered?radiusM=300");
        var first = uncovered.GetProperty("features")[0];
        Assert.Equal("Point", first.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(["gridId", "id"], first.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("radiusM=300")]
    [InlineData("radiusM=500&mode=walking")]
    [InlineData("stationLevel=grid&includePlanned=false")]
    public async Task Uncovered_points_are_the_uncovered_households_where_the_GeoJSON_puts_them(string query)
    {
        var features = (await Get($"/api/coverage/uncovered?{query}")).GetProperty("features").EnumerateArray().ToList();
        var points = await Get($"/api/coverage/uncovered/points?{query}");
        var ids = points.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()).ToList();
        var lonLat = points.GetProperty("lonLat").EnumerateArray().Select(x => x.GetDouble()).ToList();
        Assert.NotEmpty(features);
        Assert.Equal(features.Select(f => f.GetProperty("properties").GetProperty("id").GetInt64()), ids);
        Assert.Equal(2 * ids.Count, lonLat.Count);
        for (int k = 0; k < features.Count; k++)
        {
            var at = features[k].GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(at[0].GetDouble(), lonLat[2 * k], 1e-6);
            Assert.Equal(at[1].GetDouble(), lonLat[2 * k + 1], 1e-6);
        }
    }

    [Theory]
    [InlineData("320614", 500.0)] // the district
    [InlineData("320614002", null)] // 滨江街道
    [InlineData("320614001003", 300.0)] // a community
    public async Task Rows_per_grid_match_PostGIS_and_communities_and_totals_add_up(string areaCode, double? radiusM)
    {
        long areaId = (await Sql.QueryAsync(Db, "SELECT id FROM areas WHERE code = $1 AND layer IS NULL", r => r.GetInt64(0), areaCode)).Single();
        var under = (await Sql.QueryAsync(Db, """
            WITH RECURSIVE sub AS (SELECT id, level FROM areas WHERE id = $1
                                   UNION ALL SELECT a.id, a.level FROM areas a JOIN sub ON a.parent_id = sub.id WHERE a.layer IS NULL OR a.layer = 'party')
            SELECT id, level FROM sub
            """, r => (Id: r.GetInt64(0), Level: r.GetString(1)), areaId)).ToList();
        var grids = under.Where(a => a.Level == "grid").Select(a => a.Id).ToHashSet();
        var households = (await IndependentCoverage.CoveredHouseholdsAsync(Db, "all", true, radiusM)).Where(h => grids.Contains(h.Grid)).ToList();

        var coverage = await Get($"/api/coverage?{Query("all", true, radiusM, areaId)}");
        var rows = coverage.GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(under.Count(a => a.Level is "grid" or "community" && a.Id != areaId), rows.Count);
        foreach (var row in rows.Where(r => r.GetProperty("level").GetString() == "grid"))
        {
            var inGrid = households.Where(h => h.Grid == row.GetProperty("id").GetInt64()).ToList();
            int slack = inGrid.Count(h => h.NearEdge);
            var (total, covered) = TallyOf(row.GetProperty("households"));
            Assert.Equal(inGrid.Count, total);
            Assert.InRange(covered, inGrid.Count(h => h.Covered) - slack, inGrid.Count(h => h.Covered) + slack);
            Assert.Equal(inGrid.Sum(h => h.Members), TallyOf(row.GetProperty("members")).Total);
        }
        foreach (var community in rows.Where(r => r.GetProperty("level").GetString() == "community"))
        {
            var itsGrids = rows.Where(r => r.GetProperty("parentId").GetInt64() == community.GetProperty("id").GetInt64()).ToList();
            Assert.NotEmpty(itsGrids);
            foreach (var figure in new[] { "households", "members", "residents" })
                Assert.Equal((itsGrids.Sum(g => TallyOf(g.GetProperty(figure)).Total), itsGrids.Sum(g => TallyOf(g.GetProperty(figure)).Covered)),
                    TallyOf(community.GetProperty(figure)));
        }
        var gridRows = rows.Where(r => r.GetProperty("level").GetString() == "grid").ToList();
        foreach (var figure in new[] { "households", "members", "residents" })
            Assert.Equal((gridRows.Sum(g => TallyOf(g.GetProperty(figure)).Total), gridRows.Sum(g => TallyOf(g.GetProperty(figure)).Covered)),
                TallyOf(coverage.GetProperty(figure)));
        var share = coverage.GetProperty("households").GetProperty("share").GetDouble();
        var (t, c) = TallyOf(coverage.GetProperty("households"));
        Assert.Equal((double)c / t, share, 12);
    }

    [Fact]
    public async Task Covered_residents_are_each_grids_population_times_its_covered_share_of_ground()
    {
        // PostGIS: the fraction of each grid's area within 500 m of some station (spheroid areas).
        var expected = (await Sql.QueryAsync(Db, """
            WITH covered AS (SELECT ST_Union(ST_Buffer(location::geography, 500, 'quad_segs=32')::geometry) AS g FROM service_stations)
            SELECT a.id, a.population, ST_Area(ST_Intersection(a.boundary, covered.g)::geography) / ST_Area(a.boundary::geography)
            FROM areas a, covered WHERE a.level = 'grid'
            """, r => (Id: r.GetInt64(0), Population: r.GetInt32(1), Fraction: r.GetDouble(2)))).ToDictionary(x => x.Id);

        var coverage = await Get("/api/coverage?radiusM=500");

        var rows = coverage.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("level").GetString() == "grid").ToList();
        Assert.Equal(expected.Count, rows.Count);
        var errors = rows.Select(r =>
        {
            var e = expected[r.GetProperty("id").GetInt64()];
            var (total, covered) = TallyOf(r.GetProperty("residents"));
            Assert.Equal(e.Population, total);
            return (covered - e.Population * e.Fraction) / e.Population;
        }).ToList();
        // A 50 m lattice: each grid within 10% of its population, nearly all within 3%, the district within 0.5%.
        Assert.All(errors, e => Assert.InRange(e, -0.10, 0.10));
        Assert.True(errors.Count(e => Math.Abs(e) > 0.03) <= errors.Count / 20, string.Join(", ", errors.Where(e => Math.Abs(e) > 0.03)));
        var (all, allCovered) = TallyOf(coverage.GetProperty("residents"));
        double expectedCovered = expected.Values.Sum(e => e.Population * e.Fraction);
        Assert.InRange(allCovered, expectedCovered * 0.995, expectedCovered * 1.005);
        Assert.Equal(expected.Values.Sum(e => (long)e.Population), all);
    }

    [Theory]
    [InlineData("320614", 500.0)]
    [InlineData("320614001", null)]
    public async Task Covered_shape_is_PostGIS_union_of_geography_buffers_clipped_to_the_area(string areaCode, double? radiusM)
    {
        long areaId = (await Sql.QueryAsync(Db, "SELECT id FROM areas WHERE code = $1 AND layer IS NULL", r => r.GetInt64(0), areaCode)).Single();
        var shape = await app.AdminClient().GetStringAsync($"/api/coverage/shape?{Query("all", true, radiusM, areaId)}");
        var geometry = JsonDocument.Parse(shape).RootElement.GetProperty("geometry").GetRawText();

        var (expected, got, apart) = (await Sql.QueryAsync(Db, """
            WITH truth AS (
                SELECT ST_Intersection(ST_Union(ST_Buffer(s.location::geography, coalesce($2::float8, s.radius_m), 'quad_segs=64')::geometry),
                                       (SELECT boundary FROM areas WHERE id = $1)) AS g
                FROM service_stations s),
            api AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($3), 4326) AS g)
            SELECT ST_Area(truth.g::geography), ST_Area(api.g::geography), ST_Area(ST_SymDifference(truth.g, api.g)::geography)
            FROM truth, api
            """, r => (r.GetDouble(0), r.GetDouble(1), r.GetDouble(2)), areaId, radiusM, geometry)).Single();

        Assert.True(expected > 1e6, $"covered {expected} m²");
        Assert.InRange(got, expected * 0.995, expected * 1.001);
        Assert.True(apart < expected * 0.01, $"the shapes differ by {apart:F0} m² of {expected:F0} m²");
    }

    [Fact]
    public async Task Walking_covers_no_household_the_straight_line_does_not_and_fewer_in_all()
    {
        var straight = await Get("/api/coverage/uncovered?radiusM=500");
        var walking = await Get("/api/coverage/uncovered?radiusM=500&mode=walking");
        var ids = (JsonElement c) => c.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetInt64()).ToHashSet();

        Assert.Superset(ids(straight), ids(walking));
        var walked = await Get("/api/coverage?radiusM=500&mode=walking");
        var (total, covered) = TallyOf(walked.GetProperty("households"));
        Assert.Equal(total - ids(walking).Count, covered);
        Assert.True(ids(walking).Count > ids(straight).Count * 1.2, $"{ids(walking).Count} uncovered on foot, {ids(straight).Count} by straight line");
        Assert.Equal("walking", walked.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Report_csv_opens_in_a_spreadsheet_with_bom_bilingual_header_and_a_row_per_area()
    {
        var response = await app.AdminClient().GetAsync("/api/coverage/report.csv?radiusM=500");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var coverage = await Get("/api/coverage?radiusM=500");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("coverage-320614-500m-straight.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("级别 (Level),编码 (Code),名称 (Name),上级编码 (Parent code),党员户数 (Households),覆盖户数 (Covered households),户覆盖率% (Household share %)", lines[0]);
        Assert.Equal(2 + coverage.GetProperty("rows").GetArrayLength(), lines.Length);
        var (total, covered) = TallyOf(coverage.GetProperty("households"));
        Assert.Equal(["区 (district) 合计 (total)", "320614", "海门区", "", total.ToString(), covered.ToString(),
            (100.0 * covered / total).ToString("0.00", CultureInfo.InvariantCulture)], lines[1].Split(',')[..7]);
        var firstRow = coverage.GetProperty("rows")[0];
        Assert.StartsWith($"社区 (community),{firstRow.GetProperty("code").GetString()},{firstRow.GetProperty("name").GetString()},", lines[2]);
        Assert.All(lines, l => Assert.Equal(13, l.Split(',').Length + (l.Contains('"') ? -1 : 0)));
    }

    [Theory]
    [InlineData("/api/coverage?radiusM=0", "radiusM")]
    [InlineData("/api/coverage?radiusM=25000", "radiusM")]
    [InlineData("/api/coverage?radiusM=wide", "radiusM")]
    [InlineData("/api/coverage?radiusM=NaN", "radiusM")]
    [InlineData("/api/coverage?areaId=first", "areaId")]
    [InlineData("/api/coverage?includePlanned=maybe", "includePlanned")]
    [InlineData("/api/coverage?stationLevel=town", "stationLevel")]
    [InlineData("/api/coverage?mode=flying", "mode")]
    [InlineData("/api/coverage/uncovered?radiusM=-5", "radiusM")]
    [InlineData("/api/coverage/shape?stationLevel=village", "stationLevel")]
    [InlineData("/api/coverage/report.csv?mode=bus", "mode")]
    public async Task Bad_query_is_a_400_naming_the_field(string path, string field)
    {
        await ProblemAssert.NamesFieldAsync(await app.AdminClient().GetAsync(path), field);
    }


    [Fact]
    public async Task An_unknown_area_is_a_404()
    {
        var response = await app.AdminClient().GetAsync("/api/coverage?areaId=987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"radiusM":500}""", "k")]
    [InlineData("""{"k":0,"radiusM":500}""", "k")]
    [InlineData("""{"k":3}""", "radiusM")]
    [InlineData("""{"k":3,"radiusM":500,"existingRadiusM":-1}""", "existingRadiusM")]
    [InlineData("""{"k":3,"radiusM":500,"latticeSpacingM":1}""", "latticeSpacingM")]
    [InlineData("""{"k":3,"radiusM":500,"stationLevel":"town"}""", "stationLevel")]
    [InlineData("""{"k":3,"radiusM":500,"candidates":{"type":"Point","coordinates":[121.1,31.8]}}""", "candidates")]
    [InlineData("""{"k":3,"radiusM":500,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[121.1,31.8],[121.2,31.8]]},"properties":{}}]}}""", "candidates")]
    public async Task Bad_suggestion_request_is_a_400_naming_the_field(string body, string field)
    {
        var response = await app.AdminClient().PostAsync("/api/coverage/suggest", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"lon":200,"lat":31.8,"radiusM":500}""", "lon")]
    [InlineData("""{"lon":121.1,"radiusM":500}""", "lat")]
    [InlineData("""{"lon":121.1,"lat":31.8}""", "radiusM")]
    [InlineData("""{"lon":121.1,"lat":31.8,"radiusM":500,"level":"town"}""", "level")]
    public async Task Bad_accept_request_is_a_400_naming_the_field(string body, string field)
    {
        var response = await app.AdminClient().PostAsync("/api/coverage/accept", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
