using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace GridMap.Core.Spatial;

/// <summary>
/// A transverse Mercator projection centred on an area, so that metres and square metres can be
/// measured there: within a few tens of kilometres of the centre the scale error is below 1e-5.
/// The one way GridMap goes between lon/lat and local metres.
/// </summary>
public sealed class LocalProjection
{
    readonly MathTransform forward;
    readonly MathTransform inverse;
    readonly GeometryFactory metric = new(new PrecisionModel(), 0);

    public double CentreLon { get; }
    public double CentreLat { get; }

    public LocalProjection(double centreLon, double centreLat)
    {
        CentreLon = centreLon;
        CentreLat = centreLat;
        var csf = new CoordinateSystemFactory();
        var wgs84 = GeographicCoordinateSystem.WGS84;
        var parameters = new List<ProjectionParameter>
        {
            new("latitude_of_origin", centreLat),
            new("central_meridian", centreLon),
            new("scale_factor", 1.0),
            new("false_easting", 0.0),
            new("false_northing", 0.0),
        };
        var projection = csf.CreateProjection("Local transverse Mercator", "Transverse_Mercator", parameters);
        var local = csf.CreateProjectedCoordinateSystem("GridMap local", wgs84, projection, LinearUnit.Metre,
            new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
        var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(wgs84, local).MathTransform;
        forward = transform;
        inverse = transform.Inverse();
    }

    /// <summary>Centred on the middle of a lon/lat envelope.</summary>
    public static LocalProjection For(Envelope lonLat) => new(lonLat.Centre.X, lonLat.Centre.Y);

    public (double X, double Y) Project(double lon, double lat) => forward.Transform(lon, lat);
    public (double Lon, double Lat) Unproject(double x, double y) => inverse.Transform(x, y);

    /// <summary>A copy of a lon/lat geometry in local metres (SRID 0).</summary>
    public Geometry Project(Geometry lonLat) => Positions.Converted(lonLat, metric, forward.Transform);

    /// <summary>A copy of a local-metres geometry in lon/lat (SRID 4326).</summary>
    public Geometry Unproject(Geometry metres) => Positions.Converted(metres, GeoJson.Wgs84, inverse.Transform);
}
