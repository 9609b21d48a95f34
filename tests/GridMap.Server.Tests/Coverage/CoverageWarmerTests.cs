using GridMap.Server.Coverage;
using GridMap.Tests.Faults;
using Microsoft.Extensions.DependencyInjection;

namespace GridMap.Tests.Coverage;

/// <summary>The demo district with the warm-up looking often and counting any territory as large.</summary>
public class WarmedDemoDistrictApp : DemoDistrictApp
{
    protected override IEnumerable<(string Name, string Value)> Settings =>
        [("GRIDMAP_COVERAGE_WARM_SECONDS", "0.2"), ("GRIDMAP_COVERAGE_WARM_HOUSEHOLDS", "1"), ("GRIDMAP_COVERAGE_WARM_PAUSE_SECONDS", "0")];
}

/// <summary>The demo district with the warm-up looking often at its default size: 4,000 households are too few to build ahead.</summary>
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

    Task BuiltAheadAsync(string after)
    {
        var warmer = app.Services.GetRequiredService<CoverageWarmer>();
        return Eventually.WaitAsync(async () => warmer.Warmed == await VersionsAsync(), () => $"the coverage was not built ahead {after}");
    }

    [Fact]
    public async Task The_first_answers_are_built_before_any_question_and_again_after_each_write()
    {
        await BuiltAheadAsync("after the district was loaded");

        await Sql.ExecuteAsync(app.Database.ConnectionString,
            "INSERT INTO service_stations (name, level, status, location, radius_m) VALUES ('预热测试站', 'community', 'planned', ST_SetSRID(ST_MakePoint(121.18, 31.87), 4326), 500)");
        await BuiltAheadAsync("after a write of stations");
        await Sql.ExecuteAsync(app.Database.ConnectionString, "UPDATE households SET members = members + 1 WHERE id = (SELECT min(id) FROM households)");
        await BuiltAheadAsync("after a write of households");

        // What was built ahead answers as a state built on asking would: the new station and the new member count.
        var coverage = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/coverage");
        var (stations, members) = (await Sql.QueryAsync(app.Database.ConnectionString,
            "SELECT (SELECT count(*) FROM service_stations WHERE status <> 'closed'), (SELECT sum(members) FROM households WHERE grid_id IS NOT NULL)",
            r => (r.GetInt64(0), r.GetInt64(1)))).Single();
        Assert.Equal(stations, coverage.GetProperty("stations").GetInt64());
        Assert.Equal(members, coverage.GetProperty("members").GetProperty("total").GetInt64());
    }
}

public class SmallTerritoryWarmerTests(SmallTerritoryWarmerApp app) : IClassFixture<SmallTerritoryWarmerApp>
{
    [Fact]
    public async Task A_territory_below_the_size_is_not_built_ahead()
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // ten periods of the warm-up
        Assert.Null(app.Services.GetRequiredService<CoverageWarmer>().Warmed);
    }
}
