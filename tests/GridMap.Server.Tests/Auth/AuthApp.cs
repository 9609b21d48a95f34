using GridMap.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridMap.Tests.Auth;

/// <summary>
/// <see cref="SmallDistrict"/> with its users, plus rows in the east that every user but the
/// admin must never see (a staff member with a phone, a grid station) and a station in the west
/// grid; every log line at every level captured.
/// </summary>
public class AuthApp : GridMapApp
{
    public LogCapture Logs { get; } = new();

    /// <summary>Names and phone numbers that only roles with the right may read unmasked.</summary>
    public static readonly string[] PersonalData =
    [
        "张建国", "李秀英", "王志强", "刘芳", "13812341234", "13912345678", "15012340000", "18612349999",
        "13700001111", "13700002222", "13700003333",
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SmallDistrict.SeedAsync(this);
        await ExecuteAsync("""
            INSERT INTO staff (name, role, home_grid_id, phone, on_duty, location, located_at)
            VALUES ('孙丽', 'grid_leader', 9, '13700003333', true, ST_SetSRID(ST_MakePoint(121.27, 31.87), 4326), now());
            INSERT INTO service_stations (name, level, location, radius_m, area_id) VALUES
              ('秀山社区第1网格党群服务站', 'grid', ST_SetSRID(ST_MakePoint(121.125, 31.875), 4326), 300, 6),
              ('东洲社区第2网格党群服务站', 'grid', ST_SetSRID(ST_MakePoint(121.275, 31.875), 4326), 300, 9);
            """);
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

    public async Task ExecuteAsync(string sql, params object?[] parameters)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> row, params object?[] parameters)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        await using var r = await cmd.ExecuteReaderAsync();
        var result = new List<T>();
        while (await r.ReadAsync()) result.Add(row(r));
        return result;
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
