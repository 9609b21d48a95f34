namespace GridMap.Tests.Visits;

/// <summary>
/// 双报到: Party members registered with their community by its staff, the community's service
/// tasks, picks and hours; masked as households are, audited in data_changes, and counted per community.
/// </summary>
public class VolunteerTests(AuthApp app) : IClassFixture<AuthApp>
{
    static string Day(int daysFromToday) => DateTime.UtcNow.AddHours(8).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    Task<List<(string Actor, string Reason)>> ChangesAsync(string entity, long id) => app.QueryAsync(
        "SELECT actor, reason FROM data_changes WHERE entity = $1 AND entity_id = $2 ORDER BY id", r => (r.GetString(0), r.GetString(1)), entity, id);

    [Fact]
    public async Task A_member_registers_picks_a_task_and_serves_hours_counted_for_the_community_and_audited_under_the_centre()
    {
        var centre = app.ClientFor(SmallDistrict.Centre);
        var figuresBefore = Community(await centre.GetFromJsonAsync<JsonElement>("/api/volunteers/figures"), 4);

        var registered = await centre.PostAsJsonAsync("/api/volunteers", new { name = "孙志刚", phone = "13600005555", workUnit = "海门区教育局", communityId = 4, householdId = 1 });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var member = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var published = await centre.PostAsJsonAsync("/api/communities/4/service-tasks", new { title = "敬老院陪护", heldOn = Day(-1), place = "秀山敬老院" });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var task = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await centre.PutAsJsonAsync($"/api/service-tasks/{task}/volunteers/{member}", new { hours = (decimal?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await centre.PutAsJsonAsync($"/api/service-tasks/{task}/volunteers/{member}", new { hours = 3.5m })).StatusCode);

        var tasks = await centre.GetFromJsonAsync<JsonElement[]>("/api/communities/4/service-tasks");
        var listed = Assert.Single(tasks!, t => t.GetProperty("id").GetInt64() == task);
        var served = Assert.Single(listed.GetProperty("volunteers").EnumerateArray());
        Assert.Equal(("孙志刚", 3.5m), (served.Str("name"), served.GetProperty("hours").GetDecimal()));

        var figures = Community(await centre.GetFromJsonAsync<JsonElement>("/api/volunteers/figures"), 4);
        Assert.Equal(figuresBefore.GetProperty("registered").GetInt32() + 1, figures.GetProperty("registered").GetInt32());
        Assert.Equal(figuresBefore.GetProperty("tasks").GetInt32() + 1, figures.GetProperty("tasks").GetInt32());
        Assert.Equal(figuresBefore.GetProperty("hours").GetDecimal() + 3.5m, figures.GetProperty("hours").GetDecimal());
        var counted = (await app.QueryAsync("""
            SELECT sum(s.hours) FROM service_signups s JOIN service_tasks t ON t.id = s.task_id
            WHERE t.community_id = 4 AND t.held_on > (now() AT TIME ZONE INTERVAL '+08:00')::date - 90
            """, r => r.GetDecimal(0)))[0];
        Assert.Equal(counted, figures.GetProperty("hours").GetDecimal());

        var record = await app.ClientFor(SmallDistrict.Leader).GetFromJsonAsync<JsonElement>("/api/households/1/service-record");
        var mine = record.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == member);
        Assert.Equal(3.5m, mine.GetProperty("hoursServed").GetDecimal());

        Assert.Equal([(SmallDistrict.Centre, "register")], await ChangesAsync("volunteer", member));
        Assert.Equal([(SmallDistrict.Centre, "publish task")], await ChangesAsync("service_task", task));
        var signup = (await app.QueryAsync("SELECT id FROM service_signups WHERE task_id = $1", r => r.GetInt64(0), task)).Single();
        Assert.Equal([(SmallDistrict.Centre, "service hours"), (SmallDistrict.Centre, "service hours")], await ChangesAsync("service_signup", signup));
    }

    static JsonElement Community(JsonElement figures, long id) =>
        figures.GetProperty("communities").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id);

    [Fact]
    public async Task A_grid_worker_reads_members_of_its_grid_masked_and_an_unmasked_read_is_recorded()
    {
        var worker = await app.ClientFor(SmallDistrict.Worker).GetFromJsonAsync<JsonElement>("/api/volunteers");
        var member = Assert.Single(worker.GetProperty("volunteers").EnumerateArray(), v => v.GetProperty("id").GetInt64() == 1);
        Assert.Equal(("赵*东", "136****1111"), (member.Str("name"), member.Str("phone")));
        Assert.DoesNotContain(worker.GetProperty("volunteers").EnumerateArray(), v => v.GetProperty("communityId").GetInt64() == 5);

        var centre = await app.ClientFor(SmallDistrict.Centre).GetFromJsonAsync<JsonElement>("/api/volunteers?communityId=4");
        Assert.Contains(centre.GetProperty("volunteers").EnumerateArray(), v => v.Str("name") == "赵卫东" && v.Str("phone") == "13600001111");
        var reads = await app.QueryAsync("SELECT volunteer_ids FROM personal_data_reads WHERE username = $1 AND what = 'GET /api/volunteers'",
            r => r.GetFieldValue<long[]>(0), SmallDistrict.Centre);
        Assert.Contains(reads, ids => ids.Contains(1L));
        Assert.Empty(await app.QueryAsync("SELECT id FROM personal_data_reads WHERE username = $1", r => r.GetInt64(0), SmallDistrict.Worker));
    }

    [Fact]
    public async Task A_list_of_members_is_paged_and_every_member_comes_once()
    {
        var admin = app.AdminClient();
        var ids = new List<long>();
        for (var url = "/api/volunteers?limit=1"; url is not null;)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(url);
            ids.AddRange(page.GetProperty("volunteers").EnumerateArray().Select(v => v.GetProperty("id").GetInt64()));
            url = page.GetProperty("links").EnumerateArray().Select(l => l.Str("href")).FirstOrDefault();
        }
        Assert.Equal(await app.QueryAsync("SELECT id FROM volunteers ORDER BY id", r => r.GetInt64(0)), ids);
        await ProblemAssert.NamesFieldAsync(await admin.GetAsync("/api/volunteers?limit=0"), "limit");
    }

    [Fact]
    public async Task Bad_registrations_tasks_and_hours_are_refused_naming_the_field()
    {
        var centre = app.ClientFor(SmallDistrict.Centre);
        await ProblemAssert.NamesFieldAsync(await centre.PostAsJsonAsync("/api/volunteers", new { name = "无电话", workUnit = "单位", communityId = 4 }), "phone");
        await ProblemAssert.NamesFieldAsync(await centre.PostAsJsonAsync("/api/volunteers", new { name = "别处", phone = "13600000000", workUnit = "单位", communityId = 5 }), "communityId");
        await ProblemAssert.NamesFieldAsync(await centre.PostAsJsonAsync("/api/volunteers", new { name = "网格", phone = "13600000000", workUnit = "单位", communityId = 6 }), "communityId");
        // Household 2 lies in community 4 but not household 3 (community 5).
        await ProblemAssert.NamesFieldAsync(await app.AdminClient().PostAsJsonAsync("/api/volunteers", new { name = "别户", phone = "13600000000", workUnit = "单位", communityId = 4, householdId = 3 }), "householdId");
        await ProblemAssert.NamesFieldAsync(await centre.PostAsJsonAsync("/api/communities/4/service-tasks", new { title = "无日期", place = "广场" }), "heldOn");
        await ProblemAssert.NamesFieldAsync(await centre.PostAsJsonAsync("/api/communities/4/service-tasks", new { title = "", heldOn = Day(0), place = "广场" }), "title");
        await ProblemAssert.NamesFieldAsync(await centre.PutAsJsonAsync("/api/service-tasks/1/volunteers/1", new { hours = 25 }), "hours");
        await ProblemAssert.NamesFieldAsync(await centre.PutAsJsonAsync("/api/service-tasks/1/volunteers/1", new { hours = 1.25m }), "hours");
        var future = await (await centre.PostAsJsonAsync("/api/communities/4/service-tasks", new { title = "下周", heldOn = Day(7), place = "广场" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await ProblemAssert.NamesFieldAsync(await centre.PutAsJsonAsync($"/api/service-tasks/{future.GetProperty("id").GetInt64()}/volunteers/1", new { hours = 2 }), "hours");
        // A member of another community picks none of this community's tasks.
        Assert.Equal(HttpStatusCode.NotFound, (await app.AdminClient().PutAsJsonAsync("/api/service-tasks/1/volunteers/2", new { hours = 2 })).StatusCode);
        Assert.Empty(await app.QueryAsync("SELECT id FROM volunteers WHERE name IN ('无电话', '别处', '网格', '别户')", r => r.GetInt64(0)));
    }
}
