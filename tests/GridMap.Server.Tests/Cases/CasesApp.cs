using Microsoft.AspNetCore.TestHost;

namespace GridMap.Tests.Cases;

/// <summary>The application's clock, set by the test: deadlines are checked at explicit moments.</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = At("2026-03-09 09:00");
    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    /// <summary>A moment in China Standard Time, "yyyy-MM-dd HH:mm".</summary>
    public static DateTimeOffset At(string cst) => DateTimeOffset.Parse(cst + " +08:00", CultureInfo.InvariantCulture);
}

/// <summary>
/// The small district with more staff on duty around it, a clock the tests set, and the overdue
/// watcher's loop off (tests run its pass themselves, so no event appears behind their back).
/// Staff (id, role, home grid, on duty, location):
/// 1 陈伟 leader g6 on (121.13,31.88) · 2 周敏 worker g6 off – · 3 王芳 worker g7 on (121.19,31.89) ·
/// 4 李强 party g7 on (121.16,31.86) · 5 赵磊 worker g6 on (121.148,31.871) · 6 孙丽 party g8 on (121.21,31.87) ·
/// 7 吴刚 worker g9 on (121.26,31.87) · 8 郑洁 worker g7 off (121.17,31.87) · 9 钱进 worker g7 on – ·
/// 10 冯敏 worker g9 on (121.175,31.875), standing in grid 7.
/// </summary>
public class CasesApp : SmallDistrictApp
{
    public TestClock Clock { get; } = new();
    protected virtual string OverdueScanSeconds => "0";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GRIDMAP_OVERDUE_SCAN_SECONDS", OverdueScanSeconds);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteAsync("""
            INSERT INTO staff (id, name, role, home_grid_id, on_duty, location, located_at) OVERRIDING SYSTEM VALUE VALUES
              (3,  '王芳', 'grid_worker',  7, true,  ST_SetSRID(ST_MakePoint(121.19, 31.89), 4326), now()),
              (4,  '李强', 'party_member', 7, true,  ST_SetSRID(ST_MakePoint(121.16, 31.86), 4326), now()),
              (5,  '赵磊', 'grid_worker',  6, true,  ST_SetSRID(ST_MakePoint(121.148, 31.871), 4326), now()),
              (6,  '孙丽', 'party_member', 8, true,  ST_SetSRID(ST_MakePoint(121.21, 31.87), 4326), now()),
              (7,  '吴刚', 'grid_worker',  9, true,  ST_SetSRID(ST_MakePoint(121.26, 31.87), 4326), now()),
              (8,  '郑洁', 'grid_worker',  7, false, ST_SetSRID(ST_MakePoint(121.17, 31.87), 4326), now()),
              (9,  '钱进', 'grid_worker',  7, true,  NULL, NULL),
              (10, '冯敏', 'grid_worker',  9, true,  ST_SetSRID(ST_MakePoint(121.175, 31.875), 4326), now());
            SELECT setval(pg_get_serial_sequence('staff', 'id'), 10);
            """);
    }
}

/// <summary>
/// What the tests do through the API, in the words of the workflow. Signed in as the admin,
/// who may act in every workflow role (actorRole), so one client plays them all.
/// </summary>
public sealed class CaseClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<JsonElement> ReportAsync(double lon, double lat, string category = "environmental_sanitation", string description = "楼道堆放杂物")
    {
        var response = await http.PostAsJsonAsync("/api/cases", new { lon, lat, categoryCode = category, description, reporter = "张三" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> MoveAsync(long id, string action, int version, string? role = null, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["action"] = action, ["version"] = version, ["actorRole"] = role ?? RoleFor(action) };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return http.PostAsJsonAsync($"/api/cases/{id}/transitions", body);
    }

    /// <summary>Takes a move that must succeed; returns the case after it.</summary>
    public async Task<JsonElement> MoveOkAsync(JsonElement c, string action, object? extra = null, string? role = null)
    {
        var response = await MoveAsync(c.GetProperty("id").GetInt64(), action, c.GetProperty("version").GetInt32(), role, extra);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetAsync(long id) => await http.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");

    public async Task<JsonElement[]> EventsAsync(long id) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/events")).EnumerateArray()];

    /// <summary>The role that takes each action in everyday use.</summary>
    public static string RoleFor(string action) => action switch
    {
        "dispatch" => "grid_leader",
        "accept" or "return" or "request_extension" or "submit_feedback" => "grid_worker",
        "confirm_escalation" => "department",
        _ => "command_centre",
    };

    /// <summary>Reports, registers, dispatches to 王芳 (3) and accepts.</summary>
    public async Task<JsonElement> InProgressAsync(double lon = 121.17, double lat = 31.87)
    {
        var c = await ReportAsync(lon, lat);
        c = await MoveOkAsync(c, "register");
        c = await MoveOkAsync(c, "dispatch", new { assigneeId = 3 });
        return await MoveOkAsync(c, "accept");
    }
}

public static class Json
{
    public static DateTimeOffset Time(this JsonElement e, string name) => e.GetProperty(name).GetDateTimeOffset();
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
