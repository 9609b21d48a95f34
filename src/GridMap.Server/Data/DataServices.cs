using GridMap.Server.Data.PostGis;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridMap.Server.Data;

public static class DataServices
{
    /// <summary>
    /// The one Npgsql data source (with the PostGIS bridge), EF Core on it, and the start-up migrator.
    /// The connection string comes from <c>GRIDMAP_DB</c> (environment or configuration).
    /// </summary>
    public static IServiceCollection AddGridMapData(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = config["GRIDMAP_DB"]
            ?? throw new InvalidOperationException("GRIDMAP_DB is not set: give it a PostGIS connection string, or start with ./gridmap up.");
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            // GridMap keeps no session state on pooled connections, so the DISCARD ALL that
            // Npgsql sends on every return to the pool only throws away the server's cached
            // plans (report_case's among them), which it then re-plans on every report.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            builder.UsePostGis();
            return builder.Build();
        });
        // Pooled: a report must not pay for building a context and its options on every request.
        services.AddDbContextPool<GridMapDb>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.UsePostGis()));
        services.AddSingleton<Migrator>();
        services.AddHostedService(sp => sp.GetRequiredService<Migrator>());
        return services;
    }
}
