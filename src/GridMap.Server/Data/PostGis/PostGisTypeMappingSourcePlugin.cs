using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Data.PostGis;

/// <summary>
/// Lets EF Core map NTS properties to geometry/geography columns, including typmod store
/// types such as <c>geometry(MultiPolygon,4326)</c>, whose subtype picks the CLR type when
/// only the column type is known (scaffolding, raw SQL projections).
/// </summary>
sealed class PostGisTypeMappingSourcePlugin : IRelationalTypeMappingSourcePlugin
{
    static readonly Dictionary<string, Type> SubtypeToClrType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["geometry"] = typeof(Geometry),
        ["point"] = typeof(Point),
        ["linestring"] = typeof(LineString),
        ["polygon"] = typeof(Polygon),
        ["multipoint"] = typeof(MultiPoint),
        ["multilinestring"] = typeof(MultiLineString),
        ["multipolygon"] = typeof(MultiPolygon),
        ["geometrycollection"] = typeof(GeometryCollection),
    };

    public RelationalTypeMapping? FindMapping(in RelationalTypeMappingInfo mappingInfo)
    {
        var clrType = mappingInfo.ClrType;
        var storeType = mappingInfo.StoreTypeName;
        if (clrType is not null && !typeof(Geometry).IsAssignableFrom(clrType)) return null;
        if (clrType is null && storeType is null) return null;

        Type? subtype = null;
        if (storeType is not null && !TryParseStoreType(storeType, out subtype)) return null;

        var mappingType = typeof(PostGisGeometryTypeMapping<>).MakeGenericType(clrType ?? subtype ?? typeof(Geometry));
        return (RelationalTypeMapping)Activator.CreateInstance(mappingType, storeType ?? "geometry")!;
    }

    /// <summary>Accepts geometry, geography and either with a typmod: geography(PointZ,4326).</summary>
    static bool TryParseStoreType(string storeType, out Type? subtype)
    {
        subtype = null;
        var open = storeType.IndexOf('(');
        var baseName = (open < 0 ? storeType : storeType[..open]).Trim();
        if (!baseName.Equals("geometry", StringComparison.OrdinalIgnoreCase)
            && !baseName.Equals("geography", StringComparison.OrdinalIgnoreCase)) return false;
        if (open < 0) return true;

        var name = storeType[(open + 1)..].Split(',', ')')[0].Trim();
        subtype = SubtypeToClrType.GetValueOrDefault(name)
            ?? SubtypeToClrType.GetValueOrDefault(WithoutDimensionSuffix(name));
        return subtype is not null;
    }

    static string WithoutDimensionSuffix(string name) =>
        name.EndsWith("zm", StringComparison.OrdinalIgnoreCase) ? name[..^2]
        : name.EndsWith('z') || name.EndsWith('Z') || name.EndsWith('m') || name.EndsWith('M') ? name[..^1]
        : name;
}
