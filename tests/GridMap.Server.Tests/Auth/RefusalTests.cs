namespace GridMap.Tests.Auth;

/// <summary>Whatever is wrong with a request, the refusal is a ProblemDetails that names it, and never PostgreSQL's words.</summary>
public class RefusalTests(AuthApp app) : IClassFixture<AuthApp>
{
    static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    static string[] Fields(JsonElement problem) => [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)];

    static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    [Theory]
    [InlineData("""{"username":12,"password":"x"}""", "username")]
    [InlineData("""{"username":"admin","password":["x"]}""", "password")]
    [InlineData("""{"username":"admin",""", "body")]
    [InlineData("""[]""", "body")]
    public async Task Malformed_json_names_the_field_where_it_broke_or_else_the_body(string body, string field)
    {
        var problem = await Problem(await app.CreateClient().PostAsync("/api/auth/login", Json(body)), HttpStatusCode.BadRequest);
        Assert.Equal([field], Fields(problem));
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=\"x-no-such-thing\"")]
    public async Task A_charset_no_decoder_knows_is_a_415_naming_the_content_type(string contentType)
    {
        var content = new ByteArrayContent("""{"username":"admin","password":"x"}"""u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var problem = await Problem(await app.CreateClient().PostAsync("/api/auth/login", content), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("Content-Type", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_naming_the_content_type()
    {
        var problem = await Problem(await app.ClientFor(SmallDistrict.Admin).PostAsync("/api/cases", Json("lon=121", "text/plain")), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(["Content-Type"], Fields(problem));
    }

    [Fact]
    public async Task A_client_that_asks_for_xml_still_learns_what_is_wrong()
    {
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Accept.ParseAdd("application/xml");

        var malformed = await Problem(await http.PostAsync("/api/auth/login", Json("""{"username":12}""")), HttpStatusCode.BadRequest);
        Assert.Equal(["username"], Fields(malformed));
        var invalid = await Problem(await http.PostAsync("/api/auth/login", Json("""{"username":"","password":"x"}""")), HttpStatusCode.BadRequest);
        Assert.Equal(["username"], Fields(invalid));
    }

    [Theory]
    [InlineData("/api/cases/abc")]
    [InlineData("/api/cases/9223372036854775808/events")]
    [InlineData("/api/no-such-thing")]
    public async Task A_path_that_no_endpoint_answers_is_a_404_naming_the_path(string path)
    {
        var problem = await Problem(await app.ClientFor(SmallDistrict.Admin).GetAsync(path), HttpStatusCode.NotFound);
        Assert.Contains(path, problem.GetProperty("detail").GetString());
    }

    /// <summary>An Open311 refusal: the spec's array of one {code, description}, the field at fault first.</summary>
    static async Task<string> Open311Refusal(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        var error = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal((int)status, error.GetProperty("code").GetInt32());
        return error.GetProperty("description").GetString()!;
    }

    [Fact]
    public async Task A_form_that_does_not_decode_is_a_400_not_a_server_error()
    {
        var form = Json($"api_key={AuthApp.Open311Key}&service_code=environmental_sanitation&lat=31.87&long=121.12&description=%00", "application/x-www-form-urlencoded");
        var description = await Open311Refusal(await app.CreateClient().PostAsync("/open311/v2/requests.json", form), HttpStatusCode.BadRequest);
        Assert.StartsWith("body: ", description);
    }

    [Fact]
    public async Task A_value_the_database_refuses_is_a_400_without_the_databases_words()
    {
        // U+0000 reaches the database in this filter (PostgreSQL's text cannot hold it): the backstop answers.
        var response = await app.ClientFor(SmallDistrict.Admin).GetAsync("/open311/v2/requests.json?service_code=%00");
        var text = await Open311Refusal(response, HttpStatusCode.BadRequest);
        foreach (var words in new[] { "UTF8", "byte sequence", "0x00", "SQLSTATE", "22021" })
            Assert.DoesNotContain(words, text);
    }

    [Theory]
    [InlineData("/api/cases", """{"lon":121.12,"lat":31.87,"categoryCode":"environmental_sanitation","description":"井盖\u0000缺失"}""", "description")]
    [InlineData("/api/cases", """{"lon":121.12,"lat":31.87,"categoryCode":"environmental_sanitation","description":"井盖缺失","reporter":"张\u0000三"}""", "reporter")]
    [InlineData("/api/cases/1/transitions", """{"action":"accept","version":1,"actorRole":"grid_worker","note":"\u0000"}""", "note")]
    [InlineData("/api/coverage/accept", """{"lon":121.125,"lat":31.875,"radiusM":300,"level":"grid","name":"新站\u0000"}""", "name")]
    [InlineData("/api/auth/login", """{"username":"ad\u0000min","password":"x"}""", "username")]
    public async Task Text_that_cannot_be_stored_is_a_400_naming_its_field_and_nothing_is_written(string url, string body, string field)
    {
        var before = await app.QueryAsync("SELECT count(*) FROM case_events", r => r.GetInt64(0));
        var problem = await Problem(await app.ClientFor(SmallDistrict.Admin).PostAsync(url, Json(body)), HttpStatusCode.BadRequest);
        Assert.Equal([field], Fields(problem));
        Assert.Equal(before, await app.QueryAsync("SELECT count(*) FROM case_events", r => r.GetInt64(0)));
    }

    [Fact]
    public async Task A_candidate_site_whose_name_is_half_a_surrogate_pair_is_a_400_naming_the_candidates()
    {
        var body = """{"areaId":6,"k":1,"radiusM":300,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"\uD800"},"geometry":{"type":"Point","coordinates":[121.12,31.87]}}]}}""";
        var problem = await Problem(await app.ClientFor(SmallDistrict.Admin).PostAsync("/api/coverage/suggest", Json(body)), HttpStatusCode.BadRequest);
        Assert.Equal(["candidates"], Fields(problem));
    }

    [Fact]
    public async Task A_move_with_a_latitude_out_of_range_names_lat()
    {
        var problem = await Problem(await app.ClientFor(SmallDistrict.Admin).PostAsJsonAsync("/api/cases/1/transitions",
            new { action = "accept", version = 1, actorRole = "grid_worker", lon = 121.12, lat = 95.0 }), HttpStatusCode.BadRequest);
        Assert.Equal(["lat"], Fields(problem));
    }
}
