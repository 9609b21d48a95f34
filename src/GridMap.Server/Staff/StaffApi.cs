namespace GridMap.Server.Staff;

/// <summary>
/// Grid leaders, grid workers and Party members sunk into grids (下沉网格) whose home grid is in
/// the caller's area, at their last known location; phones masked unless the role needs them.
/// </summary>
public static class StaffApi
{
    public static void MapStaff(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff").WithTags("staff");
        staff.MapGet("/", List).RequireAuthorization(Access.Staff);
        staff.MapPut("/{id:long}/location", MoveTo).RequireAuthorization(Access.UpdateStaff);
        staff.MapPut("/{id:long}/duty", SetDuty).RequireAuthorization(Access.UpdateStaff);
        staff.MapRecordEdits(Access.EditStaff, StaffEdits.Writes, StaffEdits.Retire);
    }

    /// <summary>
    /// A page at a time in id order; <c>ids</c> keeps those named (<see cref="IdList"/>), <c>q</c>
    /// those found by id or name (<see cref="NameSearch"/>). The list is of located staff, except
    /// that a search also finds those not yet located (geometry null, never retired ones), so an
    /// editor can pick them and place them.
    /// </summary>
    static Results<FeatureStream, ValidationProblem> List(NpgsqlDataSource db, Caller caller, string? bbox, string? ids, string? q, string? limit, string? after)
    {
        var (list, listError) = RecordListQuery.Parse(ids, q, bbox, limit, after);
        if (listError is not null) return listError;
        // PostGIS writes a missing geometry as {"type": null}, which is no GeoJSON: null it is.
        return new FeatureStream(db, list.Page, $"""
            SELECT s.id, CASE WHEN s.location IS NULL THEN jsonb_set(ST_AsGeoJSON(s.*, 'location', 7)::jsonb, ARRAY['geometry'], 'null')::text
                              ELSE ST_AsGeoJSON(s.*, 'location', 7) END FROM (
                SELECT id, name, role, home_grid_id AS "homeGridId", mask_phone(phone, @seesPersonalData) AS phone, on_duty AS "onDuty",
                       api_time(located_at) AS "locatedAt", version, location
                FROM staff WHERE (location IS NOT NULL OR (@q::text IS NOT NULL AND retired_at IS NULL)) AND {AreaScope.Filter("home_grid_id")}
                  AND {RecordListQuery.Filter("location", "name")}
                {Page.OrderAndLimit("id")}) s
            """, [AreaScope.Parameter(caller), ("seesPersonalData", caller.SeesPersonalData), .. list.Parameters]);
    }

    public sealed record LocationUpdate(double? Lon, double? Lat);
    public sealed record DutyUpdate(bool? OnDuty);

    /// <summary>A staff member after an update; <c>gridId</c> is the grid they stand in now (may differ from their home grid).</summary>
    public sealed record StaffState(long Id, string Name, string Role, long HomeGridId, bool OnDuty, double? Lon, double? Lat, DateTimeOffset? LocatedAt, long? GridId);

    const string Returning = """
        RETURNING id, name, role, home_grid_id, on_duty, ST_X(location), ST_Y(location), located_at, grid_at(location)
        """;

    /// <summary>A phone or the command centre reports where someone is now; candidates for cases are ranked from it.</summary>
    static async Task<Results<Ok<StaffState>, ValidationProblem, ProblemHttpResult>> MoveTo(
        long id, LocationUpdate body, Caller caller, NpgsqlDataSource db, TimeProvider time, Cases.LiveSubscriptions live, CancellationToken ct)
    {
        if (PositionInput.Problems(body.Lon, body.Lat) is { Count: > 0 } invalid) return TypedResults.ValidationProblem(invalid);
        var (lon, lat) = (body.Lon!.Value, body.Lat!.Value);
        if (await MayUpdate(db, caller, id, ct) is { } refused) return refused;
        return await Update(db, id, $"UPDATE staff SET location = ST_SetSRID(ST_MakePoint(@lon, @lat), 4326), located_at = @now WHERE id = @id {Returning}",
            [("id", id), ("lon", lon), ("lat", lat), ("now", time.GetUtcNow())], live, ct);
    }

    /// <summary>On duty (在岗): only staff on duty are offered as candidates and may be dispatched.</summary>
    static async Task<Results<Ok<StaffState>, ValidationProblem, ProblemHttpResult>> SetDuty(long id, DutyUpdate body, Caller caller, NpgsqlDataSource db,
        Cases.LiveSubscriptions live, CancellationToken ct)
    {
        if (body.OnDuty is not { } onDuty) return Problems.Invalid("onDuty", "onDuty is required: true or false");
        if (await MayUpdate(db, caller, id, ct) is { } refused) return refused;
        return await Update(db, id, $"UPDATE staff SET on_duty = @onDuty WHERE id = @id {Returning}", [("id", id), ("onDuty", onDuty)], live, ct);
    }

    /// <summary>
    /// Staff whose home grid is in the caller's area; a grid worker only themselves. Staff of
    /// another area are answered as if they did not exist: who works where is not the caller's to learn.
    /// </summary>
    static async Task<ProblemHttpResult?> MayUpdate(NpgsqlDataSource db, Caller caller, long id, CancellationToken ct)
    {
        await using var cmd = db.Command($"SELECT {AreaScope.Filter("home_grid_id")} FROM staff WHERE id = @id AND retired_at IS NULL", ("id", id), AreaScope.Parameter(caller));
        if (await cmd.ExecuteScalarAsync(ct) is not true) return Problems.NotFound("staff member", $"There is no staff member {id}.");
        if (caller.Role == Role.GridWorker && caller.StaffId != id)
            return TypedResults.Problem(title: "Not yours", detail: "A grid worker updates only their own location and duty.", statusCode: StatusCodes.Status403Forbidden);
        return null;
    }

    /// <summary>Writes the update; live maps watching the staff member's home grid (or above) are told (<c>staffMoved</c>).</summary>
    static async Task<Results<Ok<StaffState>, ValidationProblem, ProblemHttpResult>> Update(NpgsqlDataSource db, long id, string sql, (string, object?)[] values,
        Cases.LiveSubscriptions live, CancellationToken ct)
    {
        StaffState state;
        await using (var cmd = db.Command(sql, values))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return Problems.NotFound("staff member", $"There is no staff member {id}.");
            state = new StaffState(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetBoolean(4),
                r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6),
                r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetInt64(8));
        }
        await live.StaffMovedAsync(new Cases.StaffMoved(state.Id, state.Name, state.Lon, state.Lat, state.LocatedAt, state.OnDuty), state.HomeGridId, ct);
        return TypedResults.Ok(state);
    }
}
