using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace GridMap.Server.Data.PostGis;

public static class NpgsqlDbContextPostGisExtensions
{
    /// <summary>
    /// Lets EF Core map NTS geometry properties to PostGIS columns. Pair it with a data source
    /// built with <see cref="NpgsqlPostGisExtensions.UsePostGis{TMapper}"/>. Stands in for
    /// <c>UseNetTopologySuite()</c> of Npgsql.EntityFrameworkCore.PostgreSQL.NetTopologySuite.
    /// </summary>
    public static NpgsqlDbContextOptionsBuilder UsePostGis(this NpgsqlDbContextOptionsBuilder npgsql)
    {
        var options = ((IRelationalDbContextOptionsBuilderInfrastructure)npgsql).OptionsBuilder;
        var extension = options.Options.FindExtension<PostGisOptionsExtension>() ?? new PostGisOptionsExtension();
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(extension);
        return npgsql;
    }
}
