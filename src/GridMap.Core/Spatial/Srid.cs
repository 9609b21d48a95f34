namespace GridMap.Core.Spatial;

/// <summary>The spatial reference systems GridMap uses, by EPSG code.</summary>
public static class Srid
{
    /// <summary>WGS84 longitude/latitude: what is stored and served (GeoJSON, PostGIS).</summary>
    public const int Wgs84 = 4326;
}
