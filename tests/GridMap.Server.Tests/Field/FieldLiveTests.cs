using GridMap.Tests.Live;

namespace GridMap.Tests.Field;

/// <summary>Staff moving on the command centre's map, and departments answering summonses (吹哨报到), over the real hub.</summary>
public class FieldLiveTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    async Task<LiveClient> WatchAsync(string username, long areaId)
    {
        var client = await LiveClient.ConnectAsync(app, await app.TokenFor(username));
        await client.SubscribeAsync(areaId, -1);
        return client;
    }

    Task<HttpResponseMessage> MoveStaffAsync(long id, double lon, double lat) =>
        cases.Http.PutAsJsonAsync($"/api/staff/{id}/location", new { lon, lat });

    [Fact]
    public async Task A_staff_members_move_is_pushed_to_watchers_of_its_home_grids_area_only()
    {
        await app.AddUserAsync("admin-east", Role.Admin);
        await using var west = await WatchAsync(SmallDistrict.Centre, 2); // street W: grids 6, 7
        await using var east = await WatchAsync("admin-east", 3);        // street E: grids 8, 9

        Assert.Equal(HttpStatusCode.OK, (await MoveStaffAsync(3, 121.171, 31.872)).StatusCode); // 王芳, grid 7
        var moved = await west.NextStaffMovedAsync();
        Assert.Equal(3, moved.GetProperty("id").GetInt64());
        Assert.Equal("王芳", moved.GetProperty("name").GetString());
        Assert.Equal(121.171, moved.GetProperty("lon").GetDouble(), 6);
        Assert.Equal(31.872, moved.GetProperty("lat").GetDouble(), 6);
        Assert.True(moved.GetProperty("onDuty").GetBoolean());
        Assert.Equal(app.Clock.Now, moved.GetProperty("at").GetDateTimeOffset());

        // 吴刚 of grid 9 goes off duty: the east hears it first, so it never heard 王芳; then the
        // west hears 赵磊 of grid 6 next, so it never heard 吴刚.
        Assert.Equal(HttpStatusCode.OK, (await cases.Http.PutAsJsonAsync("/api/staff/7/duty", new { onDuty = false })).StatusCode);
        var eastFirst = await east.NextStaffMovedAsync();
        Assert.Equal((7L, false), (eastFirst.GetProperty("id").GetInt64(), eastFirst.GetProperty("onDuty").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, (await MoveStaffAsync(5, 121.149, 31.872)).StatusCode);
        Assert.Equal(5, (await west.NextStaffMovedAsync()).GetProperty("id").GetInt64());
    }

    async Task<JsonElement> EscalatedAsync(double lon, params string[] departments)
    {
        var c = await cases.ReportAsync(lon, 31.87, "illegal_construction", "违章搭建");
        c = await cases.MoveOkAsync(c, "register");
        return await cases.MoveOkAsync(c, "escalate", new { departments });
    }

    static JsonElement Summons(JsonElement c, string department) =>
        c.GetProperty("summons").EnumerateArray().Single(s => s.GetProperty("department").GetString() == department);

    [Fact]
    public async Task A_departments_inbox_holds_its_own_summonses_in_its_area_and_its_late_report_is_pushed_to_the_centre()
    {
        await app.AddUserAsync("dept-urban", Role.Department, areaId: 2, departmentCode: "urban_management");
        await app.AddUserAsync("dept-police", Role.Department, areaId: 2, departmentCode: "public_security");
        await app.AddUserAsync("dept-urban-east", Role.Department, areaId: 3, departmentCode: "urban_management");
        using var urban = app.ClientFor("dept-urban");
        using var police = app.ClientFor("dept-police");
        using var urbanEast = app.ClientFor("dept-urban-east");
        await using var centre = await WatchAsync(SmallDistrict.Centre, 2);

        app.Clock.Now = TestClock.At("2026-05-11 09:00"); // a Monday
        var c = await EscalatedAsync(121.165, "urban_management", "public_security");
        var id = c.GetProperty("id").GetInt64();

        var inbox = await urban.GetFromJsonAsync<JsonElement>("/api/summons");
        var entry = Assert.Single(inbox.EnumerateArray(), e => e.GetProperty("caseId").GetInt64() == id);
        Assert.Equal("urban_management", entry.GetProperty("department").GetString());
        Assert.False(entry.GetProperty("late").GetBoolean());
        Assert.Equal(id, entry.GetProperty("case").GetProperty("id").GetInt64());
        Assert.All(inbox.EnumerateArray(), e => Assert.Equal("urban_management", e.GetProperty("department").GetString()));
        Assert.DoesNotContain((await urbanEast.GetFromJsonAsync<JsonElement>("/api/summons")).EnumerateArray(), e => e.GetProperty("caseId").GetInt64() == id);
        using var centreInbox = app.ClientFor(SmallDistrict.Centre);
        Assert.Equal(["public_security", "urban_management"], (await centreInbox.GetFromJsonAsync<JsonElement>("/api/summons")).EnumerateArray()
            .Where(e => e.GetProperty("caseId").GetInt64() == id).Select(e => e.GetProperty("department").GetString()).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await urbanEast.GetAsync($"/api/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await urban.GetAsync($"/api/cases/{id}")).StatusCode);

        // 报到 on time by one department; another department's code is not its to confirm.
        var onTime = await urban.PostAsJsonAsync($"/api/cases/{id}/transitions", new { action = "confirm_escalation", version = c.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, onTime.StatusCode);
        c = await onTime.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("confirmed", Summons(c, "urban_management").GetProperty("state").GetString());
        Assert.False(Summons(c, "urban_management").GetProperty("late").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await urban.PostAsJsonAsync($"/api/cases/{id}/transitions",
            new { action = "confirm_escalation", version = c.GetProperty("version").GetInt32(), department = "public_security" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await urban.PostAsJsonAsync($"/api/cases/{id}/transitions",
            new { action = "dispatch", version = c.GetProperty("version").GetInt32(), assigneeId = 3 })).StatusCode);

        // The police reports after its due time: marked late, and the centre's map hears it.
        app.Clock.Now = Summons(c, "public_security").GetProperty("dueAt").GetDateTimeOffset().AddMinutes(5);
        var late = await police.PostAsJsonAsync($"/api/cases/{id}/transitions", new { action = "confirm_escalation", version = c.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.True(Summons(await late.Content.ReadFromJsonAsync<JsonElement>(), "public_security").GetProperty("late").GetBoolean());
        ReceivedChange pushed;
        do pushed = await centre.NextAsync(); while (pushed.CaseId != id || pushed.Action != "confirm_escalation" || !Summons(pushed.Case, "public_security").GetProperty("state").GetString()!.Equals("confirmed"));
        Assert.True(Summons(pushed.Case, "public_security").GetProperty("late").GetBoolean());
        Assert.False(Summons(pushed.Case, "urban_management").GetProperty("late").GetBoolean());
    }

    [Fact]
    public async Task A_department_and_a_worker_sent_elsewhere_get_the_names_and_the_outline_of_their_cases_places_they_may_not_list()
    {
        await app.AddUserAsync("dept-urban-names", Role.Department, areaId: 1, departmentCode: "urban_management");
        using var urban = app.ClientFor("dept-urban-names");
        var c = await cases.ReportAsync(121.171, 31.87, "illegal_construction", "违章搭建"); // grid 7
        c = await cases.MoveOkAsync(c, "register");
        // 周敏, the worker of grid 6, on duty for the dispatch and off again after it, as seeded.
        Assert.Equal(HttpStatusCode.OK, (await cases.Http.PutAsJsonAsync("/api/staff/2/duty", new { onDuty = true })).StatusCode);
        c = await cases.MoveOkAsync(c, "dispatch", new { assigneeId = 2 });
        Assert.Equal(HttpStatusCode.OK, (await cases.Http.PutAsJsonAsync("/api/staff/2/duty", new { onDuty = false })).StatusCode);
        var hidden = await cases.ReportAsync(121.22, 31.87, "illegal_construction", "另一条街道的违章搭建"); // grid 8, not summoned
        var ids = $"{c.GetProperty("id")},{hidden.GetProperty("id")}";

        // Summoned: the department names the case's place and handler, and nothing of a case it does not see.
        Assert.Equal("""{"areas":[],"staff":[]}""", await urban.GetStringAsync($"/api/cases/names?ids={ids}"));
        Assert.Equal(HttpStatusCode.NotFound, (await urban.GetAsync($"/api/cases/{c.GetProperty("id")}/area")).StatusCode);
        c = await cases.MoveOkAsync(c, "escalate", new { departments = new[] { "urban_management" } });
        var names = await urban.GetFromJsonAsync<JsonElement>($"/api/cases/names?ids={ids}");
        Assert.Equal([(2L, "street", "海门街道"), (4L, "community", "秀山社区"), (7L, "grid", "秀山社区第2网格")],
            names.GetProperty("areas").EnumerateArray().Select(a => (a.GetProperty("id").GetInt64(), a.GetProperty("level").GetString(), a.GetProperty("name").GetString())));
        var handler = Assert.Single(names.GetProperty("staff").EnumerateArray());
        Assert.Equal((2L, "周敏"), (handler.GetProperty("id").GetInt64(), handler.GetProperty("name").GetString()));
        Assert.Equal(["id", "name"], handler.EnumerateObject().Select(p => p.Name)); // no phone, no whereabouts
        // What it names, the department may not list itself.
        Assert.Equal(HttpStatusCode.Forbidden, (await urban.GetAsync("/api/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await urban.GetAsync("/api/areas?level=grid")).StatusCode);

        // And the outline of the grid the case lies in, as the areas' own endpoint writes it, for the map on the case.
        var grid = await cases.Http.GetStringAsync("/api/areas/7");
        var area = await urban.GetAsync($"/api/cases/{c.GetProperty("id")}/area");
        Assert.Equal(HttpStatusCode.OK, area.StatusCode);
        Assert.Equal("application/geo+json", area.Content.Headers.ContentType?.MediaType);
        Assert.Equal(grid, await area.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await urban.GetAsync($"/api/cases/{hidden.GetProperty("id")}/area")).StatusCode);
        var missing = await urban.GetAsync("/api/cases/999999/area");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        // The grid worker of grid 6, sent to grid 7, names where it must go, which its own areas do not hold.
        using var worker = app.ClientFor(SmallDistrict.Worker);
        Assert.Equal(["秀山社区第2网格"], (await worker.GetFromJsonAsync<JsonElement>($"/api/cases/names?ids={ids}"))
            .GetProperty("areas").EnumerateArray().Where(a => a.GetProperty("level").GetString() == "grid").Select(a => a.GetProperty("name").GetString()));
        Assert.DoesNotContain((await worker.GetFromJsonAsync<JsonElement>("/api/areas?level=grid")).GetProperty("features").EnumerateArray(),
            f => f.GetProperty("properties").GetProperty("name").GetString() == "秀山社区第2网格");
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/areas/7")).StatusCode);
        Assert.Equal(grid, await worker.GetStringAsync($"/api/cases/{c.GetProperty("id")}/area"));
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/cases/{hidden.GetProperty("id")}/area")).StatusCode);

        var noIds = await urban.GetAsync("/api/cases/names");
        Assert.Equal(HttpStatusCode.BadRequest, noIds.StatusCode);
        Assert.Contains("ids", await noIds.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await urban.GetAsync("/api/cases/names?ids=1,x")).StatusCode);
    }

    [Fact]
    public async Task A_departments_inbox_lists_what_it_has_to_answer_then_what_it_took_up_last()
    {
        // A department is summoned thousands of times a year: its first page must not be last year's.
        await app.AddUserAsync("dept-civil", Role.Department, areaId: 2, departmentCode: "civil_affairs");
        using var civil = app.ClientFor("dept-civil");
        app.Clock.Now = TestClock.At("2026-06-08 09:00"); // a Monday
        var first = await EscalatedAsync(121.165, "civil_affairs");
        var second = await EscalatedAsync(121.166, "civil_affairs");
        var tied = await EscalatedAsync(121.168, "civil_affairs");
        var pending = await EscalatedAsync(121.167, "civil_affairs");
        foreach (var (c, at) in new[] { (first, "2026-06-08 09:05"), (second, "2026-06-08 09:10"), (tied, "2026-06-08 09:10") })
        {
            app.Clock.Now = TestClock.At(at);
            var confirmed = await civil.PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetInt64()}/transitions",
                new { action = "confirm_escalation", version = c.GetProperty("version").GetInt32() });
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        async Task<long[]> InboxAsync(string query) =>
            [.. (await civil.GetFromJsonAsync<JsonElement>("/api/summons" + query)).EnumerateArray().Select(e => e.GetProperty("caseId").GetInt64())];
        long Id(JsonElement c) => c.GetProperty("id").GetInt64();
        // Two 报到 in the same microsecond: the case's number breaks the tie.
        Assert.Equal([Id(pending), Id(second), Id(tied), Id(first)], await InboxAsync(""));
        Assert.Equal([Id(pending), Id(second)], await InboxAsync("?limit=2"));

        // The older ones a page at a time, by the Link header's next page, each once, to the end; a
        // summons answered meanwhile is the latest 报到, before the pages still to read, not in them.
        var read = new List<long>();
        for (var next = "/api/summons?limit=1"; next is not null;)
        {
            using var page = await civil.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            read.AddRange((await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(e => e.GetProperty("caseId").GetInt64()));
            Assert.True(read.Count <= 4, $"read again: {string.Join(", ", read)}");
            next = page.Headers.TryGetValues("Link", out var links) ? Regex.Match(links.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value : null;
            if (read.Count == 2)
            {
                app.Clock.Now = TestClock.At("2026-06-08 09:20");
                var confirmed = await civil.PostAsJsonAsync($"/api/cases/{Id(pending)}/transitions", new { action = "confirm_escalation", version = pending.GetProperty("version").GetInt32() });
                Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            }
        }
        Assert.Equal([Id(pending), Id(second), Id(tied), Id(first)], read);
        Assert.False((await civil.GetAsync("/api/summons?limit=4")).Headers.Contains("Link"));

        // The summonses of cases still open, answered or not (the department's map); a page's next link asks for them again.
        await app.ExecuteAsync("UPDATE cases SET status = 'closed', closed_at = now() WHERE id = ANY ($1)", new[] { Id(first), Id(second) });
        Assert.Equal([Id(pending), Id(tied)], await InboxAsync("?open=true"));
        Assert.Equal([Id(pending), Id(second), Id(tied), Id(first)], await InboxAsync("?open=false"));
        using (var openPage = await civil.GetAsync("/api/summons?open=true&limit=1"))
        {
            var next = Regex.Match(openPage.Headers.GetValues("Link").Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value;
            Assert.Equal([Id(tied)], [.. (await civil.GetFromJsonAsync<JsonElement>(next)).EnumerateArray().Select(e => e.GetProperty("caseId").GetInt64())]);
        }
        var notABoolean = await civil.GetAsync("/api/summons?open=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, notABoolean.StatusCode);
        Assert.Contains("\"open\"", await notABoolean.Content.ReadAsStringAsync());

        foreach (var bad in new[] { "x", "c.1.2", "d.1.2.civil_affairs", "c.1.-2.civil_affairs", "c.1.2." })
        {
            var refused = await civil.GetAsync($"/api/summons?after={bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("\"after\"", await refused.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_overdue_watcher_marks_a_summons_past_due_without_a_report_late_once_and_pushes_it()
    {
        await using var centre = await WatchAsync(SmallDistrict.Centre, 2);
        var watcher = app.Services.GetRequiredService<OverdueWatcher>();
        app.Clock.Now = TestClock.At("2026-06-01 09:00"); // a Monday
        var c = await EscalatedAsync(121.166, "justice");
        var id = c.GetProperty("id").GetInt64();
        var due = Summons(c, "justice").GetProperty("dueAt").GetDateTimeOffset();

        app.Clock.Now = due.AddMinutes(-1);
        await watcher.MarkLateSummonsesAsync(CancellationToken.None);
        Assert.False(Summons(await cases.GetAsync(id), "justice").GetProperty("late").GetBoolean());

        app.Clock.Now = due.AddMinutes(1);
        Assert.True(await watcher.MarkLateSummonsesAsync(CancellationToken.None) >= 1);
        Assert.Equal(0, await watcher.MarkLateSummonsesAsync(CancellationToken.None));
        var now = await cases.GetAsync(id);
        Assert.True(Summons(now, "justice").GetProperty("late").GetBoolean());
        Assert.Equal("pending", Summons(now, "justice").GetProperty("state").GetString());
        Assert.Single(await cases.EventsAsync(id), e => e.Str("action") == "summons_late");
        ReceivedChange pushed;
        do pushed = await centre.NextAsync(); while (pushed.CaseId != id || pushed.Action != "summons_late");
        Assert.True(Summons(pushed.Case, "justice").GetProperty("late").GetBoolean());
    }
}

/// <summary>A reporter follows its own reports live (SubscribeMine), and only those.</summary>
public class ReporterLiveTests(CasesApp app) : IClassFixture<CasesApp>
{
    [Fact]
    public async Task A_reporter_receives_the_changes_of_its_own_reports_live_and_replayed_and_no_one_elses()
    {
        var cases = new CaseClient(app.ClientFor(SmallDistrict.Admin));
        await app.AddUserAsync("live-a", Role.Reporter);
        await app.AddUserAsync("live-b", Role.Reporter);
        using var a = app.ClientFor("live-a");
        using var b = app.ClientFor("live-b");
        await using var live = await LiveClient.ConnectAsync(app, await app.TokenFor("live-a"));
        await live.InvokeAsync("SubscribeMine", -1L);

        async Task<JsonElement> Report(HttpClient http, string description)
        {
            var response = await http.PostAsJsonAsync("/api/cases", new { lon = 121.168, lat = 31.872, categoryCode = "noise_nuisance", description });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        await Report(b, "别人的报告");
        var mine = await Report(a, "我的报告");
        // The first change to arrive is the own report's, so the other one never came.
        var first = await live.NextAsync();
        Assert.Equal((mine.GetProperty("id").GetInt64(), "report"), (first.CaseId, first.Action));
        await cases.MoveOkAsync(mine, "register");
        var second = await live.NextAsync();
        Assert.Equal((mine.GetProperty("id").GetInt64(), "register", "registered"), (second.CaseId, second.Action, second.Case.GetProperty("status").GetString()));

        await using var later = await LiveClient.ConnectAsync(app, await app.TokenFor("live-a"));
        await later.InvokeAsync("SubscribeMine", 0L);
        var replayed = await later.ReceiveThroughAsync(second.Seq);
        Assert.Equal([first.Seq, second.Seq], replayed.Select(r => r.Seq));
    }
}
