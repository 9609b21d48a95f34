using static GridMap.Tests.Tiles.SmallDistrictTiles;

namespace GridMap.Tests.Tiles;

/// <summary>
/// The tiles' ETags come from the data's write counters, who asks and the tile address, so a
/// repeat is answered 304 without building the tile. A tile read unmasked records a row in
/// personal_data_reads from inside the tile's own statement: a repeat that adds no row there ran
/// no tile statement. Its own fixture, as these tests write households and cases.
/// </summary>
public class TileCachingTests(AuthApp app) : IClassFixture<AuthApp>
{
    Task<HttpResponseMessage> GetAsync(string username, string url, EntityTagHeaderValue? etag = null) =>
        app.GetAsync(username, url, headers => { if (etag is not null) headers.IfNoneMatch.Add(etag); });

    async Task<EntityTagHeaderValue> TagAsync(string username, string url)
    {
        var response = await GetAsync(username, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"{url} as {username}: no ETag");
    }

    async Task<long> ReadsAsync(string username) => (await app.QueryAsync(
        "SELECT count(*) FROM personal_data_reads WHERE username = $1", r => r.GetInt64(0), username))[0];

    [Fact]
    public async Task A_repeat_with_the_tag_is_304_without_building_the_tile()
    {
        var url = $"/tiles/households/{West}.mvt";
        var etag = await TagAsync(SmallDistrict.Leader, url);
        var reads = await ReadsAsync(SmallDistrict.Leader);

        var again = await GetAsync(SmallDistrict.Leader, url, etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(reads, await ReadsAsync(SmallDistrict.Leader));

        // Without the tag the tile is built, and its unmasked read recorded, as before.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(SmallDistrict.Leader, url)).StatusCode);
        Assert.Equal(reads + 1, await ReadsAsync(SmallDistrict.Leader));
    }

    [Fact]
    public async Task A_changed_household_changes_the_households_tag_and_leaves_the_areas_tag()
    {
        var households = $"/tiles/households/{District}.mvt";
        var grids = $"/tiles/areas-grid-party/{District}.mvt";
        var (household, grid) = (await TagAsync(SmallDistrict.Centre, households), await TagAsync(SmallDistrict.Centre, grids));

        await app.ExecuteAsync("UPDATE households SET members = members + 1 WHERE name = '张建国'");

        var changed = await GetAsync(SmallDistrict.Centre, households, household);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(household, changed.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(SmallDistrict.Centre, households, changed.Headers.ETag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(SmallDistrict.Centre, grids, grid)).StatusCode);
    }

    [Fact]
    public async Task A_tag_from_before_a_write_is_not_confirmed_after_it_though_a_tile_sent_since_may_carry_it()
    {
        var url = $"/tiles/households/{District}.mvt";
        var before = await TagAsync(SmallDistrict.Centre, url);
        await app.ExecuteAsync("UPDATE households SET members = members + 1 WHERE name = '刘芳'");

        // Sent at once, this tile may be tagged from the counters read before the write (TileCounters); its rows are new.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(SmallDistrict.Centre, url)).StatusCode);
        // A 304 is decided on counters read for that request: the old bytes are not confirmed.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(SmallDistrict.Centre, url, before)).StatusCode);
    }

    [Fact]
    public async Task A_changed_case_changes_the_cases_tag()
    {
        var url = $"/tiles/cases/{District}.mvt";
        var etag = await TagAsync(SmallDistrict.Admin, url);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(SmallDistrict.Admin, url, etag)).StatusCode);

        // As every writer of a case does: change the row, then append its event.
        await app.ExecuteAsync("""
            UPDATE cases SET status = 'in_progress', version = version + 1 WHERE id = 2;
            SELECT append_case_event(2, 'test', 'grid_worker', 'start', 'dispatched');
            """);

        var changed = await GetAsync(SmallDistrict.Admin, url, etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Callers_of_another_area_or_right_to_personal_data_never_share_a_tag()
    {
        // Centre and planner: the same street, names unmasked for one only. Centre and leader: both
        // unmasked, a street and a grid. Leader and worker: the same grid, the worker masked and
        // with its own cases only.
        string[] callers = [SmallDistrict.Admin, SmallDistrict.Centre, SmallDistrict.Planner, SmallDistrict.Leader, SmallDistrict.Worker];
        foreach (var url in new[] { $"/tiles/households/{District}.mvt", $"/tiles/cases/{District}.mvt", "/tiles/households.json" })
        {
            var tags = new List<(string Caller, EntityTagHeaderValue Tag)>();
            foreach (var caller in callers)
            {
                var response = await GetAsync(caller, url);
                if (response.StatusCode == HttpStatusCode.OK) tags.Add((caller, response.Headers.ETag!));
            }
            Assert.True(tags.Count >= 4, $"{url}: only {tags.Count} callers got it");
            Assert.Equal(tags.Count, tags.Select(t => t.Tag).Distinct().Count());
            // Another caller's tag is no tag of mine: the tile is built for me.
            var other = await GetAsync(tags[1].Caller, url, tags[0].Tag);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
    }

    [Fact]
    public async Task TileJson_is_304_on_repeat_and_changes_with_the_areas()
    {
        var etag = await TagAsync(SmallDistrict.Planner, "/tiles/areas-grid-party.json");
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(SmallDistrict.Planner, "/tiles/areas-grid-party.json", etag)).StatusCode);
        await app.ExecuteAsync("UPDATE areas SET population = coalesce(population, 0) + 1 WHERE id = 6");
        var changed = await GetAsync(SmallDistrict.Planner, "/tiles/areas-grid-party.json", etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }
}
