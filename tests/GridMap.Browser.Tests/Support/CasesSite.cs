using System.Net;
using System.Net.Http.Json;

namespace GridMap.Browser.Tests.Support;

/// <summary>
/// <see cref="MapSite"/> for the case views: <see cref="KnownTerritory"/> with
/// <see cref="CaseStaff"/> on duty around 和平第一网格, the overdue watcher scanning every second,
/// and what the tests do through the API and in SQL.
/// </summary>
public class CasesSite : MapSite
{
    protected override string SeedSql => KnownTerritory.Sql + CaseStaff.Sql;

    protected override IEnumerable<(string Name, string Value)> Settings => [("GRIDMAP_OVERDUE_SCAN_SECONDS", "1")];

    /// <summary>
    /// Takes each case path once, creating nothing (the report lies outside every area): a fresh
    /// server compiles its queries on the first report, seconds that a running server does not
    /// spend and that would otherwise fall into the first test's waits.
    /// </summary>
    protected override async Task ReadyAsync()
    {
        // The tests' own calls act as the admin, who may act in every workflow role.
        http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenFor(KnownTerritory.Admin));
        using var client = ClientFor(KnownTerritory.Admin);
        var outside = await client.PostAsJsonAsync("/api/cases", new { lon = 0, lat = 0, categoryCode = "environmental_sanitation", description = "warm-up" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        await client.GetAsync("/api/cases/0");
        await client.GetAsync("/api/cases/0/events");
        await client.PostAsJsonAsync("/api/cases/0/transitions", new { action = "register", version = 1 });
    }

    // This lives as long as the fixture: one per test class, gone with the test process.
    HttpClient? http;
    HttpClient Http => http!;

    /// <summary>Reports a case through the API, as a resident's app would; returns the case.</summary>
    public async Task<JsonElement> ReportAsync((double Lon, double Lat) at, string description, string category = "environmental_sanitation")
    {
        var response = await Http.PostAsJsonAsync("/api/cases", new { lon = at.Lon, lat = at.Lat, categoryCode = category, description, reporter = "张三" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Takes a move through the API that must succeed; returns the case after it.</summary>
    public async Task<JsonElement> MoveAsync(JsonElement c, string action, string role, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["action"] = action, ["version"] = c.GetProperty("version").GetInt32(), ["actorRole"] = role };
        foreach (var p in extra?.GetType().GetProperties() ?? []) body[p.Name] = p.GetValue(extra);
        var response = await Http.PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetInt64()}/transitions", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetCaseAsync(long id) => await Http.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");

    public async Task<long> AreaIdAsync(string name) => await ScalarAsync<long>("SELECT id FROM areas WHERE name = $1", name);
    public async Task<long> StaffIdAsync(string name) => await ScalarAsync<long>("SELECT id FROM staff WHERE name = $1", name);

    public async Task ExecuteAsync(string sql, params object?[] values)
    {
        await using var cmd = await CommandAsync(sql, values);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object?[] values)
    {
        await using var cmd = await CommandAsync(sql, values);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<List<T>> ColumnAsync<T>(string sql, params object?[] values)
    {
        await using var cmd = await CommandAsync(sql, values);
        await using var reader = await cmd.ExecuteReaderAsync();
        var column = new List<T>();
        while (await reader.ReadAsync()) column.Add(reader.GetFieldValue<T>(0));
        return column;
    }

    NpgsqlDataSource? db;

    /// <summary>A command on its own connection, closed with the command.</summary>
    Task<NpgsqlCommand> CommandAsync(string sql, object?[] values)
    {
        db ??= NpgsqlDataSource.Create(Database.ConnectionString);
        var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
        return Task.FromResult(cmd);
    }

    /// <summary>A case page (command.html, leader.html) once its cases are drawn and the live push is on.</summary>
    public async Task<IPage> OpenLiveAsync(string path, IPage? page = null)
    {
        page ??= await NewPageAsync();
        await page.GotoAsync(BaseUrl + path);
        await MapPage.WaitUntilReadyAsync(page);
        await page.WaitForSelectorAsync("#live-state[data-state='live']", new() { Timeout = 30_000 });
        return page;
    }

    /// <summary>A case page once its cases are drawn (live push or not).</summary>
    public async Task<IPage> OpenCasePageAsync(string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(BaseUrl + path);
        await MapPage.WaitUntilReadyAsync(page);
        return page;
    }
}

/// <summary>
/// People on duty around 和平第一网格, where the tests' cases lie (<see cref="CaseAt"/>): two more
/// in that grid, one in the grid next to it (和平第二网格, sharing its east edge), one across the
/// street in 东风第二网格 (no shared edge), and one off duty right by the case, who must never be
/// offered. With <see cref="KnownTerritory"/>'s grid leader 李红梅 (on duty, in 和平第一网格).
/// </summary>
static class CaseStaff
{
    /// <summary>In the north of 和平第一网格 (as <see cref="KnownTerritory.InsideHepingFirstGrid"/>).</summary>
    public static readonly (double Lon, double Lat) CaseAt = KnownTerritory.InsideHepingFirstGrid;
    /// <summary>In 和平第二网格.</summary>
    public static readonly (double Lon, double Lat) InHepingSecondGrid = (116.334, 39.908);
    /// <summary>In 东风第一网格.</summary>
    public static readonly (double Lon, double Lat) InDongfengFirstGrid = (116.306, 39.910);
    /// <summary>In 东风第二网格.</summary>
    public static readonly (double Lon, double Lat) InDongfengSecondGrid = (116.314, 39.910);
    /// <summary>In 和平街道 but in none of its communities, so in no grid.</summary>
    public static readonly (double Lon, double Lat) InHepingStreetOutsideCommunities = (116.330, 39.925);

    public const string Worker = "王小明";
    public const string OffDutyWorker = "刘洋";
    public const string DongfengWorker = "周杰";

    public const string Sql = """
        INSERT INTO staff (name, role, home_grid_id, phone, on_duty, location, located_at)
        SELECT p.name, p.role, g.id, NULL, p.on_duty, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), now()
        FROM (VALUES
            ('王小明', 'grid_worker',  '和平第一网格', true,  116.3265, 39.9150),
            ('陈静',   'party_member', '和平第一网格', true,  116.3240, 39.9100),
            ('刘洋',   'grid_worker',  '和平第一网格', false, 116.3262, 39.9158),
            ('张伟',   'grid_worker',  '和平第二网格', true,  116.3320, 39.9160),
            ('周杰',   'grid_worker',  '东风第二网格', true,  116.3160, 39.9150)
        ) AS p (name, role, grid, on_duty, lon, lat)
        JOIN areas g ON g.name = p.grid AND g.layer = 'party';
        """;
}

/// <summary>A case as the JSON API answers it.</summary>
static class CaseJson
{
    public static long Id(JsonElement c) => c.GetProperty("id").GetInt64();
}
