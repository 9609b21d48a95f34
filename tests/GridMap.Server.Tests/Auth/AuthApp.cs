using Microsoft.Extensions.Logging;

namespace GridMap.Tests.Auth;

/// <summary>
/// <see cref="SmallDistrict"/> with its users, plus rows in the east that every user but the
/// admin must never see (staff 3 孙丽 with a phone, a grid station, case 2) and in the west grid
/// (a station, case 1 dispatched to the grid worker); an Open311 key (<see cref="Open311Key"/>,
/// not rate-limited in practice); every log line at every level captured.
/// </summary>
public class AuthApp : SmallDistrictApp
{
    public LogCapture Logs { get; } = new();

    /// <summary>An api_key issued to an Open311 client, as <c>./gridmap apikey add</c> stores it.</summary>
    public const string Open311Key = "gm311_access-matrix-test-key";

    /// <summary>Names and phone numbers that only roles with the right may read unmasked.</summary>
    public static readonly string[] PersonalData =
    [
        "张建国", "李秀英", "王志强", "刘芳", "13812341234", "13912345678", "15012340000", "18612349999",
        "13700001111", "13700002222", "13700003333",
        "赵卫东", "钱红梅", "13600001111", "13600002222", "了解老人身体情况", "宣传垃圾分类",
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteAsync("""
            INSERT INTO staff (name, role, home_grid_id, phone, on_duty, location, located_at)
            VALUES ('孙丽', 'grid_leader', 9, '13700003333', true, ST_SetSRID(ST_MakePoint(121.27, 31.87), 4326), now());
            INSERT INTO service_stations (name, level, location, radius_m, area_id) VALUES
              ('秀山社区第1网格党群服务站', 'grid', ST_SetSRID(ST_MakePoint(121.125, 31.875), 4326), 300, 6),
              ('东洲社区第2网格党群服务站', 'grid', ST_SetSRID(ST_MakePoint(121.275, 31.875), 4326), 300, 9);
            -- Case 1 in the west grid, dispatched to the grid worker 周敏 (staff 2); case 2 in the east.
            -- The reporters' names and numbers are personal data.
            INSERT INTO cases (id, category_code, description, reporter, status, location, grid_id, community_id, street_id, district_id, assignee_id)
            OVERRIDING SYSTEM VALUE
            SELECT v.id, 'environmental_sanitation', v.description, v.reporter, 'dispatched', p.g, a.grid_id, a.community_id, a.street_id, a.district_id, v.assignee
            FROM (VALUES (1, '楼道堆放杂物', '张建国 13812341234', 2, 121.121, 31.871),
                         (2, '路灯不亮', '刘芳 18612349999', NULL, 121.281, 31.861)) v(id, description, reporter, assignee, lon, lat),
                 LATERAL (SELECT ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326) AS g) p, LATERAL area_chain_at(p.g) a;
            SELECT setval(pg_get_serial_sequence('cases', 'id'), 2);
            -- Case 1 was reported by the reporter user, and the department was summoned to it; each case has a photo.
            UPDATE cases SET reported_by = (SELECT id FROM users WHERE username = 'reporter') WHERE id = 1;
            INSERT INTO case_summons (case_id, department_code, summoned_at, due_at) VALUES (1, 'urban_management', now(), now() + interval '1 day');
            INSERT INTO case_media (id, case_id, content_type, bytes, width, height, file, thumbnail, added_by, added_by_role) OVERRIDING SYSTEM VALUE
            VALUES (1, 1, 'image/png', 3, 1, 1, '1/1.png', '1/1.thumb.png', 'admin', 'admin'),
                   (2, 2, 'image/png', 3, 1, 1, '2/2.png', '2/2.thumb.png', 'admin', 'admin');
            SELECT setval(pg_get_serial_sequence('case_media', 'id'), 2);
            SELECT append_case_event(id, reporter, 'reporter', 'report', NULL, NULL, location) FROM cases ORDER BY id;
            -- 双报到 and 走访: a Party member registered with each community from households 1 (west) and 4 (east),
            -- a task of each community with the member's hours, and a visit with a photo to each household
            -- (the west one by the grid leader 陈伟, so the grid worker reads no note of it).
            INSERT INTO volunteers (id, name, phone, work_unit, community_id, household_id, registered_by) OVERRIDING SYSTEM VALUE
            VALUES (1, '赵卫东', '13600001111', '海门区税务局', 4, 1, 'admin'), (2, '钱红梅', '13600002222', '海门区人民医院', 5, 4, 'admin');
            SELECT setval(pg_get_serial_sequence('volunteers', 'id'), 2);
            INSERT INTO service_tasks (id, community_id, title, held_on, place, published_by) OVERRIDING SYSTEM VALUE
            VALUES (1, 4, '楼道清理', current_date - 3, '秀山社区', 'admin'), (2, 5, '政策宣讲', current_date - 3, '东洲社区', 'admin');
            SELECT setval(pg_get_serial_sequence('service_tasks', 'id'), 2);
            INSERT INTO service_signups (task_id, volunteer_id, hours, recorded_by) VALUES (1, 1, 2.5, 'admin'), (2, 2, 3, 'admin');
            INSERT INTO visits (id, household_id, visited_on, note, visitor_staff_id, visitor_volunteer_id,
                                photo_content_type, photo_file, photo_thumbnail, photo_width, photo_height, recorded_by) OVERRIDING SYSTEM VALUE
            VALUES (1, 1, current_date, '了解老人身体情况', 1, NULL, 'image/png', 'visits/1.png', 'visits/1.thumb.png', 1, 1, 'admin'),
                   (2, 4, current_date, '宣传垃圾分类', NULL, 2, 'image/png', 'visits/2.png', 'visits/2.thumb.png', 1, 1, 'admin');
            SELECT setval(pg_get_serial_sequence('visits', 'id'), 2);
            """);
        foreach (var file in new[] { "1/1.png", "1/1.thumb.png", "2/2.png", "2/2.thumb.png", "visits/1.png", "visits/1.thumb.png", "visits/2.png", "visits/2.thumb.png" })
        {
            var path = Path.Combine(StateFolder, "media", file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, [1, 2, 3]);
        }
        await Open311Keys.IssueAsync(Database.ConnectionString, "test-app", perMinute: 100_000, key: Open311Key);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<LogCapture>(null, LogLevel.Trace);
        });
    }
}

/// <summary>Every log message the server writes, with its exception, for scanning.</summary>
public sealed class LogCapture : ILoggerProvider
{
    readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string category) => new Logger(this, category);
    public void Dispose() { }

    sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel level) => true;
        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.lines.Enqueue($"{level} {category}: {formatter(state, exception)} {exception}");
    }
}
