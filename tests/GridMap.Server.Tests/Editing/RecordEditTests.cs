namespace GridMap.Tests.Editing;

/// <summary>
/// Households, stations and staff edited through the API: every change in <c>data_changes</c>
/// under the signed-in user with before and after, inside the caller's area only, refused when the
/// version the editor read is stale, and each field's problem named.
/// </summary>
public class RecordEditTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    sealed record Change(string Actor, string? Reason, DateTimeOffset At, JsonElement? Before, JsonElement? After);

    Task<List<Change>> ChangesAsync(string entity, long id) => Sql.QueryAsync(app.Database.ConnectionString, """
        SELECT actor, reason, at, before::text, after::text FROM data_changes WHERE entity = $1 AND entity_id = $2 ORDER BY id
        """, r => new Change(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetFieldValue<DateTimeOffset>(2),
            r.IsDBNull(3) ? null : JsonDocument.Parse(r.GetString(3)).RootElement,
            r.IsDBNull(4) ? null : JsonDocument.Parse(r.GetString(4)).RootElement), entity, id);

    static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    static object Household(string name, double lon, double lat, int? version = null, int members = 3) =>
        new { name, members, kind = "member", phone = "13800001234", lon, lat, version };

    async Task<long> ListedGridAsync(HttpClient http, string list, long id)
    {
        var features = (await http.GetFromJsonAsync<JsonElement>(list)).GetProperty("features").EnumerateArray();
        return features.Single(f => f.GetProperty("properties").GetProperty("id").GetInt64() == id).GetProperty("properties").GetProperty("gridId").GetInt64();
    }

    [Fact]
    public async Task A_household_added_moved_and_retired_is_audited_with_who_when_before_and_after_and_its_grid_follows_the_move()
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        var centre = app.ClientFor(SmallDistrict.Centre);
        var added = await centre.PostAsJsonAsync("/api/households/", Household("赵新户", 121.12, 31.87));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var body = await JsonAsync(added);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal((6, 1), (body.GetProperty("gridId").GetInt64(), body.GetProperty("version").GetInt32()));

        var moved = await centre.PutAsJsonAsync($"/api/households/{id}", Household("赵新户", 121.17, 31.87, version: 1, members: 4));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var movedBody = await JsonAsync(moved);
        Assert.Equal((7, 2), (movedBody.GetProperty("gridId").GetInt64(), movedBody.GetProperty("version").GetInt32()));
        Assert.Equal(7, await ListedGridAsync(centre, "/api/households/", id));

        Assert.Equal(HttpStatusCode.NoContent, (await centre.DeleteAsync($"/api/households/{id}?version=2")).StatusCode);
        var listed = (await centre.GetFromJsonAsync<JsonElement>("/api/households/")).GetProperty("features").EnumerateArray();
        Assert.DoesNotContain(listed, f => f.GetProperty("properties").GetProperty("id").GetInt64() == id);
        Assert.Equal(0, (await Sql.QueryAsync(app.Database.ConnectionString, "SELECT count(*) FROM households WHERE id = $1", r => r.GetInt64(0), id))[0]);

        var changes = await ChangesAsync("household", id);
        Assert.Equal(3, changes.Count);
        Assert.All(changes, c => Assert.Equal((SmallDistrict.Centre, "edit"), (c.Actor, c.Reason)));
        Assert.All(changes, c => Assert.InRange(c.At, started, DateTimeOffset.UtcNow.AddMinutes(1)));
        var (insert, move, retire) = (changes[0], changes[1], changes[2]);
        Assert.Null(insert.Before);
        Assert.Equal("赵新户", insert.After!.Value.GetProperty("name").GetString());
        Assert.Equal((6, 3), (move.Before!.Value.GetProperty("grid_id").GetInt64(), move.Before.Value.GetProperty("members").GetInt32()));
        Assert.Equal((7, 4), (move.After!.Value.GetProperty("grid_id").GetInt64(), move.After.Value.GetProperty("members").GetInt32()));
        Assert.Equal([121.17, 31.87], move.After.Value.GetProperty("location").EnumerateArray().Select(c => Math.Round(c.GetDouble(), 6)));
        Assert.Equal(move.After.Value.ToString(), retire.Before!.Value.ToString());
        Assert.Null(retire.After);
    }

    [Fact]
    public async Task An_edit_on_a_stale_version_is_refused_with_409_and_writes_nothing()
    {
        var leader = app.ClientFor(SmallDistrict.Leader);
        var id = (await JsonAsync(await leader.PostAsJsonAsync("/api/households/", Household("钱先户", 121.11, 31.86)))).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsJsonAsync($"/api/households/{id}", Household("钱先户", 121.11, 31.86, version: 1, members: 5))).StatusCode);
        var before = (await ChangesAsync("household", id)).Count;

        var stale = await leader.PutAsJsonAsync($"/api/households/{id}", Household("钱后户", 121.11, 31.86, version: 1));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.True((await JsonAsync(stale)).GetProperty("errors").TryGetProperty("version", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await leader.DeleteAsync($"/api/households/{id}?version=1")).StatusCode);

        Assert.Equal(before, (await ChangesAsync("household", id)).Count);
        Assert.Equal(("钱先户", 5), (await Sql.QueryAsync(app.Database.ConnectionString, "SELECT name, members FROM households WHERE id = $1",
            r => (r.GetString(0), r.GetInt32(1)), id))[0]);
    }

    [Fact]
    public async Task Sending_the_same_edit_twice_keeps_the_version_so_the_second_is_not_stale()
    {
        var leader = app.ClientFor(SmallDistrict.Leader);
        var id = (await JsonAsync(await leader.PostAsJsonAsync("/api/households/", Household("孙同户", 121.13, 31.86)))).GetProperty("id").GetInt64();
        var edit = Household("孙同户", 121.13, 31.865, version: 1);
        Assert.Equal(2, (await JsonAsync(await leader.PutAsJsonAsync($"/api/households/{id}", edit))).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await leader.PutAsJsonAsync($"/api/households/{id}", edit)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsJsonAsync($"/api/households/{id}", Household("孙同户", 121.13, 31.865, version: 2))).StatusCode);
        Assert.Equal(2, (await ChangesAsync("household", id)).Count);
    }

    [Fact]
    public async Task Edits_stay_inside_the_callers_area_and_to_the_roles_that_may()
    {
        var leader = app.ClientFor(SmallDistrict.Leader); // grid 6 only
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync("/api/households/", Household("越界户", 121.17, 31.87))).StatusCode);
        // household 2 lies in grid 7: not the leader's, answered as if it did not exist
        Assert.Equal(HttpStatusCode.NotFound, (await leader.PutAsJsonAsync("/api/households/2", Household("李秀英", 121.17, 31.87, version: 1))).StatusCode);
        // household 1 is the leader's, but may not be moved out of the leader's grid
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PutAsJsonAsync("/api/households/1", Household("张建国", 121.17, 31.87, version: 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(SmallDistrict.Worker).PostAsJsonAsync("/api/households/", Household("网格员户", 121.12, 31.87))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(SmallDistrict.Planner).PostAsJsonAsync("/api/stations/",
            new { name = "规划站", level = "grid", status = "open", radiusM = 300, lon = 121.12, lat = 31.87 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.PostAsJsonAsync("/api/staff/",
            new { name = "越界员", role = "grid_worker", homeGridId = 7, onDuty = false })).StatusCode);
        Assert.Equal(("张建国", 1), (await Sql.QueryAsync(app.Database.ConnectionString, "SELECT name, version FROM households WHERE id = 1",
            r => (r.GetString(0), r.GetInt32(1))))[0]);
        Assert.Empty(await Sql.QueryAsync(app.Database.ConnectionString, "SELECT id FROM data_changes WHERE actor = $1 AND entity_id = 1 AND entity = 'household'",
            r => r.GetInt64(0), SmallDistrict.Leader));
    }

    [Fact]
    public async Task Every_bad_field_is_named_in_one_problem()
    {
        var response = await app.ClientFor(SmallDistrict.Admin).PostAsJsonAsync("/api/households/",
            new { name = "坏\u0001名", members = 0, kind = "rich", phone = "call me", lon = 500, lat = 31.87 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["kind", "lon", "members", "name", "phone"], errors.EnumerateObject().Select(e => e.Name).Order());

        var station = await app.ClientFor(SmallDistrict.Admin).PutAsJsonAsync("/api/stations/1",
            new { name = "站", level = "grid", status = "demolished", radiusM = 0, lon = 121.12, lat = 31.87 });
        Assert.Equal(["radiusM", "status", "version"], (await JsonAsync(station)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(SmallDistrict.Admin).DeleteAsync("/api/staff/1")).StatusCode);
    }

    [Fact]
    public async Task A_station_edited_and_closed_is_audited_keeps_its_row_and_follows_its_area()
    {
        var centre = app.ClientFor(SmallDistrict.Centre);
        var added = await JsonAsync(await centre.PostAsJsonAsync("/api/stations/",
            new { name = "秀山社区第2网格党群服务站", level = "grid", status = "planned", radiusM = 300, lon = 121.16, lat = 31.87, services = new[] { "便民服务" } }));
        var id = added.GetProperty("id").GetInt64();
        Assert.Equal(7, added.GetProperty("areaId").GetInt64());
        var opened = await centre.PutAsJsonAsync($"/api/stations/{id}",
            new { name = "秀山社区第1网格党群服务站", level = "grid", status = "open", radiusM = 400, lon = 121.12, lat = 31.87, openingHours = "08:30-17:30", version = 1 });
        var openedBody = await JsonAsync(opened);
        Assert.Equal((6, "open"), (openedBody.GetProperty("areaId").GetInt64(), openedBody.GetProperty("status").GetString()));
        var closed = await centre.DeleteAsync($"/api/stations/{id}?version=2");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("closed", (await JsonAsync(closed)).GetProperty("status").GetString());

        var changes = await ChangesAsync("station", id);
        Assert.Equal(3, changes.Count);
        Assert.All(changes, c => Assert.Equal(SmallDistrict.Centre, c.Actor));
        Assert.Equal(("planned", "open"), (changes[1].Before!.Value.GetProperty("status").GetString(), changes[1].After!.Value.GetProperty("status").GetString()));
        Assert.Equal(("open", "closed"), (changes[2].Before!.Value.GetProperty("status").GetString(), changes[2].After!.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_retired_staff_member_drops_off_the_map_and_cannot_be_located_or_retired_while_holding_open_cases()
    {
        var leader = app.ClientFor(SmallDistrict.Leader);
        var added = await JsonAsync(await leader.PostAsJsonAsync("/api/staff/", new { name = "吴新员", role = "grid_worker", homeGridId = 6, phone = "13700009999", onDuty = false }));
        var id = added.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsync($"/api/staff/{id}/location", JsonContent.Create(new { lon = 121.12, lat = 31.88 }))).StatusCode);
        var edited = await leader.PutAsJsonAsync($"/api/staff/{id}", new { name = "吴新员", role = "grid_leader", homeGridId = 6, phone = "13700008888", onDuty = true, version = 1 });
        Assert.Equal(2, (await JsonAsync(edited)).GetProperty("version").GetInt32());
        Assert.Contains(id, await StaffListedAsync(leader));

        await Sql.ExecuteAsync(app.Database.ConnectionString, """
            INSERT INTO cases (category_code, description, status, location, grid_id, assignee_id)
            VALUES ('environmental_sanitation', '待办', 'dispatched', ST_SetSRID(ST_MakePoint(121.12, 31.88), 4326), 6, $1)
            """, id);
        var refused = await leader.DeleteAsync($"/api/staff/{id}?version=2");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        await Sql.ExecuteAsync(app.Database.ConnectionString, "UPDATE cases SET status = 'closed' WHERE assignee_id = $1", id);

        Assert.Equal(HttpStatusCode.NoContent, (await leader.DeleteAsync($"/api/staff/{id}?version=2")).StatusCode);
        Assert.DoesNotContain(id, await StaffListedAsync(leader));
        Assert.Equal(HttpStatusCode.NotFound, (await leader.PutAsync($"/api/staff/{id}/location", JsonContent.Create(new { lon = 121.12, lat = 31.88 }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.PutAsJsonAsync($"/api/staff/{id}", new { name = "吴新员", role = "grid_leader", homeGridId = 6, onDuty = false, version = 3 })).StatusCode);

        var changes = await ChangesAsync("staff", id);
        Assert.Equal(3, changes.Count); // added, edited, retired: the location report is work, not an edit
        Assert.All(changes, c => Assert.Equal(SmallDistrict.Leader, c.Actor));
        Assert.Equal(("13700009999", "13700008888"), (changes[1].Before!.Value.GetProperty("phone").GetString(), changes[1].After!.Value.GetProperty("phone").GetString()));
        Assert.Equal(JsonValueKind.Null, changes[2].Before!.Value.GetProperty("retired_at").ValueKind);
        Assert.Equal(JsonValueKind.String, changes[2].After!.Value.GetProperty("retired_at").ValueKind);
    }

    static async Task<List<long>> StaffListedAsync(HttpClient http) =>
        [.. (await http.GetFromJsonAsync<JsonElement>("/api/staff/")).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetInt64())];
}
