namespace GridMap.Tests.Cases;

public class CaseWorkflowApiTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    [Fact]
    public async Task Report_takes_its_grid_community_street_and_district_from_the_location()
    {
        app.Clock.Now = TestClock.At("2026-03-09 09:00");
        var response = await cases.Http.PostAsJsonAsync("/api/cases",
            new { lon = 121.22, lat = 31.88, categoryCode = "environmental_sanitation", description = "垃圾桶满溢", reporter = "王五" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var c = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/cases/{c.GetProperty("id").GetInt64()}", response.Headers.Location?.OriginalString);
        Assert.Equal("reported", c.Str("status"));
        Assert.Equal((8, 5, 3, 1), (c.GetProperty("gridId").GetInt64(), c.GetProperty("communityId").GetInt64(), c.GetProperty("streetId").GetInt64(), c.GetProperty("districtId").GetInt64()));
        Assert.Equal(1, c.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("possibleDuplicateOf").ValueKind);
        // 环境卫生: 15 min to register + 30 min to dispatch, on the command centre's wall clock.
        Assert.Equal(TestClock.At("2026-03-09 09:45"), c.Time("deadline"));
        Assert.Equal(["register", "void"], (await StatusAsync(c.Str("status"))).GetProperty("allowedActions").GetProperty("command_centre").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("""{"lon":121.2,"lat":31.88,"categoryCode":"potholes","description":"x"}""", "categoryCode")]
    [InlineData("""{"lon":200,"lat":31.88,"categoryCode":"environmental_sanitation","description":"x"}""", "lon")]
    [InlineData("""{"lon":121.2,"categoryCode":"environmental_sanitation","description":"x"}""", "lat")]
    [InlineData("""{"lon":121.2,"lat":31.88,"categoryCode":"environmental_sanitation","description":"   "}""", "description")]
    [InlineData("""{"lon":121.2,"lat":31.88,"categoryCode":"environmental_sanitation"}""", "description")]
    public async Task Bad_report_is_400_naming_the_field(string body, string field)
    {
        var response = await cases.Http.PostAsync("/api/cases", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Overlong_description_is_400()
    {
        var response = await cases.Http.PostAsJsonAsync("/api/cases",
            new { lon = 121.2, lat = 31.88, categoryCode = "environmental_sanitation", description = new string('杂', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2000", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("description")[0].GetString());
    }

    [Fact]
    public async Task Report_outside_every_area_is_422_with_the_reason()
    {
        var response = await cases.Http.PostAsJsonAsync("/api/cases",
            new { lon = 120.0, lat = 30.0, categoryCode = "environmental_sanitation", description = "远处" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Outside all areas", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("title"));
    }

    /// <summary>
    /// Four lives of a case that between them take every move of the workflow table, each
    /// through the API in the role that makes it, checking the status after each.
    /// </summary>
    [Fact]
    public async Task Every_legal_move_goes_through_the_api()
    {
        app.Clock.Now = TestClock.At("2026-03-09 09:00");
        var taken = new HashSet<(string From, string Action)>();
        async Task<JsonElement> Walk(JsonElement c, params (string Action, string Then, object? Extra)[] steps)
        {
            foreach (var (action, then, extra) in steps)
            {
                var from = c.Str("status");
                var version = c.GetProperty("version").GetInt32();
                c = await cases.MoveOkAsync(c, action, extra);
                Assert.Equal(then, c.Str("status"));
                Assert.Equal(version + 1, c.GetProperty("version").GetInt32());
                taken.Add((from, action));
                app.Clock.Now += TimeSpan.FromMinutes(5);
            }
            return c;
        }
        object Summon(params string[] departments) => new { departments };
        object Confirm(string department) => new { department };

        var full = await Walk(await cases.ReportAsync(121.12, 31.86),
            ("register", "registered", null),
            ("escalate", "registered", Summon("justice")),
            ("confirm_escalation", "registered", Confirm("justice")),
            ("dispatch", "dispatched", new { assigneeId = 3 }),
            ("return", "returned", new { note = "不属于本网格" }),
            ("escalate", "returned", Summon("public_security")),
            ("confirm_escalation", "returned", Confirm("public_security")),
            ("dispatch", "dispatched", new { assigneeId = 4 }),
            ("escalate", "dispatched", Summon("civil_affairs")),
            ("confirm_escalation", "dispatched", Confirm("civil_affairs")),
            ("accept", "in_progress", null),
            ("escalate", "in_progress", Summon("publicity", "ecology_environment", "agriculture_rural", "discipline_inspection")),
            ("confirm_escalation", "in_progress", Confirm("publicity")),
            ("request_extension", "extension_requested", new { extensionHours = 8 }),
            ("escalate", "extension_requested", Summon("urban_management")),
            ("confirm_escalation", "extension_requested", Confirm("urban_management")),
            ("approve_extension", "extended", null),
            ("escalate", "extended", Summon("housing_construction")),
            ("confirm_escalation", "extended", Confirm("housing_construction")),
            ("submit_feedback", "feedback_submitted", null),
            ("confirm_escalation", "feedback_submitted", Confirm("ecology_environment")),
            ("begin_check", "checking", null),
            ("confirm_escalation", "checking", Confirm("agriculture_rural")),
            ("rework", "in_progress", new { note = "仍有垃圾" }),
            ("park", "parked", new { note = "需要专项资金" }),
            ("confirm_escalation", "parked", Confirm("discipline_inspection")),
            ("unpark", "in_progress", null),
            ("request_extension", "extension_requested", new { extensionHours = 4 }),
            ("reject_extension", "in_progress", null),
            ("request_extension", "extension_requested", new { extensionHours = 4 }),
            ("submit_feedback", "feedback_submitted", null),
            ("begin_check", "checking", null),
            ("close", "closed", null));
        await Walk(await cases.ReportAsync(121.12, 31.86, description: "重复上报"), ("void", "voided", null));
        await Walk(await cases.ReportAsync(121.12, 31.86, description: "无主"),
            ("register", "registered", null), ("dispatch", "dispatched", new { assigneeId = 3 }),
            ("return", "returned", new { note = "非本部门职责" }), ("void", "voided", null));
        await Walk(await cases.InProgressAsync(121.12, 31.86),
            ("submit_feedback", "feedback_submitted", null), ("begin_check", "checking", null), ("close", "closed", null));

        var untaken = CaseWorkflow.Transitions.Where(t => !taken.Contains((t.From.Code(), t.Action.Code()))).Select(t => $"{t.From.Code()} {t.Action.Code()}");
        Assert.Empty(untaken);
        Assert.Equal(1, full.GetProperty("reworkCount").GetInt32());
        Assert.Equal(8, full.GetProperty("extensionGrantedHours").GetInt32());
        Assert.All(full.GetProperty("summons").EnumerateArray(), s => Assert.Equal("confirmed", s.Str("state")));
        var closed = await StatusAsync(full.Str("status"));
        Assert.True(full.GetProperty("finished").GetBoolean());
        Assert.True(closed.GetProperty("finished").GetBoolean());
        Assert.False(closed.GetProperty("allowedActions").EnumerateObject().Any());
    }

    /// <summary>A status as the catalogue serves it: its names, whether it is finished, who may do what in it.</summary>
    async Task<JsonElement> StatusAsync(string code) =>
        (await cases.Http.GetFromJsonAsync<JsonElement>("/api/case-categories")).GetProperty("statuses").EnumerateArray().Single(s => s.Str("code") == code);

    [Theory]
    [InlineData("dispatch", "command_centre", new[] { "register", "void" }, "reported")]
    [InlineData("register", "grid_worker", new string[0], "reported")]
    [InlineData("close", "command_centre", new[] { "escalate" }, "dispatched")]
    [InlineData("accept", "grid_worker", new string[0], "registered")]
    [InlineData("approve_extension", "command_centre", new[] { "park", "escalate" }, "in_progress")]
    [InlineData("submit_feedback", "grid_worker", new[] { "accept", "return" }, "dispatched")]
    public async Task Illegal_move_is_409_naming_the_status_and_the_allowed_actions(string action, string role, string[] allowed, string status)
    {
        var c = await cases.ReportAsync(121.12, 31.87);
        if (status != "reported") c = await cases.MoveOkAsync(c, "register");
        if (status is "dispatched" or "in_progress") c = await cases.MoveOkAsync(c, "dispatch", new { assigneeId = 3 });
        if (status is "in_progress") c = await cases.MoveOkAsync(c, "accept");

        var response = await cases.MoveAsync(c.GetProperty("id").GetInt64(), action, c.GetProperty("version").GetInt32(), role);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.Str("currentStatus"));
        Assert.Equal(allowed, problem.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(status, (await cases.GetAsync(c.GetProperty("id").GetInt64())).Str("status"));
    }

    [Fact]
    public async Task Stale_version_is_409_with_the_current_version()
    {
        var c = await cases.ReportAsync(121.12, 31.87);
        await cases.MoveOkAsync(c, "register");
        var response = await cases.MoveAsync(c.GetProperty("id").GetInt64(), "void", version: 1);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal(1, problem.GetProperty("yourVersion").GetInt32());
    }

    [Fact]
    public async Task Two_grid_leaders_assigning_the_same_case_at_once_exactly_one_wins()
    {
        for (var round = 0; round < 5; round++)
        {
            var c = await cases.MoveOkAsync(await cases.ReportAsync(121.17, 31.87), "register");
            var id = c.GetProperty("id").GetInt64();
            var version = c.GetProperty("version").GetInt32();
            var leaders = new[] { new CaseClient(app.ClientFor(SmallDistrict.Admin)), new CaseClient(app.ClientFor(SmallDistrict.Admin)) };
            var responses = await Task.WhenAll(
                leaders[0].MoveAsync(id, "dispatch", version, extra: new { assigneeId = 3 }),
                leaders[1].MoveAsync(id, "dispatch", version, extra: new { assigneeId = 4 }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = await responses.Single(r => r.IsSuccessStatusCode).Content.ReadFromJsonAsync<JsonElement>();
            var loser = await responses.Single(r => !r.IsSuccessStatusCode).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(version + 1, loser.GetProperty("currentVersion").GetInt32());
            var stored = await cases.GetAsync(id);
            Assert.Equal(winner.GetProperty("assigneeId").GetInt64(), stored.GetProperty("assigneeId").GetInt64());
            Assert.Single(await cases.EventsAsync(id), e => e.Str("action") == "dispatch");
        }
    }

    [Fact]
    public async Task Dispatch_needs_an_on_duty_staff_member()
    {
        var c = await cases.MoveOkAsync(await cases.ReportAsync(121.17, 31.87), "register");
        foreach (var extra in new object?[] { null, new { assigneeId = 8 }, new { assigneeId = 999 } })
        {
            var response = await cases.MoveAsync(c.GetProperty("id").GetInt64(), "dispatch", c.GetProperty("version").GetInt32(), extra: extra);
            await ProblemAssert.NamesFieldAsync(response, "assigneeId");
        }
        Assert.Equal("registered", (await cases.GetAsync(c.GetProperty("id").GetInt64())).Str("status"));
    }

    [Fact]
    public async Task Dispatching_someone_outside_the_callers_area_tells_nothing_about_them()
    {
        // The grid leader of grid 6: 郑洁 (8, off duty) and 王芳 (3, on duty) work in grid 7; there is no staff member 999.
        var c = await cases.MoveOkAsync(await cases.ReportAsync(121.12, 31.87), "register");
        var leader = new CaseClient(app.ClientFor(SmallDistrict.Leader));
        var answers = new List<string>();
        foreach (var id in new[] { 8, 3, 999 })
        {
            var response = await leader.MoveAsync(c.GetProperty("id").GetInt64(), "dispatch", c.GetProperty("version").GetInt32(), "grid_leader", new { assigneeId = id });
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain("郑洁", body);
            Assert.DoesNotContain("王芳", body);
            answers.Add(JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("assigneeId")[0].GetString()!.Replace(id.ToString(), "N"));
        }
        Assert.Single(answers.Distinct());
        Assert.Equal("registered", (await cases.GetAsync(c.GetProperty("id").GetInt64())).Str("status"));
    }

    [Theory]
    [InlineData("launch", null, "action")]
    [InlineData("register", "mayor", "actorRole")]
    public async Task Unknown_action_or_role_is_400_naming_the_field(string action, string? role, string field)
    {
        var c = await cases.ReportAsync(121.17, 31.87);
        var response = await cases.MoveAsync(c.GetProperty("id").GetInt64(), action, 1, role ?? "command_centre");
        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Move_on_an_unknown_case_is_404()
    {
        var response = await cases.MoveAsync(987654, "register", 1);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await cases.Http.GetAsync("/api/cases/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cases.Http.GetAsync("/api/cases/987654/events")).StatusCode);
    }

    [Fact]
    public async Task Escalation_shows_which_departments_confirmed_and_which_are_pending_with_their_due_times()
    {
        app.Clock.Now = TestClock.At("2026-03-09 09:00");
        var c = await cases.MoveOkAsync(await cases.ReportAsync(121.17, 31.87, "safety_hazard", "燃气泄漏"), "register");
        c = await cases.MoveOkAsync(c, "escalate", new { departments = new[] { "emergency_management", "housing_construction" } });
        app.Clock.Now = TestClock.At("2026-03-09 09:10");
        c = await cases.MoveOkAsync(c, "confirm_escalation", new { department = "emergency_management" });

        var summons = c.GetProperty("summons").EnumerateArray().ToDictionary(s => s.Str("department"));
        Assert.Equal("confirmed", summons["emergency_management"].Str("state"));
        Assert.Equal(TestClock.At("2026-03-09 09:10"), summons["emergency_management"].Time("confirmedAt"));
        Assert.Equal(TestClock.At("2026-03-09 09:15"), summons["emergency_management"].Time("dueAt")); // 15 min for 应急管理局
        Assert.Equal("pending", summons["housing_construction"].Str("state"));
        Assert.Equal(TestClock.At("2026-03-09 09:30"), summons["housing_construction"].Time("dueAt")); // default 30 min
        Assert.False(summons["emergency_management"].GetProperty("late").GetBoolean()); // confirmed within its limit
        // Pending and not yet marked by the overdue watcher (by the server's clock, as a case's overdue is): not late yet.
        Assert.False(summons["housing_construction"].GetProperty("late").GetBoolean());
        Assert.Equal("registered", c.Str("status"));

        var notSummoned = await cases.MoveAsync(c.GetProperty("id").GetInt64(), "confirm_escalation", c.GetProperty("version").GetInt32(), extra: new { department = "justice" });
        Assert.Equal(HttpStatusCode.BadRequest, notSummoned.StatusCode);
        var unknown = await cases.MoveAsync(c.GetProperty("id").GetInt64(), "escalate", c.GetProperty("version").GetInt32(), extra: new { departments = new[] { "fire_brigade" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        app.Clock.Now = TestClock.At("2026-03-09 09:40");
        c = await cases.MoveOkAsync(c, "confirm_escalation", new { department = "housing_construction" });
        var late = c.GetProperty("summons").EnumerateArray().Single(s => s.Str("department") == "housing_construction");
        Assert.Equal("confirmed", late.Str("state"));
        Assert.True(late.GetProperty("late").GetBoolean()); // confirmed ten minutes after its limit
    }

    [Fact]
    public async Task Audit_trail_records_every_change_in_order_and_cannot_be_altered()
    {
        var c = await cases.ReportAsync(121.17, 31.87);
        var id = c.GetProperty("id").GetInt64();
        c = await cases.MoveOkAsync(c, "register", new { note = "属实" });
        c = await cases.MoveOkAsync(c, "dispatch", new { assigneeId = 3 });
        c = await cases.MoveOkAsync(c, "return", new { note = "不属于本网格", lon = 121.171, lat = 31.871 });

        var events = await cases.EventsAsync(id);
        Assert.Equal(["report", "register", "dispatch", "return"], events.Select(e => e.Str("action")));
        Assert.Equal([null, "reported", "registered", "dispatched"], events.Select(e => e.GetProperty("fromStatus").GetString()));
        Assert.Equal(["reported", "registered", "dispatched", "returned"], events.Select(e => e.Str("toStatus")));
        Assert.Equal(["reporter", "command_centre", "grid_leader", "grid_worker"], events.Select(e => e.Str("actorRole")));
        // The signed-in user acts (here the admin, in each role); the resident is named as reported.
        Assert.Equal(["张三", "admin", "admin", "admin"], events.Select(e => e.Str("actor")));
        Assert.Equal("属实", events[1].Str("note"));
        Assert.Equal("不属于本网格", events[3].Str("note"));
        Assert.Equal((121.17, 31.87), (events[0].GetProperty("lon").GetDouble(), events[0].GetProperty("lat").GetDouble()));
        Assert.Equal((121.171, 31.871), (events[3].GetProperty("lon").GetDouble(), events[3].GetProperty("lat").GetDouble()));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.GetProperty("seq").GetInt64() < p.Second.GetProperty("seq").GetInt64()));

        foreach (var sql in new[] { $"UPDATE case_events SET note = 'changed' WHERE case_id = {id}", $"DELETE FROM case_events WHERE case_id = {id}" })
        {
            var e = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteAsync(sql));
            Assert.Contains("append-only", e.MessageText);
        }
        Assert.Equal(4, (await cases.EventsAsync(id)).Length);
    }

    [Fact]
    public async Task Return_needs_a_reason()
    {
        var c = await cases.MoveOkAsync(await cases.MoveOkAsync(await cases.ReportAsync(121.17, 31.87), "register"), "dispatch", new { assigneeId = 3 });
        var response = await cases.MoveAsync(c.GetProperty("id").GetInt64(), "return", c.GetProperty("version").GetInt32());
        await ProblemAssert.NamesFieldAsync(response, "note");
    }
}
