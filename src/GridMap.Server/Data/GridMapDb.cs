using GridMap.Server.Households;
using GridMap.Server.Staff;
using GridMap.Server.Stations;
using GridMap.Server.Territory;
using Microsoft.EntityFrameworkCore;

namespace GridMap.Server.Data;

/// <summary>
/// EF Core over the tables the SQL migrations create (EF never creates or migrates the schema).
/// Used where entities earn their keep: writes with rules, transactions, concurrency tokens.
/// Map layers and spatial queries are SQL next to their feature.
/// </summary>
public sealed class GridMapDb(DbContextOptions<GridMapDb> options) : DbContext(options)
{
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<ServiceStation> Stations => Set<ServiceStation>();
    public DbSet<StaffMember> Staff => Set<StaffMember>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Area>().ToTable("areas");
        model.Entity<Household>(e =>
        {
            e.ToTable("households");
            // Derived from the location by a trigger; never written by the application.
            e.Property(h => h.GridId).ValueGeneratedOnAddOrUpdate();
        });
        model.Entity<ServiceStation>().ToTable("service_stations");
        model.Entity<StaffMember>().ToTable("staff");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Conventions.Add(_ => new SnakeCaseColumns());
}
