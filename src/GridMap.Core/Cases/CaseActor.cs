namespace GridMap.Core.Cases;

/// <summary>The role in which someone acts on a case. Wire code: snake_case of the name.</summary>
public enum CaseActor
{
    /// <summary>上报人: a resident reporting a concern. May report (create) a case, nothing more.</summary>
    Reporter,
    /// <summary>指挥中心: the street or community command centre: registers, dispatches, decides, closes.</summary>
    CommandCentre,
    /// <summary>网格长: dispatches cases in the grid to the nearest grid worker.</summary>
    GridLeader,
    /// <summary>网格员: handles cases dispatched to them.</summary>
    GridWorker,
    /// <summary>职能部门: handles dispatched cases and confirms (报到) when summoned.</summary>
    Department,
}
