namespace GridMap.Server.Staff;

/// <summary>
/// Adding, editing and retiring grid staff (<see cref="Access.EditStaff"/>) whose home grid is in
/// the caller's area. Retiring keeps the row, since cases and users point at it: it is marked
/// <c>retired_at</c>, loses its position and duty (a constraint holds that), so it drops out of
/// every map, list, tile and candidate list, which show located staff only, and can be neither
/// dispatched nor located again. Someone with unfinished cases is not retired until they are handed on.
/// </summary>
public static class StaffEdits
{
    public sealed record StaffInput(string? Name, string? Role, long? HomeGridId, string? Phone, bool? OnDuty, int? Version) : IRecordInput;

    public sealed record StaffEdited(long Id, int Version, long HomeGridId) : IEditedRecord;

    /// <summary>staff.role: 网格长, 网格员, 下沉党员.</summary>
    public static readonly string[] Roles = ["grid_leader", "grid_worker", "party_member"];

    static readonly EditedRecords Records = new("staff", "home_grid_id", "staff member", Editable: "retired_at IS NULL");

    static Dictionary<string, string[]> Check(StaffInput s, bool edit)
    {
        var errors = new Dictionary<string, string[]>();
        RecordFields.Required(errors, "name", s.Name, RecordFields.MaxName);
        RecordFields.OneOf(errors, "role", s.Role, Roles);
        if (s.HomeGridId is null) errors["homeGridId"] = ["homeGridId is required: the Party grid the staff member belongs to"];
        RecordFields.Phone(errors, s.Phone);
        if (s.OnDuty is null) errors["onDuty"] = ["onDuty is required: true or false"];
        if (edit) RecordFields.Version(errors, s.Version);
        return errors;
    }

    /// <summary>Adding (<c>POST /</c>) and replacing (<c>PUT /{id}</c>).</summary>
    public static readonly RecordWrites<StaffInput, StaffEdited> Writes = new(Records, "/api/staff", Check, CheckHomeGridAsync,
        Insert: """
            INSERT INTO staff (name, role, home_grid_id, phone, on_duty) VALUES (@name, @role, @grid, @phone, @onDuty)
            RETURNING id, version, home_grid_id
            """,
        Update: """
            UPDATE staff SET name = @name, role = @role, home_grid_id = @grid, phone = @phone, on_duty = @onDuty WHERE id = @id
            RETURNING id, version, home_grid_id
            """,
        Values, Read);

    /// <summary><c>DELETE /api/staff/{id}?version=N</c>: the staff member leaves grid work.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Retire(
        long id, string? version, Caller caller, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        if (RecordFields.ParseVersion(version) is not { } seen) return RecordFields.MissingVersion();
        await using var edit = await RecordEdit.BeginAsync(db, caller, ct);
        if (await edit.LockAsync(Records, id, seen, ct) is { } refused) return refused;
        await using (var open = edit.Connection.Command("SELECT count(*) FROM cases WHERE assignee_id = @id AND NOT case_finished(status)", ("id", id)))
            if (await open.ExecuteScalarAsync(ct) is long n and > 0)
                return TypedResults.Problem(title: "Cases still open", statusCode: StatusCodes.Status409Conflict,
                    detail: $"Staff member {id} has {n} unfinished case(s); hand them to someone else before retiring them.");
        await edit.SaveAsync("UPDATE staff SET retired_at = @now, location = NULL, located_at = NULL, on_duty = false WHERE id = @id",
            [("id", id), ("now", time.GetUtcNow())], ct);
        return TypedResults.NoContent();
    }

    static (string, object?)[] Values(StaffInput s) =>
        [("name", s.Name!.Trim()), ("role", s.Role), ("grid", s.HomeGridId), ("phone", RecordFields.Clean(s.Phone)), ("onDuty", s.OnDuty)];

    /// <summary>
    /// A staff member belongs to a Party grid of the caller's area; the same answer for a grid
    /// outside it as for none, as which grids exist elsewhere is not the caller's to learn.
    /// </summary>
    static async Task<ProblemHttpResult?> CheckHomeGridAsync(RecordEdit edit, StaffInput s, CancellationToken ct)
    {
        await using var cmd = edit.Connection.Command($"SELECT {AreaScope.Filter("id")} FROM areas WHERE id = @grid AND level = 'grid' AND layer = 'party'",
            ("grid", s.HomeGridId), AreaScope.Parameter(edit.Caller));
        return await cmd.ExecuteScalarAsync(ct) is true ? null : Problems.InvalidFields(["homeGridId"], "homeGridId must be a Party grid of your area");
    }

    static StaffEdited Read(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2));
}
