using Microsoft.EntityFrameworkCore;

namespace GridMap.Tests.Data;

public class GridMapDbTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    [Fact]
    public async Task The_entities_map_onto_the_migrated_schema()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GridMapDb>();
        Assert.Equal(2, await db.Staff.CountAsync(s => s.HomeGridId == 6));
        // Every mapped column of a case and its summonses exists (a missing one fails the query).
        Assert.Empty(await db.Cases.Include(c => c.Summonses).ToListAsync());
    }

    [Fact]
    public async Task Finished_in_sql_is_CaseWorkflow_IsTerminal_for_every_status()
    {
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            await using var cmd = db.Command("SELECT case_finished(@status)", ("status", status.Code()));
            Assert.True(CaseWorkflow.IsTerminal(status) == (bool)(await cmd.ExecuteScalarAsync())!, status.Code());
        }
    }

    [Fact]
    public async Task The_service_runs_its_statements_without_jit_compilation()
    {
        await using var cmd = app.Services.GetRequiredService<NpgsqlDataSource>().Command("SELECT current_setting('jit')");
        Assert.Equal("off", await cmd.ExecuteScalarAsync());
        Assert.Equal("-c search_path=a -c jit=off", DataServices.WithoutJit("-c search_path=a"));
    }

    [Theory]
    [InlineData("2026-03-09T01:00:00Z")]
    [InlineData("2026-03-09T01:00:00.25Z")]
    [InlineData("2026-03-08T17:59:59.123456Z")]
    [InlineData("2026-12-31T16:00:00.000001Z")]
    public async Task Times_written_by_sql_and_by_the_api_are_the_same_text(string instant)
    {
        var t = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        await using var cmd = app.Services.GetRequiredService<NpgsqlDataSource>().Command("SELECT api_time(@t)", ("t", t));
        var options = new JsonSerializerOptions { Converters = { new ApiTime() } };
        Assert.Equal(JsonSerializer.Serialize(t, options).Trim('"'), await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public void The_pool_is_small_and_never_shrinks_unless_the_connection_string_sizes_it()
    {
        var pool = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        Assert.Equal((8, 8), (pool.MinPoolSize, pool.MaxPoolSize)); // as README.md says (GRIDMAP_DB)
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=50", true)]
    [InlineData("Host=db;Max Pool Size=50", true)]
    [InlineData("host=db;maxpoolsize=50", true)]
    [InlineData("Host=db;Minimum Pool Size=2", true)]
    [InlineData("host=db;minpoolsize=2", true)]
    [InlineData("Host=db;Database=gridmap", false)]
    public void A_pool_size_is_recognised_under_each_of_its_names(string connectionString, bool names) =>
        Assert.Equal(names, DataServices.NamesPoolSize(connectionString));
}
