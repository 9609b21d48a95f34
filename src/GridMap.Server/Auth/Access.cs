using Microsoft.AspNetCore.Authorization;
using static GridMap.Server.Auth.Role;

namespace GridMap.Server.Auth;

/// <summary>
/// Which roles may use which features: one authorization policy per feature, put on the
/// feature's endpoint group. Which rows inside the feature a caller sees is the caller's area
/// (<see cref="Caller.Scope"/>), applied by each query.
/// </summary>
public static class Access
{
    /// <summary>Areas, locate, stations: the base map.</summary>
    public const string Territory = "territory";
    public const string Households = "households";
    public const string Staff = "staff";
    /// <summary>Reporting a concern (POST /api/cases).</summary>
    public const string ReportCases = "cases.report";
    public const string ReadCases = "cases.read";
    /// <summary>The live push of an area's cases (<c>/hubs/live</c>); a reporter's, grid worker's or department's of its own cases only (<c>SubscribeMine</c>).</summary>
    public const string LiveCases = "cases.live";
    /// <summary>Ranked candidates and assignment.</summary>
    public const string AssignCases = "cases.assign";
    /// <summary>Marking a case public: its description may then be shown on the public Open311 listing.</summary>
    public const string PublishCases = "cases.publish";
    public const string UpdateStaff = "staff.update";
    /// <summary>KPIs and other figures without rows about people.</summary>
    public const string Aggregates = "aggregates";
    public const string Coverage = "coverage";
    public const string Import = "import";
    public const string Admin = "admin";
    /// <summary>Adding, editing and retiring households: the roles that see their names, so that no one edits a record they can only read masked.</summary>
    public const string EditHouseholds = "households.edit";
    public const string EditStations = "stations.edit";
    /// <summary>Adding, editing and retiring staff records (home grid, phone, duty); a grid worker updates only their own location and duty (<see cref="UpdateStaff"/>).</summary>
    public const string EditStaff = "staff.edit";
    /// <summary>Reshaping grids (<c>POST /api/areas/changes</c>) inside the caller's area.</summary>
    public const string EditAreas = "areas.edit";
    /// <summary>One case (<c>GET /api/cases/{id}</c>), its photos: what <see cref="Cases.CaseAccess"/> lets each role see, a reporter its own reports, a department what it was summoned to.</summary>
    public const string ReadCase = "cases.read-one";
    /// <summary>Workflow moves (<c>POST /api/cases/{id}/transitions</c>); a department only its 报到.</summary>
    public const string MoveCases = "cases.move";
    /// <summary>Adding photos to a case: its reporter when reporting, its handler, the command centre and grid leader.</summary>
    public const string AddCaseMedia = "cases.media.add";
    /// <summary>Merging a duplicate into its original, both in the caller's area (the duplicate is voided as the command centre voids a report).</summary>
    public const string MergeCases = "cases.merge";
    /// <summary>The names of the places and handlers of the cases one sees (<c>GET /api/cases/names</c>): the roles that work on cases.</summary>
    public const string CaseNames = "cases.names";
    /// <summary>Summonses (吹哨): a department's inbox, a command centre's view of its area's.</summary>
    public const string Summonses = "cases.summonses";
    /// <summary>Which grid a point lies in (GET /api/locate): a resident sees the grid as they pick the place of a report.</summary>
    public const string Locate = "territory.locate";
    /// <summary>Recording a visit (走访) to a household of the caller's area, and its photo.</summary>
    public const string RecordVisits = "visits.record";
    /// <summary>In-service Party members registered with communities of the caller's area (双报到), and the communities' service tasks.</summary>
    public const string Volunteers = "volunteers";
    /// <summary>Registering members, publishing service tasks, recording picks and hours: the community's staff (command centres of the community or its street).</summary>
    public const string ManageVolunteers = "volunteers.manage";
    /// <summary>A household's badge and its members' service record (visits made, hours served): the roles that see names.</summary>
    public const string ServiceRecords = "households.service-record";

    public static IReadOnlyDictionary<string, Role[]> Who { get; } = new Dictionary<string, Role[]>
    {
        [Territory] = [Role.Admin, CommandCentre, GridLeader, GridWorker, Planner],
        [Households] = [Role.Admin, CommandCentre, GridLeader, GridWorker, Planner],
        [Staff] = [Role.Admin, CommandCentre, GridLeader, GridWorker],
        [ReportCases] = [Role.Admin, CommandCentre, GridLeader, GridWorker, Reporter],
        [ReadCases] = [Role.Admin, CommandCentre, GridLeader, GridWorker],
        [LiveCases] = [Role.Admin, CommandCentre, GridLeader, Reporter, GridWorker, Department],
        [AssignCases] = [Role.Admin, CommandCentre, GridLeader],
        [PublishCases] = [Role.Admin, CommandCentre],
        [UpdateStaff] = [Role.Admin, CommandCentre, GridLeader, GridWorker],
        [Aggregates] = [Role.Admin, CommandCentre, GridLeader, Planner],
        [Coverage] = [Role.Admin, Planner],
        [Import] = [Role.Admin],
        [Admin] = [Role.Admin],
        [EditHouseholds] = [Role.Admin, CommandCentre, GridLeader],
        [EditStations] = [Role.Admin, CommandCentre, GridLeader],
        [EditStaff] = [Role.Admin, CommandCentre, GridLeader],
        [EditAreas] = [Role.Admin, CommandCentre],
        [ReadCase] = [Role.Admin, CommandCentre, GridLeader, GridWorker, Reporter, Department],
        [MoveCases] = [Role.Admin, CommandCentre, GridLeader, GridWorker, Department],
        [AddCaseMedia] = [Role.Admin, CommandCentre, GridLeader, GridWorker, Reporter],
        [MergeCases] = [Role.Admin, CommandCentre, GridLeader],
        [Summonses] = [Role.Admin, CommandCentre, Department],
        [CaseNames] = [Role.Admin, CommandCentre, GridLeader, GridWorker, Department],
        [Locate] = [Role.Admin, CommandCentre, GridLeader, GridWorker, Planner, Reporter],
        [RecordVisits] = [Role.Admin, CommandCentre, GridLeader, GridWorker],
        [Volunteers] = [Role.Admin, CommandCentre, GridLeader, GridWorker],
        [ManageVolunteers] = [Role.Admin, CommandCentre],
        [ServiceRecords] = [Role.Admin, CommandCentre, GridLeader],
    };

    public static bool May(Role role, string policy) => Who[policy].Contains(role);

    /// <summary>Household names and phones, staff phones: only for those who must contact people.</summary>
    public static bool SeesPersonalData(Role role) => role is Role.Admin or CommandCentre or GridLeader;

    public static void AddPolicies(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in Who)
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.Code())));
        // An endpoint that names no policy is for admins only until someone decides otherwise.
        options.FallbackPolicy = options.GetPolicy(Admin);
    }
}
