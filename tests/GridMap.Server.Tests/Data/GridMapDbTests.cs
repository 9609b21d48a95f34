using GridMap.Server.Data;
using GridMap.Server.Households;
using GridMap.Tests.Support;
using GridMap.Tests.Territory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridMap.Tests.Data;

public class GridMapDbTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    [Fact]
    public async Task Entities_map_onto_the_migrated_schema_with_geometries()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GridMapDb>();
        var grid = await db.Areas.SingleAsync(a => a.Code == "320614002001001");
        Assert.Equal("东洲社区第1网格", grid.Name);
        Assert.Equal(4326, grid.Boundary.SRID);
        Assert.Equal(new Envelope(121.20, 121.25, 31.85, 31.90), grid.Boundary.EnvelopeInternal);
        var station = await db.Stations.SingleAsync(s => s.Name == "秀山社区党群服务中心");
        Assert.Equal(500.0, station.RadiusM);
        Assert.Equal(["便民服务"], station.Services);
        Assert.Equal(2, await db.Staff.CountAsync(s => s.HomeGridId == 6));
    }

    [Fact]
    public async Task Household_saved_through_ef_gets_its_grid_from_the_database_trigger()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GridMapDb>();
        var household = new Household
        {
            Name = "赵丽", Members = 2, Kind = "civility",
            Location = new Point(121.26, 31.89) { SRID = 4326 },
        };
        db.Households.Add(household);
        await db.SaveChangesAsync();
        Assert.Equal(9, household.GridId);
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
