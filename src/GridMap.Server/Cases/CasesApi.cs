using Microsoft.EntityFrameworkCore;

namespace GridMap.Server.Cases;

/// <summary>Cases from report to closing: report, list on the map, read, move, audit trail, candidates.</summary>
public static class CasesApi
{
    public static void MapCases(this IEndpointRouteBuilder app)
    {
        // The catalogue is public: a resident's app shows it before reporting.
        app.MapGet("/api/case-categories", Categories).WithTags("cases").AllowAnonymous();
        var cases = app.MapGroup("/api/cases").WithTags("cases");
        cases.MapGet("/", List).RequireAuthorization(Access.ReadCases);
        cases.MapPost("/", Report).RequireAuthorization(Access.ReportCases).RequireRateLimiting(RateLimits.Intake);
        cases.MapGet("/{id:long}", Get).RequireAuthorization(Access.ReadCase);
        cases.MapGet("/{id:long}/events", Events).RequireAuthorization(Access.ReadCases);
        cases.MapPost("/{id:long}/transitions", (long id, TransitionRequest body, Caller caller, CaseTransitions transitions, CancellationToken ct) =>
            transitions.TakeAsync(id, body, caller, ct)).RequireAuthorization(Access.MoveCases);
        cases.MapGet("/{id:long}/candidates", CaseCandidates.Rank).RequireAuthorization(Access.AssignCases);
        cases.MapPut("/{id:long}/published", Publish).RequireAuthorization(Access.PublishCases);
        cases.MapGet("/counts", CaseCounts.Count).RequireAuthorization(Access.ReadCases);
        cases.MapGet("/mine", Mine).RequireAuthorization(Access.ReportCases);
        cases.MapPost("/{id:long}/merge", (long id, MergeRequest body, Caller caller, CaseTransitions transitions, CancellationToken ct) =>
            transitions.MergeAsync(id, body, caller, ct)).RequireAuthorization(Access.MergeCases);
    }

    public sealed record CategoryView(string Code, string NameZh, string NameEn, string Urgency,
        int RegisterLimitMinutes, int DispatchLimitMinutes, int HandlingLimitHours, IReadOnlyList<string> Departments);
    public sealed record DepartmentView(string Code, string NameZh, string NameEn, int ConfirmLimitMinutes);
    /// <param name="Finished">Nothing more happens to a case in this status (<see cref="CaseWorkflow.IsTerminal"/>).</param>
    /// <param name="AllowedActions">What each workflow role may do in this status (the buttons to show), roles with nothing left out.</param>
    /// <param name="Next">The status each move leads to: what a phone shows while its move waits to be sent.</param>
    public sealed record StatusView(string Code, string NameZh, string NameEn, bool Finished, IReadOnlyDictionary<string, string[]> AllowedActions,
        IReadOnlyDictionary<string, string> Next);
    /// <param name="Statuses">Every status, open ones first, in the order of the case loop.</param>
    public sealed record CatalogueView(IReadOnlyList<CategoryView> Categories, IReadOnlyList<DepartmentView> Departments, IReadOnlyList<StatusView> Statuses);

    static Ok<CatalogueView> Categories(CaseCatalogue catalogue) => TypedResults.Ok(new CatalogueView(
        [.. catalogue.Categories.Select(c => new CategoryView(c.Code, c.NameZh, c.NameEn, c.Urgency == Urgency.Urgent ? "urgent" : "normal",
            c.RegisterLimitMinutes, c.DispatchLimitMinutes, c.HandlingLimitHours, c.Departments))],
        [.. catalogue.Departments.Select(d => new DepartmentView(d.Code, d.NameZh, d.NameEn, d.ConfirmLimitMinutes))],
        [.. Enum.GetValues<CaseStatus>().OrderBy(CaseWorkflow.IsTerminal).Select(s => new StatusView(
            s.Code(), CaseStatusNames.Of(s).Zh, CaseStatusNames.Of(s).En, CaseWorkflow.IsTerminal(s),
            Enum.GetValues<CaseActor>()
                .Select(role => (role, actions: CaseWorkflow.AllowedActions(s, role)))
                .Where(x => x.actions.Count > 0)
                .ToDictionary(x => x.role.Code(), x => x.actions.Select(a => a.Code()).ToArray()),
            CaseWorkflow.Transitions.Where(t => t.From == s).ToDictionary(t => t.Action.Code(), t => t.To.Code())))]));

    /// <summary>
    /// Cases the caller sees (<see cref="CaseAccess"/>) as GeoJSON points for the map, each Feature's
    /// properties the case as <c>GET /api/cases/{id}</c> and the live push show it, filtered by
    /// <see cref="CaseFilter"/>, its area's level read first. Newest first, a page at a time: <c>after</c> is the last (oldest) case
    /// of the previous page.
    /// </summary>
    static async Task<Results<FeatureStream, ValidationProblem>> List(NpgsqlDataSource db, Caller caller, CaseCatalogue catalogue, long? areaId, string? status, string? category,
        DateTimeOffset? from, DateTimeOffset? to, bool? overdue, string? bbox, string? limit, string? after, CancellationToken ct)
    {
        var (filter, filterError) = CaseFilter.Parse(catalogue, areaId, status, category, from, to, overdue);
        if (filterError is not null) return filterError;
        var ((box, page), listError) = ListQuery.Parse(bbox, limit, after);
        if (listError is not null) return listError;
        filter = await filter!.WithAreaLevelAsync(db, ct);
        return new FeatureStream(db, page, $$"""
            SELECT s.id, '{"type":"Feature","id":' || s.id || ',"geometry":' || ST_AsGeoJSON(s.location, 7)
                         || ',"properties":' || s.snapshot::text || '}'
            FROM case_snapshots s
            WHERE {{CaseFilter.Sql("s.")}} AND {{Bbox.Filter("s.location")}} AND {{CaseAccess.Filter("s.")}} AND {{Page.Filter("s.id", descending: true)}}
            {{Page.OrderAndLimit("s.id", descending: true)}}
            """, [.. filter.Parameters, .. Bbox.Parameters(box), .. CaseAccess.Parameters(caller), .. Page.Parameters(page)]);
    }

    /// <summary>
    /// The filters of the cases list, as SQL on <c>case_snapshots s</c> (<see cref="CaseFilter"/>), its
    /// area's level read, for its export and the hot spots.
    /// </summary>
    public static async Task<(string Sql, (string, object?)[] Parameters, ValidationProblem? Error)> FiltersAsync(NpgsqlDataSource db,
        CaseCatalogue catalogue, long? areaId, string? status, string? category, DateTimeOffset? from, DateTimeOffset? to, bool? overdue, CancellationToken ct)
    {
        var (filter, error) = CaseFilter.Parse(catalogue, areaId, status, category, from, to, overdue);
        return error is not null ? ("", [], error) : (CaseFilter.Sql("s."), (await filter!.WithAreaLevelAsync(db, ct)).Parameters, null);
    }

    /// <summary>
    /// The cases the caller reported itself (a reporter's "my reports"), newest first, a page at a
    /// time as <c>GET /api/cases</c>, each Feature's properties the case's snapshot; with them the
    /// originals its reports were merged into as duplicates, so the reporter follows the original.
    /// </summary>
    static Results<FeatureStream, ValidationProblem> Mine(NpgsqlDataSource db, Caller caller, string? limit, string? after)
    {
        var (page, error) = Page.Parse(limit, after);
        if (error is not null) return error;
        return new FeatureStream(db, page, $$"""
            SELECT s.id, '{"type":"Feature","id":' || s.id || ',"geometry":' || ST_AsGeoJSON(s.location, 7)
                         || ',"properties":' || s.snapshot::text || '}'
            FROM case_snapshots s
            WHERE s.id IN ({{CaseAccess.OwnReports("@me")}})
              AND {{Page.Filter("s.id", descending: true)}}
            {{Page.OrderAndLimit("s.id", descending: true)}}
            """, [("me", caller.UserId), .. Page.Parameters(page)]);
    }

    /// <summary>
    /// Residents (and admins) report anywhere; staff report in their own area. The answer is the
    /// case as <c>GET /api/cases/{id}</c> shows it. Staff may send <c>"source": "patrol"</c> for
    /// what they found on patrol (巡查上报): GB/T 30428 lets staff reports skip 立案, so the case is
    /// registered at once and answered as registered.
    /// </summary>
    static async Task<Results<Created<JsonElement>, ValidationProblem, ProblemHttpResult>> Report(
        CaseReport body, Caller caller, CaseIntake intake, CaseTransitions transitions, NpgsqlDataSource data, CancellationToken ct)
    {
        var errors = intake.Check(body);
        var patrol = body.Source == CaseIntake.PatrolSource;
        if (body.Source is not null && !patrol) errors["source"] = [$"source is '{CaseIntake.PatrolSource}' (a staff member's patrol report) or left out"];
        else if (patrol && caller.Role is not (Role.Admin or Role.CommandCentre or Role.GridLeader or Role.GridWorker))
            errors["source"] = ["only staff file patrol reports"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (caller.Role is not (Role.Admin or Role.Reporter) && await AreaScope.CoversPointAsync(data, caller, body.Lon!.Value, body.Lat!.Value, ct) is false)
            return Problems.OutsideArea($"The point {body.Lon}, {body.Lat} is not in your area.");
        if (await intake.FileAsync(body, patrol ? CaseIntake.PatrolSource : "api", ct, caller.UserId) is not { } c)
            return TypedResults.Problem(title: "Outside all areas", statusCode: StatusCodes.Status422UnprocessableEntity,
                detail: $"The point {body.Lon}, {body.Lat} lies in no area of this district, so no grid can take the case.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["lon"] = ["the point lies outside every area"] } });
        var id = c.GetProperty("id").GetInt64();
        if (patrol) c = await transitions.RegisterPatrolAsync(id, caller, ct);
        return TypedResults.Created($"/api/cases/{id}", c);
    }

    /// <summary>The case as the caller may read it (Data/Sql/case_snapshots.sql).</summary>
    static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> Get(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
        await CaseAccess.ReadAsync(db, caller, id, ct) is { } c ? TypedResults.Ok(c) : Problems.NotFound("case", $"There is no case {id}.");

    /// <param name="Published">true: the public Open311 listing may show the case's description; false: it shows none.</param>
    public sealed record PublishRequest(bool? Published);

    /// <summary>
    /// Marks a case in the caller's area public or not. A change is recorded in the audit trail
    /// (actions publish, unpublish); setting what is already set records nothing. Not a workflow
    /// move: the version stays.
    /// </summary>
    static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> Publish(
        long id, PublishRequest body, Caller caller, GridMapDb db, NpgsqlDataSource data, CancellationToken ct)
    {
        if (body.Published is not { } published)
            return Problems.Invalid("published", "published is required: true to show the description publicly, false to stop showing it");
        if (!await CaseAccess.SeesAsync(data, caller, id, ct)) return Problems.NotFound("case", $"There is no case {id}.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Cases.Where(c => c.Id == id && c.Published != published)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Published, published), ct);
        var (actor, role, action) = (caller.Username, caller.Role.Code(), published ? "publish" : "unpublish");
        var view = changed > 0
            ? await db.Database.SqlQuery<string>($"""
                SELECT append_case_event({id}, {actor}, {role}, {action}, status)::text AS "Value" FROM cases WHERE id = {id}
                """).SingleAsync(ct)
            : await db.Database.SqlQuery<string>($"""SELECT snapshot::text AS "Value" FROM case_snapshots WHERE id = {id}""").SingleAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(CaseAccess.Json(view));
    }

    /// <summary>One entry of the audit trail: who did what, when, from which status to which, and where.</summary>
    public sealed record CaseEventView(long Seq, DateTimeOffset At, string Actor, string ActorRole, string Action,
        string? FromStatus, string ToStatus, string? Note, double? Lon, double? Lat);

    /// <summary>The audit trail, oldest first. A resident who reported is named only to roles that may read personal data.</summary>
    static async Task<Results<Ok<List<CaseEventView>>, ProblemHttpResult>> Events(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            SELECT e.seq, e.at, CASE WHEN e.actor_role = 'reporter' AND e.actor <> c.source THEN mask_name(e.actor, @seesPersonalData) ELSE e.actor END,
                   e.actor_role, e.action, e.from_status, e.to_status, e.note, ST_X(e.location), ST_Y(e.location)
            FROM cases c LEFT JOIN case_events e ON e.case_id = c.id
            WHERE c.id = @id AND {CaseAccess.Filter("c.")} ORDER BY e.seq
            """, [("id", id), .. CaseAccess.Parameters(caller), ("seesPersonalData", caller.SeesPersonalData)]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return Problems.NotFound("case", $"There is no case {id}.");
        var events = new List<CaseEventView>();
        do
        {
            if (r.IsDBNull(0)) break;
            events.Add(new(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                r.IsDBNull(8) ? null : r.GetDouble(8), r.IsDBNull(9) ? null : r.GetDouble(9)));
        } while (await r.ReadAsync(ct));
        return TypedResults.Ok(events);
    }
}
