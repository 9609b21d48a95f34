namespace GridMap.Tests.Data;

/// <summary>
/// Every change of a household, a station or a staff member lands in <c>data_changes</c> with who,
/// when, why, before and after, whoever writes it: the server under the signed-in user, anyone
/// else under their database role.
/// </summary>
public class DataChangesTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    sealed record Change(string Actor, string? Reason, string Entity, long EntityId, JsonElement? Before, JsonElement? After);

    Task<List<Change>> ChangesAsync(string entity, long id) => Sql.QueryAsync(app.Database.ConnectionString, """
        SELECT actor, reason, entity, entity_id, before::text, after::text FROM data_changes
        WHERE entity = $1 AND entity_id = $2 ORDER BY id
        """, r => new Change(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetInt64(3),
            r.IsDBNull(4) ? null : JsonDocument.Parse(r.GetString(4)).RootElement,
            r.IsDBNull(5) ? null : JsonDocument.Parse(r.GetString(5)).RootElement), entity, id);

    [Fact]
    public async Task A_planned_station_placed_and_withdrawn_is_recorded_under_the_planner_with_before_and_after()
    {
        var planner = app.ClientFor(SmallDistrict.Planner);
        var accepted = await planner.PostAsJsonAsync("/api/coverage/accept", new { lon = 121.12, lat = 31.87, radiusM = 500, level = "grid" });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteAsync($"/api/coverage/planned/{id}")).StatusCode);

        var changes = await ChangesAsync("station", id);
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal((SmallDistrict.Planner, "plan"), (c.Actor, c.Reason)));
        var (placed, withdrawn) = (changes[0], changes[1]);
        Assert.Null(placed.Before);
        Assert.Equal("planned", placed.After!.Value.GetProperty("status").GetString());
        Assert.Equal([121.12, 31.87], placed.After.Value.GetProperty("location").EnumerateArray().Select(c => Math.Round(c.GetDouble(), 6)));
        Assert.Equal(placed.After.Value.ToString(), withdrawn.Before!.Value.ToString());
        Assert.Null(withdrawn.After);
    }

    [Fact]
    public async Task A_write_that_names_nobody_is_recorded_under_its_database_role_and_an_update_keeps_both_sides()
    {
        var id = (await Sql.QueryAsync(app.Database.ConnectionString, """
            INSERT INTO households (name, members, kind, phone, location) VALUES ('审计户', 3, 'member', '13800000000', ST_SetSRID(ST_MakePoint(121.12, 31.87), 4326))
            RETURNING id
            """, r => r.GetInt64(0)))[0];
        await Sql.ExecuteAsync(app.Database.ConnectionString, "UPDATE households SET members = 4 WHERE id = $1", id);

        var changes = await ChangesAsync("household", id);
        Assert.Equal(2, changes.Count);
        var superuser = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString).Username;
        Assert.All(changes, c => Assert.Equal(superuser, c.Actor));
        Assert.Equal(3, changes[1].Before!.Value.GetProperty("members").GetInt32());
        Assert.Equal(4, changes[1].After!.Value.GetProperty("members").GetInt32());
        Assert.Equal("13800000000", changes[1].After!.Value.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task A_staff_members_position_and_duty_are_their_work_not_an_edit_but_a_new_phone_is_recorded()
    {
        const long staffId = 2;
        var before = (await ChangesAsync("staff", staffId)).Count;
        var worker = app.ClientFor(SmallDistrict.Worker);
        Assert.Equal(HttpStatusCode.OK, (await worker.PutAsJsonAsync($"/api/staff/{staffId}/location", new { lon = 121.121, lat = 31.871 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.PutAsJsonAsync($"/api/staff/{staffId}/duty", new { onDuty = false })).StatusCode);
        Assert.Equal(before, (await ChangesAsync("staff", staffId)).Count);

        await Sql.ExecuteAsync(app.Database.ConnectionString, "UPDATE staff SET phone = '13900000000' WHERE id = $1", staffId);
        var phone = (await ChangesAsync("staff", staffId)).Last();
        Assert.Equal("13900000000", phone.After!.Value.GetProperty("phone").GetString());
    }
}
