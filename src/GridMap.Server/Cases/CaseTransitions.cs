using GridMap.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace GridMap.Server.Cases;

/// <summary>A move on a case: the action, the version the client saw, and what the action needs.</summary>
/// <param name="Version">The case version the client acted on; a stale one is refused (409).</param>
/// <param name="AssigneeId">dispatch: the on-duty staff member to send.</param>
/// <param name="Departments">escalate (吹哨): department codes from the catalogue.</param>
/// <param name="Department">confirm_escalation (报到): the department confirming.</param>
/// <param name="ExtensionHours">request_extension: working hours asked for.</param>
/// <param name="Note">Why (required for return); kept in the audit trail.</param>
/// <param name="Lon">Where the actor is, for the audit trail (optional, with lat).</param>
/// <param name="ActorRole">In which workflow role; the signed-in user's own when absent (see <see cref="CaseActors.Resolve"/>).</param>
/// <summary>Merge a duplicate: the original's id, and optionally the duplicate's version the client saw (409 when stale).</summary>
public sealed record MergeRequest(long? Into, int? Version = null);

public sealed record TransitionRequest(
    string? Action, int? Version, long? AssigneeId = null, string? Note = null, string[]? Departments = null,
    string? Department = null, int? ExtensionHours = null, double? Lon = null, double? Lat = null,
    string? ActorRole = null);

/// <summary>
/// Applies moves through the <see cref="Case"/> entity: the workflow decides, the case keeps its
/// deadlines, EF Core writes it only if it still has the version the client acted on (so of two
/// grid leaders assigning at once, the second is told the case changed), and the audit event is
/// appended as the transaction's last statement. The answer is the case as the event stored it.
/// </summary>
public sealed class CaseTransitions(GridMapDb db, CaseCatalogue catalogue, CaseClocks clocks, TimeProvider time)
{
    public const int MaxExtensionHours = 240;

    /// <exception cref="CaseNotFoundException"/>
    /// <exception cref="StaleCaseVersionException"/>
    /// <exception cref="InvalidTransitionException"/>
    public async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> TakeAsync(long id, TransitionRequest request, Caller caller, CancellationToken ct)
    {
        if (!CaseCodes.TryParse(request.Action, out CaseAction action))
            return Problems.Invalid("action", $"action must be one of {string.Join(", ", Enum.GetValues<CaseAction>().Select(a => a.Code()))}");
        if (request.Version is not { } version) return Problems.Invalid("version", "version is required: the case version you acted on");
        var (actor, actorError) = CaseActors.Resolve(caller, request.ActorRole);
        if (actorError is var (field, reason)) return Problems.Invalid(field, reason);
        if (caller.Role == Role.Department)
        {
            // A department's account answers its summonses (报到), for itself only.
            if (action != CaseAction.ConfirmEscalation)
                return Problems.Invalid("action", "a department user confirms its summonses (confirm_escalation); other moves are the command centre's and the handlers'");
            if (request.Department is { } named && named != caller.DepartmentCode)
                return Problems.Invalid("department", $"you confirm for your own department ({caller.DepartmentCode}), not {named}");
            request = request with { Department = caller.DepartmentCode };
        }
        if (request.Note is not null && StorableText.Length(request.Note) > 2000) return Problems.Invalid("note", "note is longer than 2000 characters");
        if (StorableText.Problem("note", request.Note) is { } unstorable) return Problems.Invalid("note", unstorable);
        if (PositionInput.OptionalProblems(request.Lon, request.Lat) is { Count: > 0 } invalid) return TypedResults.ValidationProblem(invalid);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await db.Cases.Include(x => x.Summonses).SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new CaseNotFoundException(id);
        if (!await CaseAccess.SeesAsync(db, caller, c, ct)) throw new CaseNotFoundException(id);
        if (c.Version != version) throw new StaleCaseVersionException(id, version, c.Version);
        var from = c.Status;
        CaseWorkflow.Apply(from, action, actor!.Role);

        var category = catalogue.FindCategory(c.CategoryCode) ?? throw new InvalidDataException($"Case {id} has category '{c.CategoryCode}', which the catalogue no longer lists.");
        var (move, problem) = await MoveFor(action, request, c, caller, ct);
        if (problem is not null) return problem;
        var now = time.GetUtcNow();
        c.Take(action, actor.Role, move!, category, clocks, now);
        // The overdue watcher may have marked the case since it was read (it does not change the
        // version): a move that cleared the mark must write the clearing even though the value read was null.
        if (c.OverdueNotifiedAt is null) db.Entry(c).Property(x => x.OverdueNotifiedAt).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Cases.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).SingleOrDefaultAsync(ct);
            throw current is { } v ? new StaleCaseVersionException(id, version, v) : new CaseNotFoundException(id);
        }
        var note = move!.AuditNote(request.Note);
        var view = await db.Database.SqlQuery<string>($"""
            SELECT append_case_event({id}, {actor.Name}, {actor.Role.Code()}, {action.Code()}, {from.Code()}, {note}::text,
                                     ST_SetSRID(ST_MakePoint({request.Lon}::float8, {request.Lat}::float8), 4326))::text AS "Value"
            """).SingleAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(CaseAccess.Json(view));
    }

    /// <summary>Checks what the action needs against the catalogue, the staff and the case.</summary>
    async Task<(CaseMove? Move, ValidationProblem? Problem)> MoveFor(CaseAction action, TransitionRequest r, Case c, Caller caller, CancellationToken ct)
    {
        switch (action)
        {
            case CaseAction.Dispatch:
                if (r.AssigneeId is not { } assigneeId) return Invalid("assigneeId", "dispatch needs assigneeId: an on-duty staff member");
                // 网格长 assigns within its grid, a command centre within its area. Someone elsewhere
                // is answered as someone who does not exist: neither their name nor their duty is told.
                if (!await CaseAccess.StaffInAreaAsync(db, caller, assigneeId, ct))
                    return Invalid("assigneeId", $"there is no staff member {assigneeId} in your area");
                var staff = await db.Staff.Where(s => s.Id == assigneeId).Select(s => new { s.Name, s.OnDuty }).SingleOrDefaultAsync(ct);
                if (staff is null) return Invalid("assigneeId", $"there is no staff member {assigneeId}");
                if (!staff.OnDuty) return Invalid("assigneeId", $"staff member {assigneeId} ({staff.Name}) is off duty");
                return (new CaseMove(AssigneeId: assigneeId), null);
            case CaseAction.Return when string.IsNullOrWhiteSpace(r.Note):
                return Invalid("note", "return needs a note: why the case is not yours");
            case CaseAction.RequestExtension:
                if (r.ExtensionHours is not { } hours || hours is < 1 or > MaxExtensionHours)
                    return Invalid("extensionHours", $"request_extension needs extensionHours from 1 to {MaxExtensionHours} (working hours)");
                return (new CaseMove(ExtensionHours: hours), null);
            case CaseAction.Escalate:
                if (r.Departments is not { Length: > 0 } codes) return Invalid("departments", "escalate needs departments: codes from GET /api/case-categories");
                var unknown = codes.Where(d => catalogue.FindDepartment(d) is null).ToArray();
                if (unknown.Length > 0) return Invalid("departments", $"unknown department(s): {string.Join(", ", unknown)}");
                return (new CaseMove(Departments: [.. codes.Distinct().Select(d => catalogue.FindDepartment(d)!)]), null);
            case CaseAction.ConfirmEscalation:
                if (string.IsNullOrWhiteSpace(r.Department)) return Invalid("department", "confirm_escalation needs department: the department reporting (报到)");
                if (c.Summonses.All(s => s.DepartmentCode != r.Department))
                    return Invalid("department", $"department '{r.Department}' was not summoned on this case");
                return (new CaseMove(Department: r.Department), null);
            default:
                return (new CaseMove(), null);
        }
    }

    static (CaseMove?, ValidationProblem?) Invalid(string field, string reason) => (null, Problems.Invalid(field, reason));

    /// <summary>
    /// Registers a staff member's patrol report (巡查上报) just filed: the workflow's 立案, taken on
    /// the staff member's word as GB/T 30428 allows for staff reports; the audit trail names the
    /// staff member in their own role. Returns the case as the event stored it.
    /// </summary>
    public async Task<JsonElement> RegisterPatrolAsync(long id, Caller caller, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await db.Cases.Include(x => x.Summonses).SingleAsync(x => x.Id == id, ct);
        var category = catalogue.FindCategory(c.CategoryCode)!;
        var from = c.Status;
        c.Take(CaseAction.Register, CaseActor.CommandCentre, new CaseMove(), category, clocks, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        var (actor, role, action, note) = (caller.Username, caller.Role.Code(), CaseAction.Register.Code(), "patrol report (巡查上报): registered on filing");
        var view = await db.Database.SqlQuery<string>($"""
            SELECT append_case_event({id}, {actor}, {role}, {action}, {from.Code()}, {note})::text AS "Value"
            """).SingleAsync(ct);
        await tx.CommitAsync(ct);
        return CaseAccess.Json(view);
    }

    /// <summary>
    /// Merges a duplicate (<paramref name="id"/>) into its original: the duplicate is voided, as
    /// the workflow lets the command centre void a report, and both are kept, linked by
    /// <c>duplicateOf</c> / <c>duplicates</c> in their snapshots. Both must be cases the caller sees.
    /// The duplicate's reporter then follows the original (<c>GET /api/cases/mine</c>).
    /// </summary>
    /// <exception cref="CaseNotFoundException"/>
    /// <exception cref="StaleCaseVersionException"/>
    /// <exception cref="InvalidTransitionException">The duplicate can no longer be voided (it was registered).</exception>
    public async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> MergeAsync(long id, MergeRequest request, Caller caller, CancellationToken ct)
    {
        if (request.Into is not { } into) return Problems.Invalid("into", "into is required: the id of the original case");
        if (into == id) return Problems.Invalid("into", "a case cannot be merged into itself");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await db.Cases.Include(x => x.Summonses).SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new CaseNotFoundException(id);
        if (!await CaseAccess.SeesAsync(db, caller, c, ct)) throw new CaseNotFoundException(id);
        if (request.Version is { } version && c.Version != version) throw new StaleCaseVersionException(id, version, c.Version);
        var original = await db.Cases.Include(x => x.Summonses).SingleOrDefaultAsync(x => x.Id == into, ct);
        if (original is null || !await CaseAccess.SeesAsync(db, caller, original, ct)) return Problems.Invalid("into", $"there is no case {into}");
        if (original.DuplicateOf is not null) return Problems.Invalid("into", $"case {into} is itself a duplicate of case {original.DuplicateOf}: merge into that one");
        var from = c.Status;
        c.MergeInto(into, catalogue.FindCategory(c.CategoryCode)!, clocks, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new StaleCaseVersionException(id, c.Version - 1, c.Version);
        }
        var (actor, role, note, originalNote) = (caller.Username, caller.Role.Code(), $"duplicate of case {into}", $"case {id} merged into this one");
        // The original's snapshot lists its duplicates now: live maps get both changes.
        await db.Database.SqlQuery<string>($"""
            SELECT append_case_event({into}, {actor}, {role}, 'merge_duplicate', status, {originalNote})::text AS "Value" FROM cases WHERE id = {into}
            """).SingleAsync(ct);
        var view = await db.Database.SqlQuery<string>($"""
            SELECT append_case_event({id}, {actor}, {role}, 'merge', {from.Code()}, {note})::text AS "Value"
            """).SingleAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(CaseAccess.Json(view));
    }

}
