using Npgsql.TypeMapping;

namespace GridMap.Server.Data.PostGis;

public static class NpgsqlPostGisExtensions
{
    /// <summary>
    /// Maps PostGIS geometry and geography (and arrays of them) to NetTopologySuite types.
    /// Stands in for <c>UseNetTopologySuite()</c> of Npgsql.NetTopologySuite; see DEVELOPERS.md.
    /// </summary>
    public static TMapper UsePostGis<TMapper>(this TMapper mapper) where TMapper : INpgsqlTypeMapper
    {
        mapper.AddTypeInfoResolverFactory(new PostGisTypeInfoResolverFactory());
        return mapper;
    }
}
