using GridMap.Server.Coverage;

namespace GridMap.Server.Territory;

/// <summary>An area as the API names it inside another answer (who am I, locate, coverage): not its boundary.</summary>
public sealed record AreaRef(long Id, string Level, string? Layer, string Code, string Name)
{
    /// <summary>The planner counts only the Party grids, so a planner's grid is in the party layer.</summary>
    public static AreaRef Of(PlannerArea a) =>
        new(a.Id, a.Level, AreaNames.ParseLevel(a.Level)?.HasLayer() == true ? AreaLayer.Party.Name() : null, a.Code, a.Name);
}
