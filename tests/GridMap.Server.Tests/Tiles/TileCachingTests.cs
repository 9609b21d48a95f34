using static GridMap.Tests.Tiles.SmallDistrictTiles;

namespace GridMap.Tests.Tiles;

/// <summary>
/// The tiles' ETags come from the data's write counters, who asks and the tile address, so a
/// repeat is answered 304 without building the tile, and a tile built before under the same tag
/// is sent as the server kept it (Tiles/TileCache.cs). A tile read unmasked records a row in
/// personal_data_reads from inside the tile's own statement (or before a kept one is sent): a
/// repeat that adds no row there sent no tile. Its own fixture, as these tests write households and cases.
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
    public async Task A_tile_sent_right_after_a_write_holds_it_and_the_tag_from_before_is_not_confirmed()
    {
        var url = $"/tiles/households/{District}.mvt";
        async Task<long?> MembersAsync(HttpResponseMessage response) =>
            (await Gdal.ReadTileAsync(await response.Content.ReadAsByteArrayAsync(), "households", 9, 428, 208)).Single(f => f.Text("name") == "张建国").Number("members");
        var first = await GetAsync(SmallDistrict.Centre, url);
        var (before, members) = (first.Headers.ETag, await MembersAsync(first));
        await app.ExecuteAsync("UPDATE households SET members = members + 1 WHERE name = '张建国'");

        // At once, and without a tag: not the tile kept from before the write, though the counters read a moment ago are those.
        var after = await GetAsync(SmallDistrict.Centre, url);
        Assert.Equal(members + 1, await MembersAsync(after));
        Assert.NotEqual(before, after.Headers.ETag);
        // A 304 is decided on counters read for that request: the old bytes are not confirmed.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(SmallDistrict.Centre, url, before)).StatusCode);
    }

    [Fact]
    public async Task A_tile_asked_for_again_is_sent_as_kept_with_its_read_recorded_again_and_kept_for_its_kind_of_caller_only()
    {
        var url = $"/tiles/households/{District}.mvt";
        async Task<List<long[]>> ReadIdsAsync() => await app.QueryAsync(
            "SELECT household_ids FROM personal_data_reads WHERE username = $1 AND what = $2 ORDER BY id", r => r.GetFieldValue<long[]>(0), SmallDistrict.Centre, $"GET {url}");
        var first = await GetAsync(SmallDistrict.Centre, url);
        var body = await first.Content.ReadAsByteArrayAsync();
        var reads = await ReadIdsAsync();

        await using (var conn = new NpgsqlConnection(app.Database.ConnectionString))
        {
            // With the households locked no tile of them can be built (the tile's time limit would answer 503): this one is the kept one.
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using (var lockHouseholds = new NpgsqlCommand("LOCK TABLE households IN ACCESS EXCLUSIVE MODE", conn, tx))
                await lockHouseholds.ExecuteNonQueryAsync();
            var again = await GetAsync(SmallDistrict.Centre, url);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(first.Headers.ETag, again.Headers.ETag);
            Assert.Equal(body, await again.Content.ReadAsByteArrayAsync());
        }
        var recorded = await ReadIdsAsync();
        Assert.Equal(reads.Count + 1, recorded.Count);
        Assert.Equal(reads[^1], recorded[^1]);

        // The planner, of the same street, reads names masked: a tile of its own.
        var planner = await Gdal.ReadTileAsync(await (await GetAsync(SmallDistrict.Planner, url)).Content.ReadAsByteArrayAsync(), "households", 9, 428, 208);
        Assert.Contains(planner, f => f.Text("name") == "张*国");
        Assert.DoesNotContain(planner, f => f.Text("name") == "张建国");
    }

    [Fact]
    public async Task Screens_asking_for_a_tile_at_once_wait_for_its_one_statement_and_each_read_is_recorded()
    {
        // West's parent: a tile no other test here builds, so none is kept.
        var url = "/tiles/households/13/6852/3330.mvt";
        async Task<List<long[]>> ReadIdsAsync() => await app.QueryAsync(
            "SELECT household_ids FROM personal_data_reads WHERE username = $1 AND what = $2 ORDER BY id", r => r.GetFieldValue<long[]>(0), SmallDistrict.Centre, $"GET {url}");
        // Tile statements under way, waiting for the households' lock or running.
        Task<long> BuildingAsync() => app.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%ST_AsMVT%' AND pid <> pg_backend_pid()");
        var reads = (await ReadIdsAsync()).Count;

        Task<HttpResponseMessage> first, second;
        await using (var conn = new NpgsqlConnection(app.Database.ConnectionString))
        {
            // The households locked, the first screen's tile statement waits for them, and the second screen asks meanwhile.
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using (var lockHouseholds = new NpgsqlCommand("LOCK TABLE households IN ACCESS EXCLUSIVE MODE", conn, tx))
                await lockHouseholds.ExecuteNonQueryAsync();
            first = GetAsync(SmallDistrict.Centre, url);
            for (var waited = Stopwatch.StartNew(); await BuildingAsync() == 0; await Task.Delay(20))
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the first screen's tile statement never started");
            second = GetAsync(SmallDistrict.Centre, url);
            // For half a second, well within the tile's time limit (3 s, lock waits included): the second starts no statement of its own.
            for (var watched = Stopwatch.StartNew(); watched.ElapsedMilliseconds < 500; await Task.Delay(50))
                Assert.Equal(1, await BuildingAsync());
        }
        var (a, b) = (await first, await second);
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal(a.Headers.ETag, b.Headers.ETag);
        Assert.Equal(await a.Content.ReadAsByteArrayAsync(), await b.Content.ReadAsByteArrayAsync());
        // Each screen's read recorded, of the same households.
        var recorded = await ReadIdsAsync();
        Assert.Equal(reads + 2, recorded.Count);
        Assert.Equal(recorded[^2], recorded[^1]);
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
