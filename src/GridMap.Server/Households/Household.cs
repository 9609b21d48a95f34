using NetTopologySuite.Geometries;

namespace GridMap.Server.Households;

/// <summary>A Party-member household (党员户) that shows its identity publicly (挂牌亮身份).</summary>
public sealed class Household
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public int Members { get; set; }
    /// <summary>demonstration 党员示范户, leading 党员引领户, prosperity 致富示范户, civility 文明示范户, member 党员户.</summary>
    public required string Kind { get; set; }
    public string? Phone { get; set; }
    public required Point Location { get; set; }
    public long? GridId { get; private set; }
}
