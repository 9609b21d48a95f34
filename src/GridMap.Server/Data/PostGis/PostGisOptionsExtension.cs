using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace GridMap.Server.Data.PostGis;

/// <summary>Adds the bridge's services to EF Core's internal service provider.</summary>
sealed class PostGisOptionsExtension : IDbContextOptionsExtension
{
    DbContextOptionsExtensionInfo? info;
    public DbContextOptionsExtensionInfo Info => info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) =>
        new EntityFrameworkNpgsqlServicesBuilder(services)
            .TryAdd<IRelationalTypeMappingSourcePlugin, PostGisTypeMappingSourcePlugin>()
            .TryAdd<INpgsqlDataSourceConfigurationPlugin, PostGisDataSourcePlugin>();

    public void Validate(IDbContextOptions options) { }

    /// <summary>Used only when EF builds its own data source from a connection string.</summary>
    sealed class PostGisDataSourcePlugin : INpgsqlDataSourceConfigurationPlugin
    {
        public void Configure(NpgsqlDataSourceBuilder builder) => builder.UsePostGis();
    }

    sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;
        public override string LogFragment => "using GridMap PostGIS bridge ";
        public override int GetServiceProviderHashCode() => 0;
        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;
        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["GridMap:PostGis"] = "1";
    }
}
