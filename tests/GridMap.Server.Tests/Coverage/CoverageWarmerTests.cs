using GridMap.Server.Coverage;
using Microsoft.Extensions.DependencyInjection;

namespace GridMap.Tests.Coverage;

/// <summary>The demo district with the warm-up polling often and counting any territory as large.</summary>
public class WarmedDemoDistrictApp : DemoDistrictApp
{
    protected override IEnumerable<(string Name, string Value)> Settings =>
        [("GRIDMAP_COVERAGE_WARM_SECONDS", "0.2"), ("GRIDMAP_COVERAGE_WARM_HOUSEHOLDS", "1"), ("GRIDMAP_COVERAGE_WARM_PAUSE_SECONDS", "0")];
}

/// <summary>The demo district with the warm-up polling often at its default size: 4,000 households are too few to warm ahead.</summary>
public class SmallTerritoryWarmerApp : DemoDistrictApp
{
    protected override IEnumerable<(string Name, string Value)> Settings => [("GRIDMAP_COVERAGE_WARM_SECONDS", "0.2")];
}

public class CoverageWarmerTests(WarmedDemoDistrictApp app) : IClassFixture<WarmedDemoDistrictApp>
{
    async Task<DataVersions> VersionsAsync()
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        return await DataVersions.ReadAsync(conn, CancellationToken.None);
    }

    async Task<bool> HeldWithinAsync(TimeSpan wait)
    {
        var cache = app.Services.GetRequiredService<CoverageCache>();
        var until = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < until)
        {
            if (cache.Holds(await VersionsAsync())) return true;
            await Task.Delay(100);
        }
        return false;
    }

    [Fact]
    public async Task The_state_is_built_before_any_coverage_question_and_again_after_a_write()
    {
        Assert.True(await HeldWithinAsync(TimeSpan.FromSeconds(60)), "the coverage state was not built ahead");

        await Sql.ExecuteAsync(app.Database.ConnectionString,
            "INSERT INTO service_stations (name, level, status, location, radius_m) VALUES ('预热测试站', 'community', 'planned', ST_SetSRID(ST_MakePoint(121.18, 31.87), 4326), 500)");
        Assert.True(await HeldWithinAsync(TimeSpan.FromSeconds(60)), "the coverage state was not built again after the write");

        // What was built ahead answers as a cold state would: the new station counts.
        var coverage = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/coverage");
        var stations = await Sql.QueryAsync(app.Database.ConnectionString, "SELECT count(*) FROM service_stations WHERE status <> 'closed'", r => r.GetInt64(0));
        Assert.Equal(stations.Single(), coverage.GetProperty("stations").GetInt64());
    }
}

public class SmallTerritoryWarmerTests(SmallTerritoryWarmerApp app) : IClassFixture<SmallTerritoryWarmerApp>
{
    [Fact]
    public async Task A_territory_below_the_size_is_not_built_ahead()
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // ten periods of the warm-up
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        var versions = await DataVersions.ReadAsync(conn, CancellationToken.None);
        Assert.False(app.Services.GetRequiredService<CoverageCache>().Holds(versions));
    }
}
