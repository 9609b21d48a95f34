using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace GridMap.Server.Data;

public static class DataServices
{
    /// <summary>
    /// Connections the server keeps to PostgreSQL for everything but tiles (which have their own,
    /// <see cref="Tiles.TileDatabase"/>), no more and (once opened) no fewer, unless the
    /// connection string sizes the pool itself. Few and busy beats many and idle: Npgsql hands out
    /// its idle connections in turn, so every connection a burst once opened stays in use, and
    /// PostgreSQL (a process per connection) spent nearly twice the CPU per report on 53
    /// connections as on 8. None is closed for being idle either: Npgsql closes what stayed idle
    /// for five minutes, and the next burst then opened new backends whose first report took
    /// 220–530 ms (loading PostGIS, planning <c>report_case</c>), a stall every five minutes
    /// (docs/benchmarks-live.md). Reports take one of them (<see cref="Cases.ReportFiler"/>), which
    /// leaves the rest for everything else.
    /// </summary>
    public const int DefaultPoolSize = 8;

    /// <summary>
    /// The one Npgsql data source (with the NetTopologySuite plugin for PostGIS types), EF Core on it, the schema owner's
    /// connection and the start-up migrator. The service connects as <c>GRIDMAP_DB</c>
    /// (environment or configuration), the owner as <c>GRIDMAP_DB_OWNER</c> when it is a
    /// different role (<see cref="SchemaOwner"/>).
    /// </summary>
    public static IServiceCollection AddGridMapData(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = ConnectionString(config);
        services.AddSingleton(_ =>
        {
            var builder = Pool(connectionString, DefaultPoolSize);
            builder.UseNetTopologySuite();
            return builder.Build();
        });
        services.AddSingleton(sp => SchemaOwner.Create(config["GRIDMAP_DB_OWNER"], connectionString, sp.GetRequiredService<NpgsqlDataSource>()));
        // Pooled: a report must not pay for building a context and its options on every request.
        services.AddDbContextPool<GridMapDb>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.UseNetTopologySuite()));
        services.AddSingleton<Migrator>();
        services.AddHostedService(sp => sp.GetRequiredService<Migrator>());
        return services;
    }

    /// <summary>What the service connects as: <c>GRIDMAP_DB</c> (environment or configuration).</summary>
    public static string ConnectionString(IConfiguration config) => config["GRIDMAP_DB"]
        ?? throw new InvalidOperationException("GRIDMAP_DB is not set: give it a PostGIS connection string, or start with ./gridmap up.");

    /// <summary>
    /// A pool of connections as the service keeps them: <paramref name="size"/> of them unless the
    /// connection string sizes the pool itself, JIT off, and no reset on return. GridMap keeps no
    /// session state on pooled connections, so the DISCARD ALL that Npgsql sends on every return
    /// to the pool only throws away the server's cached plans (report_case's among them), which
    /// it then re-plans on every report.
    /// </summary>
    public static NpgsqlDataSourceBuilder Pool(string connectionString, int size)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.NoResetOnClose = true;
        settings.Options = WithoutJit(settings.Options);
        if (!NamesPoolSize(connectionString)) (settings.MinPoolSize, settings.MaxPoolSize) = (size, size);
        return builder;
    }

    /// <summary>
    /// The connection's options with JIT compilation off. The service's statements are short (a
    /// page, a tile, a count), but PostGIS costs its spatial functions high (<c>ST_Intersects</c>
    /// at 10,000 a row), so any that tests a few thousand rows passes <c>jit_above_cost</c>, and
    /// the compiling took longer than the statement wherever it was met: 0.3 s for the OGC count of
    /// a city's households (50 ms without), 3 s for a case area filter, 6 s for a month's recurring
    /// spots (docs/benchmarks.md).
    /// </summary>
    public static string WithoutJit(string? options) => string.IsNullOrWhiteSpace(options) ? "-c jit=off" : $"{options} -c jit=off";

    /// <summary>Whether the connection string sets the pool's least or greatest size (under any of Npgsql's names for them).</summary>
    public static bool NamesPoolSize(string connectionString)
    {
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        return keys.Any(k => k.Replace(" ", "").ToLowerInvariant() is "maxpoolsize" or "maximumpoolsize" or "minpoolsize" or "minimumpoolsize");
    }
}
