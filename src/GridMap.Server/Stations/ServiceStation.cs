using NetTopologySuite.Geometries;

namespace GridMap.Server.Stations;

/// <summary>A Party-mass service centre or station (党群服务中心 / 党群服务站) and its service radius.</summary>
public sealed class ServiceStation
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Level { get; set; }
    /// <summary>open, or planned (proposed by a planner, not yet built).</summary>
    public string Status { get; set; } = "open";
    public required Point Location { get; set; }
    public double RadiusM { get; set; }
    public string? OpeningHours { get; set; }
    public string[] Services { get; set; } = [];
    public long? AreaId { get; set; }
}
