using static GridMap.Tests.Tiles.SmallDistrictTiles;

namespace GridMap.Tests.Tiles;

/// <summary>
/// The <c>cases</c> tiles take the filter of <c>/api/cases</c> (the area, overdue, status, category,
/// report window), so the map of a case page draws the cases its list holds. Tile
/// <see cref="SmallDistrictTiles.District"/> holds case 1 in the west grid and case 2 in the east. Its own
/// fixture, as a test marks a case overdue.
/// </summary>
public class CaseTileFilterTests(AuthApp app) : IClassFixture<AuthApp>
{
    Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(string url, EntityTagHeaderValue? etag = null) =>
        app.GetTileAsync(SmallDistrict.Admin, url, headers => { if (etag is not null) headers.IfNoneMatch.Add(etag); });

    /// <summary>The case ids of the district's tile with the query, as GDAL reads them (none for a 204).</summary>
    async Task<long[]> TileIdsAsync(string query)
    {
        var (response, body) = await GetAsync($"/tiles/cases/{District}.mvt{query}");
        if (response.StatusCode == HttpStatusCode.NoContent) return [];
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await Gdal.ReadTileAsync(body, "cases", 9, 428, 208)).Select(f => f.Id!.Value).Order()];
    }

    /// <summary>The case ids of /api/cases with the same query.</summary>
    async Task<long[]> ListIdsAsync(string query)
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        var list = await http.GetFromJsonAsync<JsonElement>($"/api/cases{query}");
        return [.. list.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).Order()];
    }

    Task<List<long>> IdsAsync(string sql) => app.QueryAsync(sql, r => r.GetInt64(0));

    [Fact]
    public async Task The_cases_tile_of_a_sub_area_holds_that_areas_cases_as_the_list_does()
    {
        var westGrid = (await IdsAsync("SELECT grid_id FROM cases WHERE id = 1"))[0];
        var query = $"?areaId={westGrid}";
        var expected = await IdsAsync($"SELECT id FROM cases WHERE {westGrid} IN (grid_id, community_id, street_id, district_id) ORDER BY id");
        Assert.Equal(new long[] { 1 }, expected);
        Assert.Equal(expected, await TileIdsAsync(query));
        Assert.Equal(expected, await ListIdsAsync(query));
        Assert.Equal(new long[] { 1, 2 }, await TileIdsAsync(""));
    }

    [Fact]
    public async Task The_overdue_filter_keeps_the_overdue_cases_in_the_tile_and_the_tag_follows_the_filter()
    {
        Assert.Empty(await TileIdsAsync("?overdue=true"));
        // As the overdue watcher marks a case: the row, then its event.
        await app.ExecuteAsync("""
            UPDATE cases SET overdue_notified_at = now() WHERE id = 2;
            SELECT append_case_event(2, 'overdue_watcher', 'system', 'overdue', status) FROM cases WHERE id = 2;
            """);
        var expected = await IdsAsync("SELECT id FROM case_snapshots WHERE overdue ORDER BY id");
        Assert.Equal(new long[] { 2 }, expected);
        Assert.Equal(expected, await TileIdsAsync("?overdue=true"));
        Assert.Equal(expected, await ListIdsAsync("?overdue=true"));

        // Another filter is another tile: the unfiltered tile's tag does not answer for it.
        var (unfiltered, _) = await GetAsync($"/tiles/cases/{District}.mvt");
        var (overdue, _) = await GetAsync($"/tiles/cases/{District}.mvt?overdue=true", unfiltered.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, overdue.StatusCode);
        Assert.NotEqual(unfiltered.Headers.ETag, overdue.Headers.ETag);
    }

    [Fact]
    public async Task The_cases_TileJSON_carries_the_filter_into_its_tile_template()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        var doc = await http.GetFromJsonAsync<JsonElement>("/tiles/cases.json?areaId=6&overdue=true&status=dispatched&limit=5");
        var template = doc.GetProperty("tiles")[0].GetString()!;
        Assert.Contains("/tiles/cases/{z}/{x}/{y}.mvt?", template);
        var query = template[(template.IndexOf('?') + 1)..].Split('&').Order();
        Assert.Equal(new[] { "areaId=6", "overdue=true", "status=dispatched" }, query);
    }

    [Fact]
    public async Task A_report_window_that_ends_before_it_starts_is_a_problem_naming_from()
    {
        var (response, _) = await GetAsync($"/tiles/cases/{District}.mvt?from=2026-02-01T00:00:00%2B08:00&to=2026-01-01T00:00:00%2B08:00");
        await ProblemAssert.NamesFieldAsync(response, "from");
    }
}
