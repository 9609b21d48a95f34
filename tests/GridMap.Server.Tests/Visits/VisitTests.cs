using GridMap.Tests.Field;
using SkiaSharp;

namespace GridMap.Tests.Visits;

/// <summary>
/// 走访: visits recorded to households of the caller's area, masked for roles that do not see
/// personal data, audited in data_changes, with a photo kept as a case's; and the share of each
/// grid's households visited, against a count of PostGIS's own.
/// </summary>
public class VisitTests(AuthApp app) : IClassFixture<AuthApp>
{
    static string Day(int daysFromToday) => DateTime.UtcNow.AddHours(8).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    Task<HttpResponseMessage> VisitAsync(string user, long household, object body) =>
        app.ClientFor(user).PostAsJsonAsync($"/api/households/{household}/visits", body);

    [Fact]
    public async Task A_grid_workers_visit_is_listed_under_its_household_with_the_worker_as_visitor_and_audited_under_the_worker()
    {
        var response = await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = "老人腿脚不便，需要上门送药" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var visit = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = visit.GetProperty("id").GetInt64();
        Assert.Equal(("staff", 2L, "周敏"), (visit.GetProperty("visitor").Str("kind"), visit.GetProperty("visitor").GetProperty("id").GetInt64(), visit.GetProperty("visitor").Str("name")));
        Assert.Equal("老人腿脚不便，需要上门送药", visit.Str("note")); // the worker reads what they wrote

        var listed = await app.ClientFor(SmallDistrict.Leader).GetFromJsonAsync<JsonElement[]>("/api/households/1/visits");
        var seen = Assert.Single(listed!, v => v.GetProperty("id").GetInt64() == id);
        Assert.Equal((Day(0), "老人腿脚不便，需要上门送药", SmallDistrict.Worker), (seen.Str("visitedOn"), seen.Str("note"), seen.Str("recordedBy")));

        var change = Assert.Single(await app.QueryAsync("""
            SELECT actor, reason, after->>'note', after->>'visitor_staff_id' FROM data_changes WHERE entity = 'visit' AND entity_id = $1 AND before IS NULL
            """, r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), id));
        Assert.Equal((SmallDistrict.Worker, "visit", "老人腿脚不便，需要上门送药", "2"), change);
    }

    [Fact]
    public async Task A_visit_for_a_Party_member_of_the_households_community_counts_in_the_members_service_record()
    {
        var before = await app.ClientFor(SmallDistrict.Centre).GetFromJsonAsync<JsonElement>("/api/households/1/service-record");
        var made = Member(before, 1).GetProperty("visitsMade").GetInt32();
        var response = await VisitAsync(SmallDistrict.Centre, 1, new { visitedOn = Day(0), note = "一起走访", volunteerId = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var visitor = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitor");
        Assert.Equal(("volunteer", "赵卫东"), (visitor.Str("kind"), visitor.Str("name")));

        var after = await app.ClientFor(SmallDistrict.Centre).GetFromJsonAsync<JsonElement>("/api/households/1/service-record");
        Assert.Equal(made + 1, Member(after, 1).GetProperty("visitsMade").GetInt32());
        Assert.Equal("demonstration", after.Str("kind"));
        // A member of another community does not visit here.
        await ProblemAssert.NamesFieldAsync(await VisitAsync(SmallDistrict.Admin, 1, new { visitedOn = Day(0), note = "走访", volunteerId = 2 }), "volunteerId");
    }

    static JsonElement Member(JsonElement record, long id) =>
        record.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == id);

    [Fact]
    public async Task A_visit_in_the_future_before_the_household_was_added_or_without_a_note_is_refused_naming_the_field()
    {
        await ProblemAssert.NamesFieldAsync(await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(1), note = "明天" }), "visitedOn");
        // The seed added household 1 today: yesterday it was not there to visit.
        await ProblemAssert.NamesFieldAsync(await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(-1), note = "昨天" }), "visitedOn");
        await ProblemAssert.NamesFieldAsync(await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = "2026/03/01", note = "格式" }), "visitedOn");
        await ProblemAssert.NamesFieldAsync(await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0) }), "note");
        await ProblemAssert.NamesFieldAsync(await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = "a\u0001b" }), "note");
        await ProblemAssert.NamesFieldAsync(await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = new string('访', 501) }), "note");
        // The command centre is no staff member: it names the Party member who visited.
        await ProblemAssert.NamesFieldAsync(await VisitAsync(SmallDistrict.Centre, 1, new { visitedOn = Day(0), note = "谁去的" }), "volunteerId");
        Assert.Equal(HttpStatusCode.NotFound, (await VisitAsync(SmallDistrict.Worker, 4, new { visitedOn = Day(0), note = "别处" })).StatusCode);
        Assert.Empty(await app.QueryAsync("SELECT id FROM visits WHERE note IN ('明天', '昨天', '格式', '谁去的', '别处')", r => r.GetInt64(0)));
    }

    [Fact]
    public async Task A_role_without_personal_data_reads_no_notes_nor_members_names_and_an_unmasked_read_is_recorded()
    {
        Assert.Equal(HttpStatusCode.Created, (await VisitAsync(SmallDistrict.Admin, 1, new { visitedOn = Day(0), note = "家中有困难", volunteerId = 1 })).StatusCode);
        var planner = await app.ClientFor(SmallDistrict.Planner).GetFromJsonAsync<JsonElement[]>("/api/households/1/visits");
        Assert.NotEmpty(planner!);
        Assert.All(planner!, v => Assert.Equal(JsonValueKind.Null, v.GetProperty("note").ValueKind));
        Assert.Contains(planner!, v => v.GetProperty("visitor").Str("name") == "赵*东");

        var readsBefore = await ReadsAsync(SmallDistrict.Leader);
        var leader = await app.ClientFor(SmallDistrict.Leader).GetFromJsonAsync<JsonElement[]>("/api/households/1/visits");
        Assert.Contains(leader!, v => v.Str("note") == "家中有困难" && v.GetProperty("visitor").Str("name") == "赵卫东");
        var reads = (await ReadsAsync(SmallDistrict.Leader)).Except(readsBefore).ToList();
        Assert.Contains(reads, r => r.Households.SequenceEqual([1L]));
        Assert.Contains(reads, r => r.Volunteers.SequenceEqual([1L]));
        Assert.Empty((await ReadsAsync(SmallDistrict.Planner)));
    }

    Task<List<(long Id, long[] Households, long[] Volunteers)>> ReadsAsync(string username) => app.QueryAsync(
        "SELECT id, household_ids, volunteer_ids FROM personal_data_reads WHERE username = $1 AND what = 'GET /api/households/{id}/visits'",
        r => (r.GetInt64(0), r.GetFieldValue<long[]>(1), r.GetFieldValue<long[]>(2)), username);

    [Fact]
    public async Task The_share_of_households_visited_per_grid_equals_a_count_by_PostGIS()
    {
        // Households in grids 6 and 7 visited 5, 40 and 100 days ago; one visited twice.
        await app.ExecuteAsync("""
            INSERT INTO households (name, members, kind, location)
            SELECT '走访户' || i, 1, 'member', ST_SetSRID(ST_MakePoint(121.11 + i * 0.007, 31.86 + (i % 3) * 0.01), 4326) FROM generate_series(1, 12) i;
            INSERT INTO visits (household_id, visited_on, note, visitor_staff_id, recorded_by)
            SELECT h.id, (now() AT TIME ZONE INTERVAL '+08:00')::date - d, '走访', 1, 'test'
            FROM households h, LATERAL (VALUES (5), (40), (100)) v(d)
            WHERE h.name LIKE '走访户%' AND (h.id + d) % 3 = 0;
            INSERT INTO visits (household_id, visited_on, note, visitor_staff_id, recorded_by)
            SELECT id, (now() AT TIME ZONE INTERVAL '+08:00')::date - 2, '再访', 1, 'test' FROM households WHERE name = '走访户1';
            """);
        foreach (var days in new[] { 30, 90 })
        {
            var shares = await app.AdminClient().GetFromJsonAsync<JsonElement>($"/api/visits/shares?areaId=1&days={days}");
            Assert.Equal(days, shares.GetProperty("days").GetInt32());
            var counted = await app.QueryAsync("""
                SELECT g.id, count(h.id),
                       count(h.id) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id
                                                         AND v.visited_on > (now() AT TIME ZONE INTERVAL '+08:00')::date - $1))
                FROM areas g LEFT JOIN households h ON ST_Covers(g.boundary, h.location)
                WHERE g.level = 'grid' AND g.layer = 'party' GROUP BY g.id ORDER BY g.id
                """, r => (r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2)), days);
            var served = shares.GetProperty("grids").EnumerateArray()
                .Select(g => (g.GetProperty("id").GetInt64(), g.GetProperty("households").GetInt32(), g.GetProperty("visited").GetInt32()))
                .OrderBy(g => g.Item1).ToList();
            Assert.Equal(counted, served);
            Assert.Contains(counted, c => c.Item3 > 0 && c.Item3 < c.Item2);
            foreach (var g in shares.GetProperty("grids").EnumerateArray().Where(g => g.GetProperty("households").GetInt32() > 0))
                Assert.Equal((double)g.GetProperty("visited").GetInt32() / g.GetProperty("households").GetInt32(), g.GetProperty("share").GetDouble(), 9);
        }
        await ProblemAssert.NamesFieldAsync(await app.AdminClient().GetAsync("/api/visits/shares?days=7"), "days");
    }

    [Fact]
    public async Task A_visits_photo_is_kept_without_its_GPS_position_once_and_served_only_in_the_area()
    {
        var visit = await (await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = "拍照" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = visit.GetProperty("id").GetInt64();
        var worker = app.ClientFor(SmallDistrict.Worker);
        var original = MediaTests.JpegWithGps();
        var added = await worker.PostAsync($"/api/visits/{id}/photo", MediaTests.Upload(original, "IMG_0002.jpg"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var shown = await added.Content.ReadFromJsonAsync<JsonElement>();

        var kept = await worker.GetByteArrayAsync(shown.Str("photoUrl"));
        Assert.Null(MediaTests.Gps(kept));
        using (var decoded = SKBitmap.Decode(kept)) Assert.Equal((640, 480), (decoded.Width, decoded.Height));
        using (var thumbnail = SKBitmap.Decode(await worker.GetByteArrayAsync(shown.Str("thumbnailUrl")))) Assert.Equal(320, thumbnail.Width);
        Assert.Equal(HttpStatusCode.Conflict, (await worker.PostAsync($"/api/visits/{id}/photo", MediaTests.Upload(original, "again.jpg"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(SmallDistrict.Planner).GetAsync($"/api/visits/{id}/photo")).StatusCode);
        Assert.Equal("visit photo", Assert.Single(await app.QueryAsync(
            "SELECT reason FROM data_changes WHERE entity = 'visit' AND entity_id = $1 AND before IS NOT NULL", r => r.GetString(0), id)));

        var text = await app.ClientFor(SmallDistrict.Worker).PostAsync("/api/visits/2/photo", MediaTests.Upload("<svg/>"u8.ToArray(), "x.jpg"));
        Assert.Equal(HttpStatusCode.NotFound, text.StatusCode); // visit 2 is in the east: as if it did not exist
        var script = await VisitAsync(SmallDistrict.Worker, 1, new { visitedOn = Day(0), note = "坏图" });
        var scriptId = (await script.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await worker.PostAsync($"/api/visits/{scriptId}/photo", MediaTests.Upload("<script>"u8.ToArray(), "x.jpg"))).StatusCode);
    }
}
