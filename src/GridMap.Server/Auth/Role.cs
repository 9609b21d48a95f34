namespace GridMap.Server.Auth;

/// <summary>What a user is to GridMap. Every role but admin and reporter applies to one area.</summary>
public enum Role
{
    /// <summary>The district: everything.</summary>
    Admin,
    /// <summary>指挥中心 of a street or community: its cases, households and staff.</summary>
    CommandCentre,
    /// <summary>网格长: its grid's cases, households and staff; assigns within them.</summary>
    GridLeader,
    /// <summary>网格员: the cases assigned to them and their grid's map.</summary>
    GridWorker,
    /// <summary>组织部 planner: coverage and aggregates; household pins without personal data.</summary>
    Planner,
    /// <summary>A member of the public: reports cases and follows its own reports.</summary>
    Reporter,
    /// <summary>职能部门 (城管执法局, 派出所 …) in an area: its summonses (吹哨) there, and their 报到.</summary>
    Department,
}

public static class Roles
{
    public static IReadOnlyList<Role> All { get; } = Enum.GetValues<Role>();

    /// <summary>The wire and database code: <c>command_centre</c>.</summary>
    public static string Code(this Role role) => role switch
    {
        Role.Admin => "admin",
        Role.CommandCentre => "command_centre",
        Role.GridLeader => "grid_leader",
        Role.GridWorker => "grid_worker",
        Role.Planner => "planner",
        Role.Reporter => "reporter",
        Role.Department => "department",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static Role? Parse(string? code) => All.Cast<Role?>().FirstOrDefault(r => r!.Value.Code() == code);
}
