using NetTopologySuite.Geometries;

namespace GridMap.Server.Staff;

/// <summary>A grid leader (网格长), grid worker (网格员) or Party member sunk into a grid (下沉网格).</summary>
public sealed class StaffMember
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    public long HomeGridId { get; set; }
    public string? Phone { get; set; }
    public bool OnDuty { get; set; }
    public Point? Location { get; set; }
    public DateTimeOffset? LocatedAt { get; set; }
}
