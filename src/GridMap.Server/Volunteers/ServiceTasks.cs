using GridMap.Server.Visits;

namespace GridMap.Server.Volunteers;

/// <summary>
/// A community's service tasks (服务项目) for its registered Party members: published by the
/// community's staff, picked by members (recorded by the staff for them), and the hours each member
/// served on each, recorded once the task has taken place. Seen by those whose area holds the community.
/// </summary>
public static class ServiceTasks
{
    /// <summary>The newest tasks a read returns.</summary>
    public const int MaxListed = 500;

    /// <param name="Version">An edit's: the version of the task the editor read.</param>
    public sealed record TaskInput(string? Title, string? HeldOn, string? Place, int? Version = null);

    static readonly EditedRecords Records = new("service_tasks", "community_id", "service task");

    /// <summary>A pick of a task; with <c>hours</c>, the hours served on it (up to 24, one decimal).</summary>
    public sealed record ServiceInput(decimal? Hours);

    /// <summary>A task as the API shows it (alias <c>t</c>), its members masked by <c>@seesPersonalData</c>.</summary>
    const string View = """
        jsonb_build_object('id', t.id, 'communityId', t.community_id, 'title', t.title, 'heldOn', t.held_on, 'place', t.place,
            'publishedAt', api_time(t.published_at), 'publishedBy', t.published_by, 'version', t.version,
            'volunteers', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', v.id, 'name', mask_name(v.name, @seesPersonalData), 'hours', s.hours)
                                                     ORDER BY v.id), '[]')
                           FROM service_signups s JOIN volunteers v ON v.id = s.volunteer_id WHERE s.task_id = t.id))
        """;

    static string Community => $"SELECT a.id FROM areas a WHERE a.id = @id AND a.level = 'community' AND {AreaScope.Filter("a.id")}";

    static ProblemHttpResult NoCommunity(long id) => Problems.NotFound("community", $"There is no community {id}.");

    /// <summary>The community's tasks, newest first (at most <see cref="MaxListed"/>); an unmasked read of their members is recorded.</summary>
    public static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> List(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        (string, object?)[] parameters = [("id", id), AreaScope.Parameter(caller)];
        var tasks = $"SELECT t.id FROM service_tasks t WHERE t.community_id IN ({Community}) ORDER BY t.held_on DESC, t.id DESC LIMIT {MaxListed}";
        if (caller.SeesPersonalData)
            await PersonalDataReads.RecordVolunteersAsync(db, caller, "GET /api/communities/{id}/service-tasks",
                $"SELECT DISTINCT s.volunteer_id AS id FROM service_signups s WHERE s.task_id IN ({tasks})", parameters, ct);
        await using var cmd = db.Command($"""
            SELECT (SELECT coalesce(jsonb_agg({View} ORDER BY t.held_on DESC, t.id DESC), '[]') FROM service_tasks t WHERE t.id IN ({tasks}))::text
            FROM ({Community}) c
            """, [.. parameters, ("seesPersonalData", caller.SeesPersonalData)]);
        return await cmd.ExecuteScalarAsync(ct) is string json ? TypedResults.Ok(Cases.CaseAccess.Json(json)) : NoCommunity(id);
    }

    static DateOnly Check(Dictionary<string, string[]> errors, TaskInput body, bool edit)
    {
        RecordFields.Required(errors, "title", body.Title, RecordFields.MaxName);
        var heldOn = VisitsApi.Day(errors, "heldOn", body.HeldOn);
        RecordFields.Required(errors, "place", body.Place, RecordFields.MaxName);
        if (edit) RecordFields.Version(errors, body.Version);
        return heldOn;
    }

    public static async Task<Results<Created<JsonElement>, ValidationProblem, ProblemHttpResult>> Publish(
        long id, TaskInput body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var heldOn = Check(errors, body, edit: false);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, caller.Username, "publish task", ct);
        await using var insert = conn.Command($"""
            WITH t AS (
                INSERT INTO service_tasks (community_id, title, held_on, place, published_by)
                SELECT c.id, @title, @heldOn, @place, @publishedBy FROM ({Community}) c RETURNING *)
            SELECT ({View})::text FROM t
            """, ("id", id), AreaScope.Parameter(caller), ("title", body.Title!.Trim()), ("heldOn", heldOn), ("place", body.Place!.Trim()),
            ("publishedBy", caller.Username), ("seesPersonalData", caller.SeesPersonalData));
        if (await insert.ExecuteScalarAsync(ct) is not string json) return NoCommunity(id);
        await tx.CommitAsync(ct);
        var task = Cases.CaseAccess.Json(json);
        return TypedResults.Created($"/api/communities/{id}/service-tasks", task);
    }

    public sealed record Service(long TaskId, long VolunteerId, decimal? Hours);

    /// <summary>
    /// <c>PUT /api/service-tasks/{id}/volunteers/{volunteerId}</c>: the member picks the task, or
    /// (with <c>hours</c>) served so many hours on it. The member must be registered with the task's community.
    /// </summary>
    public static async Task<Results<Ok<Service>, ValidationProblem, ProblemHttpResult>> Serve(
        long id, long volunteerId, ServiceInput body, Caller caller, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        if (body.Hours is { } h && (h <= 0 || h > 24 || decimal.Round(h, 1) != h))
            return Problems.Invalid("hours", "hours must be more than 0 and at most 24, to one decimal place");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, caller.Username, "service hours", ct);
        DateOnly heldOn;
        await using (var task = conn.Command($"""
            SELECT t.held_on, EXISTS (SELECT 1 FROM volunteers v WHERE v.id = @volunteerId AND v.community_id = t.community_id AND v.retired_at IS NULL)
            FROM service_tasks t JOIN areas a ON a.id = t.community_id WHERE t.id = @id AND {AreaScope.Filter("a.id")} FOR SHARE OF t
            """, ("id", id), ("volunteerId", volunteerId), AreaScope.Parameter(caller)))
        await using (var r = await task.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return Problems.NotFound("service task", $"There is no service task {id}.");
            if (!r.GetBoolean(1)) return Problems.NotFound("Party member", $"There is no Party member {volunteerId} registered with the task's community.");
            heldOn = r.GetFieldValue<DateOnly>(0);
        }
        if (body.Hours is not null && heldOn > VisitsApi.Today(time))
            return Problems.Invalid("hours", $"the task is held on {heldOn:yyyy-MM-dd}; hours are recorded once it has taken place");
        await using var upsert = conn.Command("""
            INSERT INTO service_signups (task_id, volunteer_id, hours, recorded_by) VALUES (@id, @volunteerId, @hours, @recordedBy)
            ON CONFLICT (task_id, volunteer_id) DO UPDATE SET hours = excluded.hours, recorded_by = excluded.recorded_by
            """, ("id", id), ("volunteerId", volunteerId), ("hours", body.Hours), ("recordedBy", caller.Username));
        await upsert.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new Service(id, volunteerId, body.Hours));
    }

    /// <summary>
    /// <c>PUT /api/service-tasks/{id}</c>: a task's title, day and place corrected, with the version
    /// the editor read. A task with hours recorded stays on a day that has come: hours are served, not promised.
    /// </summary>
    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> Edit(
        long id, TaskInput body, Caller caller, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var heldOn = Check(errors, body, edit: true);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        await using var edit = await RecordEdit.BeginAsync(db, caller, ct);
        if (await edit.LockAsync(Records, id, body.Version!.Value, ct) is { } refused) return refused;
        if (heldOn > VisitsApi.Today(time))
        {
            await using var served = edit.Connection.Command("SELECT EXISTS (SELECT 1 FROM service_signups WHERE task_id = @id AND hours IS NOT NULL)", ("id", id));
            if (await served.ExecuteScalarAsync(ct) is true)
                return Problems.Invalid("heldOn", $"hours are recorded on this task: it cannot be moved to {heldOn:yyyy-MM-dd}, after today");
        }
        var json = await edit.SaveAsync($"""
            WITH t AS (UPDATE service_tasks SET title = @title, held_on = @heldOn, place = @place WHERE id = @id RETURNING *)
            SELECT ({View})::text FROM t
            """, [("id", id), ("title", body.Title!.Trim()), ("heldOn", heldOn), ("place", body.Place!.Trim()), ("seesPersonalData", caller.SeesPersonalData)],
            r => r.GetString(0), ct);
        return TypedResults.Ok(Cases.CaseAccess.Json(json));
    }

    /// <summary>
    /// <c>DELETE /api/service-tasks/{id}?version=N</c>: a task published by mistake or that did not take
    /// place is deleted with its picks and the hours recorded on it, so no member's hours and no
    /// community's figures count a task that is not on record; data_changes keeps each row as it was.
    /// </summary>
    public static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Retire(
        long id, string? version, Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
        RecordEdit.RetireAsync(db, caller, Records, id, version, """
            DELETE FROM service_signups WHERE task_id = @id;
            DELETE FROM service_tasks WHERE id = @id;
            """, ct);
}
