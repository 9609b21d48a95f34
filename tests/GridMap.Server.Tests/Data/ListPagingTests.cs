namespace GridMap.Tests.Data;

/// <summary>
/// Every list answers a page at a time (a default and a maximum limit, a next link) and paging
/// to the end returns every row exactly once, checked against SQL. These tests write, so they
/// have a district of their own.
/// </summary>
public class ListPagingTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    string Db => app.Database.ConnectionString;

    /// <summary>Each list and the SQL that gives its rows' ids in its order, for the admin (who sees everything).</summary>
    public static TheoryData<string, string> Lists => new()
    {
        { "/api/areas", "SELECT id FROM areas ORDER BY id" },
        { "/api/households", "SELECT id FROM households ORDER BY id" },
        { "/api/stations", "SELECT id FROM service_stations ORDER BY id" },
        { "/api/staff", "SELECT id FROM staff WHERE location IS NOT NULL ORDER BY id" },
        { "/api/cases", "SELECT id FROM cases ORDER BY id DESC" },
    };

    async Task<List<long>> Ids(string sql, params object?[] args) => await Sql.QueryAsync(Db, sql, r => r.GetInt64(0), args);

    static long[] FeatureIds(JsonElement page) =>
        [.. page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetInt64())];

    static string? Next(JsonElement page) =>
        page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
            .Select(l => l.GetProperty("href").GetString()).SingleOrDefault();

    async Task<JsonElement> GetPage(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var page = JsonDocument.Parse(body).RootElement;
        Assert.Equal(page.GetProperty("features").GetArrayLength(), page.GetProperty("numberReturned").GetInt32());
        return page;
    }

    /// <summary>Follows the next links to the end; each page holds at most <paramref name="limit"/> features. <paramref name="between"/> runs after the first page.</summary>
    async Task<List<long>> ReadToTheEnd(string first, int limit, Func<Task>? between = null)
    {
        var http = app.AdminClient();
        var ids = new List<long>();
        for (string? url = first; url is not null;)
        {
            var page = await GetPage(http, url);
            var onPage = FeatureIds(page);
            Assert.True(onPage.Length <= limit, $"{url}: {onPage.Length} features, limit {limit}");
            ids.AddRange(onPage);
            url = Next(page);
            if (url is not null) Assert.Equal(limit, onPage.Length); // only the last page is short
            if (ids.Count == onPage.Length && between is not null) await between();
        }
        return ids;
    }

    async Task ReportCasesAsync(int count)
    {
        var http = app.AdminClient();
        var places = await Sql.QueryAsync(Db, "SELECT ST_X(location), ST_Y(location) FROM households ORDER BY md5(id::text) LIMIT $1",
            r => (Lon: r.GetDouble(0), Lat: r.GetDouble(1)), count);
        foreach (var (lon, lat) in places)
        {
            var response = await http.PostAsJsonAsync("/api/cases", new { lon, lat, categoryCode = "environmental_sanitation", description = "垃圾满溢" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_list_without_a_limit_answers_the_default_page_and_a_link_to_the_next()
    {
        var households = await Ids("SELECT id FROM households ORDER BY id");
        Assert.True(households.Count > Page.DefaultLimit, $"the demo has only {households.Count} households");

        var page = await GetPage(app.AdminClient(), "/api/households");

        Assert.Equal(households.Take(Page.DefaultLimit), FeatureIds(page));
        Assert.Equal($"/api/households?after={households[Page.DefaultLimit - 1]}", Next(page));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Paging_to_the_end_returns_every_row_exactly_once_in_the_lists_order(string list, string sql)
    {
        if (list == "/api/cases") await ReportCasesAsync(23);
        var expected = await Ids(sql);
        Assert.True(expected.Count > 7, $"{list}: only {expected.Count} rows, too few to page");

        var ids = await ReadToTheEnd($"{list}?limit=7", 7);

        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task Rows_written_while_paging_neither_repeat_nor_push_out_the_rows_that_were_there()
    {
        await ReportCasesAsync(20);
        var cases = await Ids("SELECT id FROM cases ORDER BY id DESC");
        var households = await Ids("SELECT id FROM households ORDER BY id");

        // Newest first: cases reported after the first page are newer than the cursor and stay out.
        var readCases = await ReadToTheEnd("/api/cases?limit=6", 6, () => ReportCasesAsync(3));
        Assert.Equal(cases, readCases);

        // Oldest first: a household written after the first page comes last, once.
        var readHouseholds = await ReadToTheEnd("/api/households?limit=1000", 1000, () => Sql.ExecuteAsync(Db,
            "INSERT INTO households (name, members, kind, location) SELECT '新户', 2, 'member', location FROM households WHERE id = $1", households[0]));
        var added = (await Ids("SELECT id FROM households ORDER BY id")).Except(households).Single();
        Assert.Equal([.. households, added], readHouseholds);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_bbox_is_honoured_on_every_page(string list, string sql)
    {
        if (list == "/api/cases") await ReportCasesAsync(23);
        // The west half of the district's households' extent.
        var box = (await Sql.QueryAsync(Db, """
            SELECT ST_XMin(e), ST_YMin(e), (ST_XMin(e) + ST_XMax(e)) / 2, ST_YMax(e) FROM (SELECT ST_Extent(location) AS e FROM households) x
            """, r => new[] { r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3) })).Single();
        var bbox = string.Join(",", box.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var (table, column, where) = list switch
        {
            "/api/areas" => ("areas", "boundary", ""),
            "/api/households" => ("households", "location", ""),
            "/api/stations" => ("service_stations", "location", ""),
            "/api/staff" => ("staff", "location", "location IS NOT NULL AND "),
            _ => ("cases", "location", ""),
        };
        var order = sql.EndsWith("DESC") ? "DESC" : "";
        var expected = await Ids($"SELECT id FROM {table} WHERE {where}{column} && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY id {order}",
            box[0], box[1], box[2], box[3]);
        Assert.True(expected.Count > 3 && expected.Count < (await Ids(sql)).Count, $"{list}: the box holds {expected.Count} rows");

        var ids = await ReadToTheEnd($"{list}?bbox={bbox}&limit=3", 3);

        Assert.Equal(expected, ids);
    }

    [Theory]
    [InlineData("/api/households?limit=10001", "limit")]
    [InlineData("/api/cases?limit=10001", "limit")]
    [InlineData("/api/areas?limit=0", "limit")]
    [InlineData("/api/stations?limit=ten", "limit")]
    [InlineData("/api/staff?limit=-5", "limit")]
    [InlineData("/api/cases?after=12abc", "after")]
    [InlineData("/api/households?after=-1", "after")]
    [InlineData("/api/areas?after=1.5", "after")]
    [InlineData("/api/stations?after=99999999999999999999", "after")]
    [InlineData("/api/staff?after=", "after")]
    public async Task A_limit_over_the_maximum_or_a_malformed_cursor_is_a_400_naming_it(string url, string field)
    {
        await ProblemAssert.NamesFieldAsync(await app.AdminClient().GetAsync(url), field);
    }

    [Fact]
    public async Task The_maximum_limit_is_accepted()
    {
        var page = await GetPage(app.AdminClient(), $"/api/households?limit={Page.MaxLimit}");
        Assert.Equal((await Ids("SELECT id FROM households ORDER BY id LIMIT $1", Page.MaxLimit)).Count, page.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task An_unmasked_read_records_the_households_of_the_page_it_sent()
    {
        var page = await GetPage(app.AdminClient(), "/api/households?limit=5&after=10");

        var recorded = (await Sql.QueryAsync(Db, "SELECT household_ids FROM personal_data_reads ORDER BY id DESC LIMIT 1", r => r.GetFieldValue<long[]>(0))).Single();
        Assert.Equal(FeatureIds(page), recorded);
        Assert.Equal([11L, 12, 13, 14, 15], recorded);
    }
}
