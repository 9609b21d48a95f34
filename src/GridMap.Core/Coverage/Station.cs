namespace GridMap.Core.Coverage;

/// <summary>A service station (党群服务站) as coverage sees it: a point in lon/lat and its service radius.</summary>
public readonly record struct Station(double Lon, double Lat, double RadiusMetres);
