using NetTopologySuite.Geometries;

namespace GridMap.Server.Territory;

/// <summary>A district, street, community, grid or micro-grid (区 / 街道 / 社区 / 网格 / 微网格).</summary>
public sealed class Area
{
    public long Id { get; set; }
    public required string Level { get; set; }
    public string? Layer { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public long? ParentId { get; set; }
    public int? Population { get; set; }
    public required MultiPolygon Boundary { get; set; }
}
