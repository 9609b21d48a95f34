using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace GridMap.Server.Data.PostGis;

/// <summary>
/// EF Core's view of a geometry or geography column holding <typeparamref name="TGeometry"/>.
/// Values travel as parameters through the Npgsql bridge; literals are EWKT.
/// </summary>
sealed class PostGisGeometryTypeMapping<TGeometry> : RelationalGeometryTypeMapping<TGeometry, TGeometry>
    where TGeometry : Geometry
{
    public PostGisGeometryTypeMapping(string storeType) : base(converter: null, storeType) { }

    PostGisGeometryTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters, converter: null) { }

    bool IsGeography => StoreType.StartsWith("geography", StringComparison.OrdinalIgnoreCase);

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) =>
        new PostGisGeometryTypeMapping<TGeometry>(parameters);

    // The store type may carry a typmod (geometry(Point,4326)); Npgsql wants the bare type name.
    protected override void ConfigureParameter(DbParameter parameter)
    {
        base.ConfigureParameter(parameter);
        ((NpgsqlParameter)parameter).DataTypeName = IsGeography ? "geography" : "geometry";
    }

    protected override string GenerateNonNullSqlLiteral(object value) =>
        $"'{Ewkt((Geometry)value)}'::{(IsGeography ? "geography" : "geometry")}";

    /// <summary>PostGIS extended WKT: SRID prefix, and Z/M only when the geometry has them.</summary>
    static string Ewkt(Geometry geometry)
    {
        var (hasZ, hasM) = Ewkb.MeasuredOrdinates(geometry);
        var ordinates = Ordinates.XY | (hasZ ? Ordinates.Z : 0) | (hasM ? Ordinates.M : 0);
        var wkt = new WKTWriter(4) { OutputOrdinates = ordinates }.Write(geometry);
        return geometry.SRID > 0 ? $"SRID={geometry.SRID};{wkt}" : wkt;
    }

    protected override string AsText(object value) => ((Geometry)value).AsText();
    protected override int GetSrid(object value) => ((Geometry)value).SRID;
    protected override Type WktReaderType => typeof(WKTReader);
}
