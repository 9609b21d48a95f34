using GridMap.Server.Visits;

namespace GridMap.Server.Volunteers;

/// <summary>
/// 双报到: in-service Party members (在职党员) registered with the community they live in. A member
/// is seen by those whose area holds the community, or the grid of the member's own household;
/// names and phones are masked as households' are, and every unmasked read is recorded. The
/// community's staff register members (<see cref="Access.ManageVolunteers"/>); per community, the
/// figures count members and hours served without naming anyone.
/// </summary>
public static class VolunteersApi
{
    public static void MapVolunteers(this IEndpointRouteBuilder app)
    {
        var volunteers = app.MapGroup("/api/volunteers").WithTags("volunteers");
        volunteers.MapGet("/", List).RequireAuthorization(Access.Volunteers);
        volunteers.MapRecordEdits(Access.ManageVolunteers, Register, Edit, Retire);
        volunteers.MapGet("/figures", Figures).RequireAuthorization(Access.Aggregates);
        var tasks = app.MapGroup("/api/communities/{id:long}/service-tasks").WithTags("volunteers");
        tasks.MapGet("/", ServiceTasks.List).RequireAuthorization(Access.Volunteers);
        tasks.MapPost("/", ServiceTasks.Publish).RequireAuthorization(Access.ManageVolunteers);
        app.MapPut("/api/service-tasks/{id:long}/volunteers/{volunteerId:long}", ServiceTasks.Serve).WithTags("volunteers")
            .RequireAuthorization(Access.ManageVolunteers);
        app.MapGet("/api/households/{id:long}/service-record", ServiceRecord).WithTags("volunteers").RequireAuthorization(Access.ServiceRecords);
        var task = app.MapGroup("/api/service-tasks").WithTags("volunteers");
        task.MapPut("/{id:long}", ServiceTasks.Edit).RequireAuthorization(Access.ManageVolunteers);
        task.MapDelete("/{id:long}", ServiceTasks.Retire).RequireAuthorization(Access.ManageVolunteers);
    }

    /// <param name="HouseholdId">The member's own Party-member household, in the community.</param>
    /// <param name="Version">An edit's: the version of the member the editor read.</param>
    public sealed record VolunteerInput(string? Name, string? Phone, string? WorkUnit, long? CommunityId, long? HouseholdId, int? Version = null);

    /// <summary>Members the caller sees (alias <c>v</c>, with the member's household as <c>h</c>): by the community or the household's grid; retired ones are history only.</summary>
    static string Visible => $"(v.retired_at IS NULL AND ({AreaScope.Filter("v.community_id")} OR {AreaScope.Filter("h.grid_id")}))";

    /// <summary>Members the community's staff edit: registered with a community of their area, not retired.</summary>
    static readonly EditedRecords Records = new("volunteers", "community_id", "Party member", "retired_at IS NULL");

    /// <summary>A member as the API shows it (alias <c>v</c>), masked by <c>@seesPersonalData</c>, with visits made and hours served.</summary>
    internal const string View = """
        jsonb_build_object('id', v.id, 'name', mask_name(v.name, @seesPersonalData), 'phone', mask_phone(v.phone, @seesPersonalData),
            'workUnit', v.work_unit, 'communityId', v.community_id, 'householdId', v.household_id, 'registeredAt', api_time(v.registered_at),
            'version', v.version,
            'visitsMade', (SELECT count(*) FROM visits x WHERE x.visitor_volunteer_id = v.id),
            'hoursServed', (SELECT coalesce(sum(s.hours), 0) FROM service_signups s WHERE s.volunteer_id = v.id))
        """;

    /// <summary>A page of the members the caller sees, in id order; <c>links</c> has the next page's.</summary>
    static async Task<Results<Ok<JsonElement>, ValidationProblem>> List(
        NpgsqlDataSource db, Caller caller, long? communityId, string? limit, string? after, CancellationToken ct)
    {
        var (page, pageError) = Page.Parse(limit, after);
        if (pageError is not null) return pageError;
        (string, object?)[] parameters = [AreaScope.Parameter(caller), ("communityId", communityId), .. Page.Parameters(page)];
        var visible = $"""
            SELECT v.id FROM volunteers v LEFT JOIN households h ON h.id = v.household_id
            WHERE {Visible} AND (@communityId::bigint IS NULL OR v.community_id = @communityId) AND {Page.Filter("v.id")}
            {Page.OrderAndLimit("v.id")}
            """;
        if (caller.SeesPersonalData)
            await PersonalDataReads.RecordVolunteersAsync(db, caller, "GET /api/volunteers", $"SELECT id FROM ({visible}) p ORDER BY id LIMIT @rows - 1", parameters, ct);
        await using var cmd = db.Command($"""
            WITH page AS ({visible})
            SELECT (SELECT coalesce(jsonb_agg({View} ORDER BY v.id), '[]') FROM volunteers v
                    WHERE v.id IN (SELECT id FROM page ORDER BY id LIMIT @rows - 1))::text,
                   (SELECT count(*) FROM page)
            """, [.. parameters, ("seesPersonalData", caller.SeesPersonalData)]);
        string json;
        long found;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (json, found) = (r.GetString(0), r.GetInt64(1));
        }
        var items = Json(json);
        var links = new List<object>();
        if (found > page.Limit)
        {
            var last = items.EnumerateArray().Last().GetProperty("id").GetInt64();
            var next = $"/api/volunteers?limit={page.Limit}&after={last}" + (communityId is { } c ? $"&communityId={c}" : "");
            links.Add(new { rel = "next", href = next });
        }
        return TypedResults.Ok(JsonSerializer.SerializeToElement(new { volunteers = items, numberReturned = items.GetArrayLength(), links }));
    }

    static JsonElement Json(string json) => Cases.CaseAccess.Json(json);

    static Dictionary<string, string[]> Check(VolunteerInput body, bool edit)
    {
        var errors = new Dictionary<string, string[]>();
        RecordFields.Required(errors, "name", body.Name, RecordFields.MaxName);
        if (string.IsNullOrWhiteSpace(body.Phone)) errors["phone"] = ["phone is required"];
        else RecordFields.Phone(errors, body.Phone);
        RecordFields.Required(errors, "workUnit", body.WorkUnit, RecordFields.MaxName);
        if (body.CommunityId is not > 0) errors["communityId"] = ["communityId is required: the community the member lives in"];
        if (edit) RecordFields.Version(errors, body.Version);
        return errors;
    }

    /// <summary>The community must be one of the caller's area, and the member's household (if named) in it: else the field refused.</summary>
    static async Task<ValidationProblem?> PlaceAsync(NpgsqlConnection conn, Caller caller, VolunteerInput body, CancellationToken ct)
    {
        await using (var community = conn.Command($"""
            SELECT EXISTS (SELECT 1 FROM areas a WHERE a.id = @communityId AND a.level = 'community' AND {AreaScope.Filter("a.id")})
            """, ("communityId", body.CommunityId), AreaScope.Parameter(caller)))
            if (await community.ExecuteScalarAsync(ct) is not true)
                return Problems.Invalid("communityId", $"there is no community {body.CommunityId} in your area");
        if (body.HouseholdId is { } household)
        {
            await using var inCommunity = conn.Command($"""
                SELECT EXISTS (SELECT 1 FROM households h JOIN areas g ON g.id = h.grid_id
                               WHERE h.id = @household AND g.parent_id = @communityId AND {AreaScope.Filter("h.grid_id")})
                """, ("household", household), ("communityId", body.CommunityId), AreaScope.Parameter(caller));
            if (await inCommunity.ExecuteScalarAsync(ct) is not true)
                return Problems.Invalid("householdId", $"there is no household {household} in community {body.CommunityId}");
        }
        return null;
    }

    static (string, object?)[] Values(VolunteerInput body, Caller caller) =>
        [("name", body.Name!.Trim()), ("phone", body.Phone!.Trim()), ("workUnit", body.WorkUnit!.Trim()), ("communityId", body.CommunityId),
         ("householdId", body.HouseholdId), ("seesPersonalData", caller.SeesPersonalData)];

    static async Task<Results<Created<JsonElement>, ValidationProblem, ProblemHttpResult>> Register(
        VolunteerInput body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (Check(body, edit: false) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, caller.Username, "register", ct);
        if (await PlaceAsync(conn, caller, body, ct) is { } refused) return refused;
        await using var insert = conn.Command($"""
            WITH v AS (
                INSERT INTO volunteers (name, phone, work_unit, community_id, household_id, registered_by)
                VALUES (@name, @phone, @workUnit, @communityId, @householdId, @registeredBy) RETURNING *)
            SELECT ({View})::text FROM v
            """, [.. Values(body, caller), ("registeredBy", caller.Username)]);
        var json = (string)(await insert.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        var created = Json(json);
        return TypedResults.Created($"/api/volunteers/{created.GetProperty("id").GetInt64()}", created);
    }

    /// <summary>
    /// <c>PUT /api/volunteers/{id}</c>: a member's record corrected (every field, and the version the
    /// editor read). A member who moves to another community of the area keeps the visits made and
    /// the hours served on the old community's tasks: they were served there.
    /// </summary>
    static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> Edit(
        long id, VolunteerInput body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (Check(body, edit: true) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        await using var edit = await RecordEdit.BeginAsync(db, caller, ct);
        if (await edit.LockAsync(Records, id, body.Version!.Value, ct) is { } refused) return refused;
        if (await PlaceAsync(edit.Connection, caller, body, ct) is { } invalid) return invalid;
        var json = await edit.SaveAsync($"""
            WITH v AS (
                UPDATE volunteers SET name = @name, phone = @phone, work_unit = @workUnit, community_id = @communityId, household_id = @householdId
                WHERE id = @id RETURNING *)
            SELECT ({View})::text FROM v
            """, [.. Values(body, caller), ("id", id)], r => r.GetString(0), ct);
        return TypedResults.Ok(Json(json));
    }

    /// <summary>
    /// <c>DELETE /api/volunteers/{id}?version=N</c>: the member is no longer registered. The row stays
    /// (retired), because the visits they made and the hours they served are history that figures count.
    /// </summary>
    static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Retire(
        long id, string? version, Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
        RecordEdit.RetireAsync(db, caller, Records, id, version, "UPDATE volunteers SET retired_at = now() WHERE id = @id", ct);

    /// <param name="Registered">Members registered with the community.</param>
    /// <param name="Serving">Of them, those with hours recorded on tasks held in the period.</param>
    public sealed record CommunityFigures(long Id, string Code, string Name, int Registered, int Serving, int Tasks, decimal Hours);

    public sealed record FiguresView(long? AreaId, DateOnly From, DateOnly To, IReadOnlyList<CommunityFigures> Communities);

    /// <summary>Per community of the area: members registered, and tasks held and hours served from <c>from</c> to <c>to</c> (default: the last 90 days).</summary>
    static async Task<Results<Ok<FiguresView>, ValidationProblem, ProblemHttpResult>> Figures(
        NpgsqlDataSource db, Caller caller, TimeProvider time, long? areaId, string? from, string? to, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var today = VisitsApi.Today(time);
        var end = to is null ? today : VisitsApi.Day(errors, "to", to);
        var start = from is null ? end.AddDays(-89) : VisitsApi.Day(errors, "from", from);
        if (errors.Count == 0 && start > end) errors["from"] = ["from must be on or before to"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (areaId is { } asked && !await AreaScope.CoversAreaAsync(db, caller, asked, ct)) return Problems.OutsideArea($"Area {asked} is not in your area.");
        var area = areaId ?? caller.AreaId;

        await using var cmd = db.Command($"""
            SELECT a.id, a.code, a.name,
                   (SELECT count(*) FROM volunteers v WHERE v.community_id = a.id AND v.retired_at IS NULL),
                   (SELECT count(DISTINCT s.volunteer_id) FROM service_tasks t JOIN service_signups s ON s.task_id = t.id
                    WHERE t.community_id = a.id AND t.held_on BETWEEN @from AND @to AND s.hours IS NOT NULL),
                   (SELECT count(*) FROM service_tasks t WHERE t.community_id = a.id AND t.held_on BETWEEN @from AND @to),
                   (SELECT coalesce(sum(s.hours), 0) FROM service_tasks t JOIN service_signups s ON s.task_id = t.id
                    WHERE t.community_id = a.id AND t.held_on BETWEEN @from AND @to)
            FROM areas a
            WHERE a.level = 'community' AND {AreaScope.Filter("a.id")} AND (@area::bigint IS NULL OR a.id IN (SELECT area_subtree(@area)))
            ORDER BY a.code
            """, ("from", start), ("to", end), ("area", area), AreaScope.Parameter(caller));
        var communities = new List<CommunityFigures>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                communities.Add(new(r.GetInt64(0), r.GetString(1), r.GetString(2), (int)r.GetInt64(3), (int)r.GetInt64(4), (int)r.GetInt64(5), r.GetDecimal(6)));
        return TypedResults.Ok(new FiguresView(area, start, end, communities));
    }

    /// <summary>
    /// A Party-member household's badge (亮身份: its kind) and the service record of the members
    /// registered from it: visits made, hours served; and the visits it received in the last 30 and 90 days.
    /// </summary>
    static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> ServiceRecord(
        long id, Caller caller, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        (string, object?)[] parameters = [("id", id), AreaScope.Parameter(caller)];
        var household = $"SELECT id FROM households WHERE id = @id AND {AreaScope.Filter("grid_id")}";
        if (caller.SeesPersonalData)
            await PersonalDataReads.RecordVolunteersAsync(db, caller, "GET /api/households/{id}/service-record",
                $"SELECT v.id FROM volunteers v WHERE v.household_id IN ({household}) AND v.retired_at IS NULL", parameters, ct);
        var today = VisitsApi.Today(time);
        await using var cmd = db.Command($"""
            SELECT jsonb_build_object('householdId', h.id, 'kind', h.kind,
                'members', (SELECT coalesce(jsonb_agg({View} ORDER BY v.id), '[]') FROM volunteers v WHERE v.household_id = h.id AND v.retired_at IS NULL),
                'visitsReceived', jsonb_build_object(
                    'last30Days', (SELECT count(*) FROM visits x WHERE x.household_id = h.id AND x.visited_on > @today - 30),
                    'last90Days', (SELECT count(*) FROM visits x WHERE x.household_id = h.id AND x.visited_on > @today - 90)))::text
            FROM households h WHERE h.id IN ({household})
            """, [.. parameters, ("seesPersonalData", caller.SeesPersonalData), ("today", today)]);
        return await cmd.ExecuteScalarAsync(ct) is string json ? TypedResults.Ok(Json(json))
            : Problems.NotFound("household", $"There is no household {id}.");
    }
}
