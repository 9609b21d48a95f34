using GridMap.Tests.Field;

namespace GridMap.Tests.Visits;

/// <summary>
/// Correcting what was recorded of Party members serving: visits edited and deleted by who recorded
/// them or by the roles that manage the grid, members and service tasks by the community's staff;
/// each change on the version the editor read (409 on a stale one), in the caller's area only,
/// audited in data_changes with who, why, before and after; and a visit sent again with its client
/// key is the same visit.
/// </summary>
public class CorrectionTests(AuthApp app) : IClassFixture<AuthApp>
{
    static string Day(int daysFromToday) => DateTime.UtcNow.AddHours(8).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    async Task<JsonElement> VisitAsync(string user, long household, object body)
    {
        var response = await app.ClientFor(user).PostAsJsonAsync($"/api/households/{household}/visits", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static long Id(JsonElement e) => e.GetProperty("id").GetInt64();
    static int Version(JsonElement e) => e.GetProperty("version").GetInt32();

    Task<List<(string Actor, string Reason, string? Before, string? After)>> TrailAsync(string entity, long id, string field) => app.QueryAsync(
        "SELECT actor, reason, before->>$3, after->>$3 FROM data_changes WHERE entity = $1 AND entity_id = $2 ORDER BY id",
        r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)), entity, id, field);

    [Fact]
    public async Task A_grid_worker_corrects_its_own_visit_and_the_trail_holds_before_and_after_under_the_worker()
    {
        var visit = await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = "老人不在家" });
        var worker = app.ClientFor(SmallDistrict.Worker);

        var edited = await worker.PutAsJsonAsync($"/api/visits/{Id(visit)}", new { visitedOn = Day(0), note = "老人在邻居家，身体尚好", version = Version(visit) });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var after = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("老人在邻居家，身体尚好", Version(visit) + 1), (after.Str("note"), Version(after)));
        Assert.Equal(["老人在邻居家，身体尚好"], await app.QueryAsync("SELECT note FROM visits WHERE id = $1", r => r.GetString(0), Id(visit)));
        Assert.Equal([(SmallDistrict.Worker, "visit", null, "老人不在家"), (SmallDistrict.Worker, "edit", "老人不在家", "老人在邻居家，身体尚好")],
            await TrailAsync("visit", Id(visit), "note"));
    }

    [Fact]
    public async Task An_edit_or_delete_on_a_stale_version_is_refused_with_409_naming_the_version_and_nothing_is_written()
    {
        var visit = await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = "第一次" });
        var leader = app.ClientFor(SmallDistrict.Leader);
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsJsonAsync($"/api/visits/{Id(visit)}", new { visitedOn = Day(0), note = "组长更正", version = Version(visit) })).StatusCode);

        var worker = app.ClientFor(SmallDistrict.Worker);
        var stale = await worker.PutAsJsonAsync($"/api/visits/{Id(visit)}", new { visitedOn = Day(0), note = "网格员更正", version = Version(visit) });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.True((await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("version", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await worker.DeleteAsync($"/api/visits/{Id(visit)}?version={Version(visit)}")).StatusCode);
        Assert.Equal(["组长更正"], await app.QueryAsync("SELECT note FROM visits WHERE id = $1", r => r.GetString(0), Id(visit)));
        Assert.Equal(2, (await TrailAsync("visit", Id(visit), "note")).Count);
    }

    [Fact]
    public async Task Only_who_recorded_a_visit_or_the_roles_that_manage_the_grid_correct_it_and_only_in_their_area()
    {
        var byCentre = await VisitAsync(SmallDistrict.Centre, 1, new { visitedOn = Day(0), note = "社区走访", volunteerId = 1 });
        var worker = app.ClientFor(SmallDistrict.Worker);
        var refused = await worker.PutAsJsonAsync($"/api/visits/{Id(byCentre)}", new { visitedOn = Day(0), note = "改别人的", version = Version(byCentre) });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.DeleteAsync($"/api/visits/{Id(byCentre)}?version={Version(byCentre)}")).StatusCode);
        // Visit 2 is to a household of the east: as if it did not exist, for the west's leader too.
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(SmallDistrict.Leader).PutAsJsonAsync("/api/visits/2", new { visitedOn = Day(0), note = "别处", version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(SmallDistrict.Planner).PutAsJsonAsync($"/api/visits/{Id(byCentre)}", new { visitedOn = Day(0), note = "规划", version = 1 })).StatusCode);

        var leader = await app.ClientFor(SmallDistrict.Leader).PutAsJsonAsync($"/api/visits/{Id(byCentre)}", new { visitedOn = Day(0), note = "组长补充", version = Version(byCentre) });
        Assert.Equal(HttpStatusCode.OK, leader.StatusCode);
        Assert.Equal(["组长补充"], await app.QueryAsync("SELECT note FROM visits WHERE id = $1", r => r.GetString(0), Id(byCentre)));
        Assert.Equal(["宣传垃圾分类"], await app.QueryAsync("SELECT note FROM visits WHERE id = 2", r => r.GetString(0)));
    }

    [Fact]
    public async Task A_deleted_visit_is_gone_with_its_photo_and_the_trail_keeps_what_it_was()
    {
        var visit = await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = "记错了户" });
        var worker = app.ClientFor(SmallDistrict.Worker);
        var photo = await worker.PostAsync($"/api/visits/{Id(visit)}/photo", MediaTests.Upload(MediaTests.JpegWithGps(), "IMG_0003.jpg"));
        var withPhoto = await photo.Content.ReadFromJsonAsync<JsonElement>();
        var files = (await app.QueryAsync("SELECT ARRAY[photo_file, photo_thumbnail] FROM visits WHERE id = $1", r => r.GetFieldValue<string[]>(0), Id(visit)))
            .Single().Select(f => Path.Combine(app.StateFolder, "media", f)).ToList();
        Assert.All(files, f => Assert.True(File.Exists(f)));

        Assert.Equal(HttpStatusCode.NoContent, (await worker.DeleteAsync($"/api/visits/{Id(visit)}?version={Version(withPhoto)}")).StatusCode);

        Assert.Empty(await app.QueryAsync("SELECT id FROM visits WHERE id = $1", r => r.GetInt64(0), Id(visit)));
        Assert.All(files, f => Assert.False(File.Exists(f)));
        var listed = await app.ClientFor(SmallDistrict.Leader).GetFromJsonAsync<JsonElement[]>("/api/households/1/visits");
        Assert.DoesNotContain(listed!, v => Id(v) == Id(visit));
        Assert.Equal((SmallDistrict.Worker, "edit", "记错了户", (string?)null), (await TrailAsync("visit", Id(visit), "note")).Last());
        Assert.Equal(HttpStatusCode.NotFound, (await worker.PostAsync($"/api/visits/{Id(visit)}/photo", MediaTests.Upload(MediaTests.JpegWithGps(), "again.jpg"))).StatusCode);
    }

    [Fact]
    public async Task A_visit_sent_again_with_its_client_key_is_the_same_visit()
    {
        var key = Guid.NewGuid().ToString();
        var worker = app.ClientFor(SmallDistrict.Worker);
        var body = new { visitedOn = Day(0), note = "地下室没信号", clientKey = key };
        var first = await worker.PostAsJsonAsync("/api/households/1/visits", body);
        var again = await worker.PostAsJsonAsync("/api/households/1/visits", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(Id(await first.Content.ReadFromJsonAsync<JsonElement>()), Id(await again.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Single(await app.QueryAsync("SELECT id FROM visits WHERE note = '地下室没信号'", r => r.GetInt64(0)));
        // The same key from another user is that user's own visit.
        Assert.Equal(HttpStatusCode.Created, (await app.ClientFor(SmallDistrict.Leader).PostAsJsonAsync("/api/households/1/visits", body)).StatusCode);
        Assert.Equal(2, (await app.QueryAsync("SELECT id FROM visits WHERE note = '地下室没信号'", r => r.GetInt64(0))).Count);
        await ProblemAssert.NamesFieldAsync(await worker.PostAsJsonAsync("/api/households/1/visits", new { visitedOn = Day(0), note = "坏键", clientKey = "not-a-uuid" }), "clientKey");
    }

    [Fact]
    public async Task Bad_corrections_are_refused_naming_the_field_and_nothing_is_written()
    {
        var visit = await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = "原样" });
        var worker = app.ClientFor(SmallDistrict.Worker);
        var url = $"/api/visits/{Id(visit)}";
        await ProblemAssert.NamesFieldAsync(await worker.PutAsJsonAsync(url, new { visitedOn = Day(1), note = "明天", version = Version(visit) }), "visitedOn");
        await ProblemAssert.NamesFieldAsync(await worker.PutAsJsonAsync(url, new { visitedOn = Day(-1), note = "户还没加", version = Version(visit) }), "visitedOn");
        await ProblemAssert.NamesFieldAsync(await worker.PutAsJsonAsync(url, new { visitedOn = Day(0), note = " ", version = Version(visit) }), "note");
        await ProblemAssert.NamesFieldAsync(await worker.PutAsJsonAsync(url, new { visitedOn = Day(0), note = "无版本" }), "version");
        await ProblemAssert.NamesFieldAsync(await worker.DeleteAsync(url), "version");
        var centre = app.ClientFor(SmallDistrict.Centre);
        await ProblemAssert.NamesFieldAsync(await centre.PutAsJsonAsync("/api/volunteers/1", new { name = "赵卫东", workUnit = "单位", communityId = 4, version = 1 }), "phone");
        await ProblemAssert.NamesFieldAsync(await centre.PutAsJsonAsync("/api/volunteers/1", new { name = "赵卫东", phone = "13600001111", workUnit = "单位", communityId = 5, version = 1 }), "communityId");
        await ProblemAssert.NamesFieldAsync(await centre.PutAsJsonAsync("/api/service-tasks/1", new { title = "楼道清理", heldOn = "明天", place = "秀山社区", version = 1 }), "heldOn");
        await ProblemAssert.NamesFieldAsync(await centre.DeleteAsync("/api/service-tasks/1"), "version");
        Assert.Equal(["原样"], await app.QueryAsync("SELECT note FROM visits WHERE id = $1", r => r.GetString(0), Id(visit)));
    }

    [Fact]
    public async Task A_member_corrected_by_the_centre_is_read_masked_by_the_grid_worker_and_audited_before_and_after()
    {
        var centre = app.ClientFor(SmallDistrict.Centre);
        var registered = await (await centre.PostAsJsonAsync("/api/volunteers", new { name = "孙志刚", phone = "13600005555", workUnit = "海门区教育局", communityId = 4, householdId = 1 }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var edited = await centre.PutAsJsonAsync($"/api/volunteers/{Id(registered)}",
            new { name = "孙志强", phone = "13600006666", workUnit = "海门区教育局", communityId = 4, householdId = 1, version = Version(registered) });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var member = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("孙志强", Version(registered) + 1), (member.Str("name"), Version(member)));
        var seen = (await app.ClientFor(SmallDistrict.Worker).GetFromJsonAsync<JsonElement>("/api/volunteers")).GetProperty("volunteers").EnumerateArray()
            .Single(v => Id(v) == Id(registered));
        Assert.Equal(("孙*强", "136****6666"), (seen.Str("name"), seen.Str("phone")));
        Assert.Equal((SmallDistrict.Centre, "edit", "孙志刚", "孙志强"), (await TrailAsync("volunteer", Id(registered), "name")).Last());
        Assert.Equal((SmallDistrict.Centre, "edit", "13600005555", "13600006666"), (await TrailAsync("volunteer", Id(registered), "phone")).Last());

        var stale = await centre.PutAsJsonAsync($"/api/volunteers/{Id(registered)}",
            new { name = "孙志刚", phone = "13600005555", workUnit = "海门区教育局", communityId = 4, version = Version(registered) });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        // Member 2 is registered in the east: as if there were none, for the west's centre.
        Assert.Equal(HttpStatusCode.NotFound, (await centre.PutAsJsonAsync("/api/volunteers/2",
            new { name = "钱红梅", phone = "13600002222", workUnit = "海门区人民医院", communityId = 4, version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await centre.DeleteAsync("/api/volunteers/2?version=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(SmallDistrict.Leader).DeleteAsync($"/api/volunteers/{Id(registered)}?version=2")).StatusCode);
    }

    [Fact]
    public async Task A_retired_member_is_no_longer_listed_counted_or_named_but_keeps_the_hours_served()
    {
        var centre = app.ClientFor(SmallDistrict.Centre);
        var member = await (await centre.PostAsJsonAsync("/api/volunteers", new { name = "周建华", phone = "13600007777", workUnit = "海门区财政局", communityId = 4 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var task = await (await centre.PostAsJsonAsync("/api/communities/4/service-tasks", new { title = "义诊", heldOn = Day(-2), place = "秀山广场" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await centre.PutAsJsonAsync($"/api/service-tasks/{Id(task)}/volunteers/{Id(member)}", new { hours = 4 })).StatusCode);
        var before = Community(await centre.GetFromJsonAsync<JsonElement>("/api/volunteers/figures"), 4);

        Assert.Equal(HttpStatusCode.NoContent, (await centre.DeleteAsync($"/api/volunteers/{Id(member)}?version={Version(member)}")).StatusCode);

        var after = Community(await centre.GetFromJsonAsync<JsonElement>("/api/volunteers/figures"), 4);
        Assert.Equal(before.GetProperty("registered").GetInt32() - 1, after.GetProperty("registered").GetInt32());
        Assert.Equal(before.GetProperty("hours").GetDecimal(), after.GetProperty("hours").GetDecimal());
        var counted = (await app.QueryAsync("""
            SELECT count(*) FROM volunteers WHERE community_id = 4 AND retired_at IS NULL
            """, r => r.GetInt64(0))).Single();
        Assert.Equal(counted, after.GetProperty("registered").GetInt64());
        var listed = await centre.GetFromJsonAsync<JsonElement>("/api/volunteers?communityId=4");
        Assert.DoesNotContain(listed.GetProperty("volunteers").EnumerateArray(), v => Id(v) == Id(member));
        await ProblemAssert.NamesFieldAsync(await centre.PostAsJsonAsync("/api/households/1/visits", new { visitedOn = Day(0), note = "已退出", volunteerId = Id(member) }), "volunteerId");
        Assert.Equal(HttpStatusCode.NotFound, (await centre.PutAsJsonAsync($"/api/service-tasks/{Id(task)}/volunteers/{Id(member)}", new { hours = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await centre.DeleteAsync($"/api/volunteers/{Id(member)}?version={Version(member) + 1}")).StatusCode);
        Assert.Equal((SmallDistrict.Centre, "edit"), (await TrailAsync("volunteer", Id(member), "retired_at")).Select(c => (c.Actor, c.Reason)).Last());
        Assert.NotNull((await TrailAsync("volunteer", Id(member), "retired_at")).Last().After);
    }

    static JsonElement Community(JsonElement figures, long id) =>
        figures.GetProperty("communities").EnumerateArray().Single(c => Id(c) == id);

    [Fact]
    public async Task A_task_is_corrected_on_its_version_and_a_deleted_task_takes_its_hours_out_of_every_figure()
    {
        var centre = app.ClientFor(SmallDistrict.Centre);
        var task = await (await centre.PostAsJsonAsync("/api/communities/4/service-tasks", new { title = "敬老院陪", heldOn = Day(-1), place = "秀山敬老院" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await centre.PutAsJsonAsync($"/api/service-tasks/{Id(task)}/volunteers/1", new { hours = 1.5m })).StatusCode);
        var hoursBefore = await MemberHoursAsync(1);
        var figuresBefore = Community(await centre.GetFromJsonAsync<JsonElement>("/api/volunteers/figures"), 4);

        var edited = await centre.PutAsJsonAsync($"/api/service-tasks/{Id(task)}", new { title = "敬老院陪护", heldOn = Day(-1), place = "秀山敬老院", version = Version(task) });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var corrected = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("敬老院陪护", Version(task) + 1), (corrected.Str("title"), Version(corrected)));
        // Hours are recorded on it: it cannot move to a day that has not come.
        await ProblemAssert.NamesFieldAsync(await centre.PutAsJsonAsync($"/api/service-tasks/{Id(task)}",
            new { title = "敬老院陪护", heldOn = Day(3), place = "秀山敬老院", version = Version(corrected) }), "heldOn");
        Assert.Equal(HttpStatusCode.Conflict, (await centre.DeleteAsync($"/api/service-tasks/{Id(task)}?version={Version(task)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await centre.DeleteAsync("/api/service-tasks/2?version=1")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await centre.DeleteAsync($"/api/service-tasks/{Id(task)}?version={Version(corrected)}")).StatusCode);

        Assert.Equal(hoursBefore - 1.5m, await MemberHoursAsync(1));
        var figures = Community(await centre.GetFromJsonAsync<JsonElement>("/api/volunteers/figures"), 4);
        Assert.Equal(figuresBefore.GetProperty("hours").GetDecimal() - 1.5m, figures.GetProperty("hours").GetDecimal());
        Assert.Equal(figuresBefore.GetProperty("tasks").GetInt32() - 1, figures.GetProperty("tasks").GetInt32());
        Assert.Empty(await app.QueryAsync("SELECT id FROM service_signups WHERE task_id = $1", r => r.GetInt64(0), Id(task)));
        var signupTrail = await app.QueryAsync("""
            SELECT actor, reason, before->>'hours' FROM data_changes WHERE entity = 'service_signup' AND after IS NULL AND (before->>'task_id')::bigint = $1
            """, r => (r.GetString(0), r.GetString(1), r.GetString(2)), Id(task));
        Assert.Equal([(SmallDistrict.Centre, "edit", "1.5")], signupTrail);
        Assert.Equal((SmallDistrict.Centre, "edit", "敬老院陪护", (string?)null), (await TrailAsync("service_task", Id(task), "title")).Last());
    }

    async Task<decimal> MemberHoursAsync(long member)
    {
        var record = await app.ClientFor(SmallDistrict.Leader).GetFromJsonAsync<JsonElement>("/api/households/1/service-record");
        return record.GetProperty("members").EnumerateArray().Single(m => Id(m) == member).GetProperty("hoursServed").GetDecimal();
    }
}
