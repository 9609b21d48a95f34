using NetTopologySuite.Geometries;
using Npgsql.Internal;
using Npgsql.Internal.Postgres;

namespace GridMap.Server.Data.PostGis;

/// <summary>
/// Tells Npgsql that PostGIS's geometry and geography types (and their arrays) are NTS
/// geometries. Names are unqualified, so they match the extension in whatever schema it lives
/// and whatever OID it got in this database.
/// </summary>
sealed class PostGisTypeInfoResolverFactory : PgTypeInfoResolverFactory
{
    // geometry first: a parameter with no type name is sent as geometry, not geography.
    static readonly string[] DataTypeNames = ["geometry", "geography"];

    public override IPgTypeInfoResolver CreateResolver() => new Resolver();
    public override IPgTypeInfoResolver CreateArrayResolver() => new ArrayResolver();

    class Resolver : IPgTypeInfoResolver
    {
        TypeInfoMappingCollection? mappings;
        protected TypeInfoMappingCollection Mappings => mappings ??= AddMappings(new());

        public PgTypeInfo? GetTypeInfo(Type? type, DataTypeName? dataTypeName, PgSerializerOptions options) =>
            Mappings.Find(type, dataTypeName, options);

        static TypeInfoMappingCollection AddMappings(TypeInfoMappingCollection mappings)
        {
            foreach (var name in DataTypeNames)
            {
                Add<Geometry>(mappings, name, isDefault: true);
                Add<Point>(mappings, name);
                Add<LineString>(mappings, name);
                Add<LinearRing>(mappings, name);
                Add<Polygon>(mappings, name);
                Add<MultiPoint>(mappings, name);
                Add<MultiLineString>(mappings, name);
                Add<MultiPolygon>(mappings, name);
                Add<GeometryCollection>(mappings, name);
            }
            return mappings;
        }

        static void Add<T>(TypeInfoMappingCollection mappings, string name, bool isDefault = false) where T : Geometry =>
            mappings.AddType<T>(name, (options, mapping, _) => mapping.CreateInfo(options, new EwkbConverter<T>()), isDefault);
    }

    sealed class ArrayResolver : Resolver, IPgTypeInfoResolver
    {
        TypeInfoMappingCollection? arrayMappings;
        new TypeInfoMappingCollection Mappings => arrayMappings ??= AddArrayMappings(new(base.Mappings));

        public new PgTypeInfo? GetTypeInfo(Type? type, DataTypeName? dataTypeName, PgSerializerOptions options) =>
            Mappings.Find(type, dataTypeName, options);

        static TypeInfoMappingCollection AddArrayMappings(TypeInfoMappingCollection mappings)
        {
            foreach (var name in DataTypeNames)
            {
                mappings.AddArrayType<Geometry>(name);
                mappings.AddArrayType<Point>(name);
                mappings.AddArrayType<LineString>(name);
                mappings.AddArrayType<LinearRing>(name);
                mappings.AddArrayType<Polygon>(name);
                mappings.AddArrayType<MultiPoint>(name);
                mappings.AddArrayType<MultiLineString>(name);
                mappings.AddArrayType<MultiPolygon>(name);
                mappings.AddArrayType<GeometryCollection>(name);
            }
            return mappings;
        }
    }
}
