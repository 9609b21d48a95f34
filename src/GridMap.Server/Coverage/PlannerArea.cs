using NetTopologySuite.Geometries;

namespace GridMap.Server.Coverage;

/// <summary>An area as the planner sees it: district, street, community or Party-building grid.</summary>
public sealed record PlannerArea(long Id, string Level, string Code, string Name, long? ParentId, int? Population, Geometry Boundary);

/// <summary>A service station as coverage counts it.</summary>
public sealed record PlannerStation(long Id, string Name, string Level, string Status, double Lon, double Lat, double RadiusM)
{
    public Core.Coverage.Station At(double? radiusOverrideM) => new(Lon, Lat, radiusOverrideM ?? RadiusM);
}
