using System.Diagnostics;
using GridMap.Demo;
using GridMap.Server.Coverage;
using GridMap.Server.Data;
using GridMap.Server.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace GridMap.Browser.Tests.City;

/// <summary>
/// Issue 13's city district (5,000 grids, 100,000 households, 200,000 cases over a year) served by
/// the real server to headless Chromium: generated once per machine (deterministic, cached in the
/// temp folder) and loaded once per test run into its own database, shared by every test of the
/// <see cref="CityCollection"/>.
/// </summary>
public class CitySite : MapSite
{
    public const int Grids = 5000, Households = 100_000, Cases = 200_000;

    /// <summary>
    /// The generated files, kept between runs (generation is deterministic: fixed seed and as-of
    /// date), or the folder GRIDMAP_CITY_DATA names (<c>./gridmap bench pages --data DIR</c>).
    /// </summary>
    static readonly string? GivenFolder = Environment.GetEnvironmentVariable("GRIDMAP_CITY_DATA") is { Length: > 0 } given ? given : null;
    static readonly string DataFolder = GivenFolder ?? Path.Combine(Path.GetTempPath(), $"gridmap-city-{Grids}-{Households}-{Cases}");

    /// <summary>Nothing but the city (loaded once the server is up), and an admin with no area: the whole city.</summary>
    protected override string SeedSql => "SELECT 1";
    protected override IEnumerable<(string Username, Role Role, string? AreaCode, string? Staff)> SeedUsers => [(KnownTerritory.Admin, Role.Admin, null, null)];

    public TimeSpan Generated { get; private set; }
    public TimeSpan Loaded { get; private set; }
    /// <summary>From the load's end until the server had built the planner's first answers ahead.</summary>
    public TimeSpan BuiltAhead { get; private set; }
    public long DistrictId { get; private set; }
    /// <summary>The Party-building grid with the most open cases: the grid leader page's.</summary>
    public long BusiestGridId { get; private set; }

    /// <summary>The grid worker with the most open cases sent to it, signed in on its grid: the worker page's.</summary>
    public const string BusiestWorker = "worker-busiest";

    /// <summary>The demo sign-in of the department summoned most (吹哨), over the whole district: the department page's.</summary>
    public string BusiestDepartment { get; private set; } = "";

    protected override async Task ReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        Generate();
        Generated = clock.Elapsed;
        clock.Restart();
        var db = Services.GetRequiredService<SchemaOwner>().Db;
        Assert.True(await DemoLoader.LoadIfEmptyAsync(db, DataFolder, TextWriter.Null), "the city's database was not empty");
        Loaded = clock.Elapsed;
        clock.Restart();

        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        // After an import the server builds the planner's first answers once the data stands still
        // (CoverageWarmer); the pages are measured on a server that has, as a planner meets it.
        var loaded = await DataVersions.ReadAsync(conn, CancellationToken.None);
        var warmer = Services.GetRequiredService<CoverageWarmer>();
        while (warmer.Warmed != loaded)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "the server did not build the coverage ahead within 5 minutes of the load");
            await Task.Delay(100);
        }
        BuiltAhead = clock.Elapsed;
        await using var ids = new NpgsqlCommand("""
            SELECT (SELECT id FROM areas WHERE level = 'district' ORDER BY id LIMIT 1),
                   (SELECT grid_id FROM cases WHERE status NOT IN ('closed', 'voided') AND grid_id IS NOT NULL
                    GROUP BY grid_id ORDER BY count(*) DESC, grid_id LIMIT 1),
                   worker.id, worker.home_grid_id,
                   (SELECT department_code FROM case_summons GROUP BY department_code ORDER BY count(*) DESC, department_code LIMIT 1)
            FROM (SELECT s.id, s.home_grid_id FROM cases c JOIN staff s ON s.id = c.assignee_id WHERE c.status NOT IN ('closed', 'voided')
                  GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1) worker
            """, conn);
        long worker, workerGrid;
        string department;
        await using (var r = await ids.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (DistrictId, BusiestGridId, worker, workerGrid, department) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4));
        }
        await AddUserAsync(BusiestWorker, Role.GridWorker, workerGrid, worker);
        BusiestDepartment = DemoCaseRules.DepartmentUsername(department);
        await AddUserAsync(BusiestDepartment, Role.Department, DistrictId, departmentCode: department);
    }

    /// <summary>
    /// Writes the city's files unless an earlier run left them complete with this build of the
    /// generator (the marker, written last, names it): a changed generator writes them again.
    /// </summary>
    static void Generate()
    {
        var done = Path.Combine(DataFolder, ".complete");
        var generator = typeof(DemoCommand).Assembly.ManifestModule.ModuleVersionId.ToString();
        if (GivenFolder is not null || (File.Exists(done) && File.ReadAllText(done) == generator)) return;
        if (Directory.Exists(DataFolder)) Directory.Delete(DataFolder, recursive: true);
        var exit = DemoCommand.Run(["--grids", $"{Grids}", "--households", $"{Households}", "--cases", $"{Cases}", "--out", DataFolder], TextWriter.Null);
        Assert.Equal(0, exit);
        File.WriteAllText(done, generator);
    }

    /// <summary>One text from the city's database, in plain SQL.</summary>
    public async Task<string> TextAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>A column of ids from the city's database, in plain SQL, in the order it gives them.</summary>
    public async Task<long[]> ColumnAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await r.ReadAsync()) ids.Add(r.GetInt64(0));
        return [.. ids];
    }

    /// <summary>A count over the city's database, in plain SQL.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>The city browser tests: one <see cref="CitySite"/> (one generation check, one load) for all of them.</summary>
[CollectionDefinition(Name)]
public class CityCollection : ICollectionFixture<CitySite>
{
    public const string Name = "city";
}
