using GridMap.Server.Demo;

namespace GridMap.Tests.Coverage;

/// <summary>The demo district on a database without pgRouting (e.g. the plain postgis/postgis image).</summary>
public sealed class NoRoutingDistrictApp : GridMapApp
{
    public StringWriter Log { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Sql.ExecuteAsync(Database.ConnectionString, "DROP EXTENSION pgrouting");
        await DemoLoader.LoadIfEmptyAsync(Services.GetRequiredService<GridMap.Server.Data.SchemaOwner>().Db, Path.Combine(TestDatabase.RepoRoot, "data", "demo"), Log);
    }
}

public class WithoutPgRoutingTests(NoRoutingDistrictApp app) : IClassFixture<NoRoutingDistrictApp>
{
    [Fact]
    public async Task Demo_loads_without_roads_and_straight_coverage_still_works()
    {
        Assert.Contains("roads.geojson: not loaded, as the database has no pgRouting", app.Log.ToString());
        Assert.Equal(0L, (await Sql.QueryAsync(app.Database.ConnectionString, "SELECT count(*) FROM roads", r => r.GetInt64(0))).Single());
        var coverage = await app.AdminClient().GetFromJsonAsync<JsonElement>("/api/coverage?radiusM=500");
        Assert.Equal(4000, coverage.GetProperty("households").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Walking_is_refused_naming_the_mode()
    {
        var response = await app.AdminClient().GetAsync("/api/coverage?mode=walking");
        await ProblemAssert.NamesFieldAsync(response, "mode");
    }
}
