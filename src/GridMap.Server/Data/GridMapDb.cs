using GridMap.Server.Cases;
using GridMap.Server.Staff;
using Microsoft.EntityFrameworkCore;

namespace GridMap.Server.Data;

/// <summary>
/// EF Core over the tables the SQL migrations create (EF never creates or migrates the schema).
/// Used where entities earn their keep: a case's changes (its rules, its concurrency token) and
/// the staff a move names. Readers, map layers and spatial queries are SQL next to their feature.
/// </summary>
public sealed class GridMapDb(DbContextOptions<GridMapDb> options) : DbContext(options)
{
    public DbSet<StaffMember> Staff => Set<StaffMember>();
    public DbSet<Case> Cases => Set<Case>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StaffMember>().ToTable("staff");
        model.Entity<Case>(e =>
        {
            e.ToTable("cases");
            e.Property(c => c.Status).HasConversion(s => s.Code(), code => CaseStatusOf(code));
            e.Property(c => c.Pauses).HasColumnType("tstzrange[]");
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Ignore(c => c.Escalation);
            e.HasMany(c => c.Summonses).WithOne().HasForeignKey(s => s.CaseId);
        });
        model.Entity<CaseSummons>(e =>
        {
            e.ToTable("case_summons");
            e.HasKey(s => new { s.CaseId, s.DepartmentCode });
        });
    }

    static CaseStatus CaseStatusOf(string code) =>
        CaseCodes.TryParse(code, out CaseStatus status) ? status : throw new InvalidDataException($"Unknown case status '{code}' in the database.");

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Conventions.Add(_ => new SnakeCaseColumns());
}
