using GridMap.Server.Cases;

namespace GridMap.Server.Visits;

/// <summary>
/// 走访: visits to Party-member households, recorded by a grid worker (or leader) in its area or on
/// behalf of a Party member registered with the household's community (双报到), with an optional
/// photo kept as a case's is (<see cref="Photos"/>). A household's visits are read where the
/// household is; the visiting member's name is masked and the note withheld from roles that do not
/// see personal data (a staff member reads the notes they wrote themselves).
/// </summary>
public static class VisitsApi
{
    public const int MaxNote = 500;
    /// <summary>The newest visits of a household a read returns.</summary>
    public const int MaxListed = 200;
    /// <summary>The periods the visit share is counted over.</summary>
    public static readonly int[] ShareDays = [30, 90];

    public static void MapVisits(this IEndpointRouteBuilder app)
    {
        var households = app.MapGroup("/api/households/{id:long}/visits").WithTags("visits");
        households.MapGet("/", List).RequireAuthorization(Access.Households);
        households.MapPost("/", Add).RequireAuthorization(Access.RecordVisits);
        var visits = app.MapGroup("/api/visits").WithTags("visits");
        visits.MapGet("/shares", VisitShares.Count).RequireAuthorization(Access.Aggregates);
        // The sign-in cookie is SameSite=Strict, so no other site's form can post here with it.
        visits.MapPost("/{id:long}/photo", AddPhoto).RequireAuthorization(Access.RecordVisits)
            .WithBodyLimit(Photos.MaxBytes + (64 << 10)).DisableAntiforgery();
        visits.MapGet("/{id:long}/photo", ServePhoto).RequireAuthorization(Access.RecordVisits);
        visits.MapPut("/{id:long}", Edit).RequireAuthorization(Access.RecordVisits);
        visits.MapDelete("/{id:long}", Retire).RequireAuthorization(Access.RecordVisits);
    }

    /// <param name="VisitedOn">The day of the visit, YYYY-MM-DD (China Standard Time).</param>
    /// <param name="VolunteerId">The Party member who visited (双报到), registered with the household's community; absent: the caller's own staff record.</param>
    /// <param name="ClientKey">A UUID the phone made when the visit was recorded: the same key from the same user is the same visit, however often and late it is sent.</param>
    public sealed record VisitInput(string? VisitedOn, string? Note, long? VolunteerId, string? ClientKey);

    /// <summary>A correction of a visit: its day and note, and the version the editor read.</summary>
    public sealed record VisitEdit(string? VisitedOn, string? Note, int? Version);

    /// <summary>Today in China Standard Time, the day visits are dated in.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(WorkingClock.ChinaStandardTime).DateTime);

    /// <summary>A visit as the API shows it (alias <c>v.</c>); <c>@seesPersonalData</c> and <c>@staffId</c> (the caller's staff record) decide the masking.</summary>
    const string View = """
        jsonb_build_object('id', v.id, 'householdId', v.household_id, 'visitedOn', v.visited_on,
            'note', CASE WHEN @seesPersonalData OR v.visitor_staff_id = @staffId THEN v.note END,
            'visitor', CASE WHEN v.visitor_staff_id IS NOT NULL
                THEN jsonb_build_object('kind', 'staff', 'id', v.visitor_staff_id, 'name', (SELECT s.name FROM staff s WHERE s.id = v.visitor_staff_id))
                ELSE jsonb_build_object('kind', 'volunteer', 'id', v.visitor_volunteer_id,
                    'name', (SELECT mask_name(m.name, @seesPersonalData) FROM volunteers m WHERE m.id = v.visitor_volunteer_id)) END,
            'photoUrl', CASE WHEN v.photo_file IS NOT NULL THEN '/api/visits/' || v.id || '/photo' END,
            'thumbnailUrl', CASE WHEN v.photo_file IS NOT NULL THEN '/api/visits/' || v.id || '/photo?thumbnail=true' END,
            'recordedAt', api_time(v.recorded_at), 'recordedBy', v.recorded_by, 'version', v.version)
        """;

    /// <summary>The day household <c>h</c> was added: its first audit row, as a timestamptz (null for a household older than the trail).</summary>
    const string HouseholdAdded = "(SELECT min(c.at) FROM data_changes c WHERE c.entity = 'household' AND c.entity_id = h.id AND c.before IS NULL)";

    static DateOnly? ChinaDay(NpgsqlDataReader r, int column) =>
        r.IsDBNull(column) ? null : DateOnly.FromDateTime(r.GetFieldValue<DateTimeOffset>(column).ToOffset(WorkingClock.ChinaStandardTime).DateTime);

    static ValidationProblem BeforeHousehold(DateOnly visitedOn, long household, DateOnly? addedOn) =>
        Problems.Invalid("visitedOn", $"visitedOn {visitedOn:yyyy-MM-dd} is before household {household} was added ({addedOn:yyyy-MM-dd})");

    /// <summary>The day and note of a visit as typed, with the reasons they are refused in <paramref name="errors"/>.</summary>
    static DateOnly CheckDayAndNote(Dictionary<string, string[]> errors, string? day, string? note, TimeProvider time)
    {
        var visitedOn = Day(errors, "visitedOn", day);
        RecordFields.Required(errors, "note", note, MaxNote);
        if (visitedOn > Today(time)) errors["visitedOn"] = [$"visitedOn {visitedOn:yyyy-MM-dd} is in the future (today is {Today(time):yyyy-MM-dd})"];
        return visitedOn;
    }

    static (string, object?)[] ViewParameters(Caller caller) => [("seesPersonalData", caller.SeesPersonalData), ("staffId", caller.StaffId)];

    static ProblemHttpResult NoHousehold(long id) => Problems.NotFound("household", $"There is no household {id}.");

    /// <summary>The household's visits, newest first (at most <see cref="MaxListed"/>); an unmasked read is recorded.</summary>
    static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> List(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        (string, object?)[] parameters = [("id", id), AreaScope.Parameter(caller)];
        var household = $"SELECT id FROM households WHERE id = @id AND {AreaScope.Filter("grid_id")}";
        if (caller.SeesPersonalData)
        {
            await PersonalDataReads.RecordAsync(db, caller, "GET /api/households/{id}/visits", household, parameters, ct);
            await PersonalDataReads.RecordVolunteersAsync(db, caller, "GET /api/households/{id}/visits", $"""
                SELECT DISTINCT v.visitor_volunteer_id AS id FROM visits v
                WHERE v.household_id IN ({household}) AND v.visitor_volunteer_id IS NOT NULL
                """, parameters, ct);
        }
        await using var cmd = db.Command($"""
            SELECT (SELECT coalesce(jsonb_agg(x.visit ORDER BY x.visited_on DESC, x.id DESC), '[]')
                    FROM (SELECT {View} AS visit, v.visited_on, v.id FROM visits v WHERE v.household_id = h.id
                          ORDER BY v.visited_on DESC, v.id DESC LIMIT {MaxListed}) x)::text
            FROM households h WHERE h.id IN ({household})
            """, [.. parameters, .. ViewParameters(caller)]);
        return await cmd.ExecuteScalarAsync(ct) is string json ? TypedResults.Ok(CaseAccess.Json(json)) : NoHousehold(id);
    }

    static async Task<Results<Created<JsonElement>, Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> Add(
        long id, VisitInput body, Caller caller, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var visitedOn = CheckDayAndNote(errors, body.VisitedOn, body.Note, time);
        if (body.VolunteerId is <= 0) errors["volunteerId"] = ["volunteerId must be the id of a registered Party member"];
        Guid? clientKey = null;
        if (body.ClientKey is not null)
        {
            if (Guid.TryParse(body.ClientKey, out var key)) clientKey = key;
            else errors["clientKey"] = ["clientKey must be a UUID"];
        }
        if (body.VolunteerId is null && caller.StaffId is null)
            errors["volunteerId"] = ["name the Party member who visited: you have no staff record of your own to record the visit under"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, caller.Username, "visit", ct);
        // The household stays while the visit is written; it existed from its first audit row on.
        DateOnly? addedOn;
        long? communityId;
        await using (var household = conn.Command($"""
            SELECT {HouseholdAdded}, (SELECT g.parent_id FROM areas g WHERE g.id = h.grid_id)
            FROM households h WHERE h.id = @id AND {AreaScope.Filter("h.grid_id")} FOR SHARE OF h
            """, ("id", id), AreaScope.Parameter(caller)))
        await using (var r = await household.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return NoHousehold(id);
            addedOn = ChinaDay(r, 0);
            communityId = r.IsDBNull(1) ? null : r.GetInt64(1);
        }
        if (visitedOn < addedOn) return BeforeHousehold(visitedOn, id, addedOn);
        if (body.VolunteerId is { } volunteer)
        {
            await using var member = conn.Command("SELECT EXISTS (SELECT 1 FROM volunteers WHERE id = @volunteer AND community_id = @community AND retired_at IS NULL)",
                ("volunteer", volunteer), ("community", communityId));
            if (await member.ExecuteScalarAsync(ct) is not true)
                return Problems.Invalid("volunteerId", $"there is no Party member {volunteer} registered with the household's community");
        }
        await using var insert = conn.Command($"""
            WITH v AS (
                INSERT INTO visits (household_id, visited_on, note, visitor_staff_id, visitor_volunteer_id, recorded_by, client_key)
                VALUES (@id, @visitedOn, @note, @visitorStaffId, @volunteerId, @recordedBy, @clientKey)
                ON CONFLICT (recorded_by, client_key) DO NOTHING
                RETURNING *)
            SELECT ({View})::text FROM v
            """, [("id", id), ("visitedOn", visitedOn), ("note", body.Note!.Trim()), ("visitorStaffId", body.VolunteerId is null ? caller.StaffId : null),
                ("volunteerId", body.VolunteerId), ("recordedBy", caller.Username), ("clientKey", clientKey), .. ViewParameters(caller)]);
        if (await insert.ExecuteScalarAsync(ct) is string json)
        {
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/households/{id}/visits", CaseAccess.Json(json));
        }
        // The phone sent this visit before (its answer was lost): the visit it made, not a second one.
        await using var sent = conn.Command($"""
            SELECT ({View})::text FROM visits v WHERE v.recorded_by = @recordedBy AND v.client_key = @clientKey AND v.household_id = @id
            """, [("id", id), ("recordedBy", caller.Username), ("clientKey", clientKey), .. ViewParameters(caller)]);
        if (await sent.ExecuteScalarAsync(ct) is string first) return TypedResults.Ok(CaseAccess.Json(first));
        return TypedResults.Problem(title: "Key used already", statusCode: StatusCodes.Status409Conflict,
            detail: $"You recorded another visit with the key {clientKey}: a key names one visit.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["clientKey"] = ["the key names another visit of yours"] } });
    }

    /// <summary>
    /// Visit <paramref name="id"/> locked until the edit ends, with the day its household was added:
    /// a refusal when it is not to a household of the caller's area (404), was recorded by someone
    /// else and the caller does not manage the grid (403), or changed since <paramref name="seenVersion"/> (409).
    /// </summary>
    static async Task<(ProblemHttpResult? Refused, long Household, DateOnly? AddedOn, string? Photo, string? Thumbnail)> LockAsync(
        RecordEdit edit, Caller caller, long id, int seenVersion, CancellationToken ct)
    {
        await using var cmd = edit.Connection.Command($"""
            SELECT v.version, v.recorded_by, v.household_id, {HouseholdAdded}, v.photo_file, v.photo_thumbnail
            FROM visits v JOIN households h ON h.id = v.household_id
            WHERE v.id = @id AND {AreaScope.Filter("h.grid_id")} FOR UPDATE OF v
            """, ("id", id), AreaScope.Parameter(caller));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return (NoVisit(id), 0, null, null, null);
        if (r.GetString(1) != caller.Username && !ManagesGrid(caller)) return (NotYours(id), 0, null, null, null);
        if (r.GetInt32(0) != seenVersion) return (Problems.Stale("visit", id, seenVersion), 0, null, null, null);
        return (null, r.GetInt64(2), ChinaDay(r, 3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5));
    }

    /// <summary>Who corrects any visit of their area, not only their own: the roles that edit its households.</summary>
    static bool ManagesGrid(Caller caller) => Access.May(caller.Role, Access.EditHouseholds);

    static ProblemHttpResult NotYours(long id) =>
        TypedResults.Problem(title: "Not yours to change", statusCode: StatusCodes.Status403Forbidden,
            detail: $"Visit {id} was recorded by someone else; the grid leader or the command centre may correct it.");

    /// <summary><c>PUT /api/visits/{id}</c>: its day and note corrected by who recorded it, or by those who manage the grid.</summary>
    static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> Edit(
        long id, VisitEdit body, Caller caller, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var visitedOn = CheckDayAndNote(errors, body.VisitedOn, body.Note, time);
        RecordFields.Version(errors, body.Version);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        await using var edit = await RecordEdit.BeginAsync(db, caller, ct);
        var (refused, household, addedOn, _, _) = await LockAsync(edit, caller, id, body.Version!.Value, ct);
        if (refused is not null) return refused;
        if (visitedOn < addedOn) return BeforeHousehold(visitedOn, household, addedOn);
        var json = await edit.SaveAsync($"""
            UPDATE visits v SET visited_on = @visitedOn, note = @note WHERE v.id = @id RETURNING ({View})::text
            """, [("id", id), ("visitedOn", visitedOn), ("note", body.Note!.Trim()), .. ViewParameters(caller)], r => r.GetString(0), ct);
        return TypedResults.Ok(CaseAccess.Json(json));
    }

    /// <summary>
    /// <c>DELETE /api/visits/{id}?version=N</c>: a visit recorded by mistake is deleted (data_changes
    /// keeps what it was, by whom and when), and its photo with it: a picture of someone's home is
    /// not kept for a visit no longer on record.
    /// </summary>
    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Retire(
        long id, string? version, Caller caller, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        if (RecordFields.ParseVersion(version) is not { } seen) return RecordFields.MissingVersion();
        string? photo, thumbnail;
        await using (var edit = await RecordEdit.BeginAsync(db, caller, ct))
        {
            ProblemHttpResult? refused;
            (refused, _, _, photo, thumbnail) = await LockAsync(edit, caller, id, seen, ct);
            if (refused is not null) return refused;
            await edit.SaveAsync("DELETE FROM visits WHERE id = @id", [("id", id)], ct);
        }
        var folder = MediaFolder.Of(config);
        foreach (var file in new[] { photo, thumbnail })
            if (file is not null) File.Delete(Path.Combine(folder, file));
        return TypedResults.NoContent();
    }

    /// <summary>A day as YYYY-MM-DD, or the reason in <paramref name="errors"/>.</summary>
    internal static DateOnly Day(Dictionary<string, string[]> errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) errors[field] = [$"{field} is required: a day as YYYY-MM-DD"];
        else if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        else errors[field] = [$"{field} must be a day as YYYY-MM-DD"];
        return default;
    }

    /// <summary>The visit's household must be one the caller sees; the visit keeps one photo.</summary>
    static async Task<Results<Created<JsonElement>, ValidationProblem, ProblemHttpResult>> AddPhoto(
        long id, HttpRequest request, Caller caller, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return MediaApi.Problem(415, "Unsupported media type", "Send the photo as multipart/form-data, in the field 'file'.", "Content-Type");
        if (await PhotoStateAsync(db, caller, id, ct) is not { } hasPhoto) return NoVisit(id);
        if (hasPhoto) return HasPhoto(id);
        var (photo, invalid, refused) = await MediaApi.ReadPhotoAsync(request, ct);
        if (invalid is not null) return invalid;
        if (photo is null) return refused!;

        var folder = MediaFolder.Of(config);
        var (image, thumbnail) = ($"visits/{id}.{photo.Extension}", $"visits/{id}.thumb.{photo.Extension}");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, caller.Username, "visit photo", ct);
        // The row is held until commit, so two uploads at once cannot both be its photo.
        await using (var locked = conn.Command("SELECT photo_file IS NOT NULL FROM visits WHERE id = @id FOR UPDATE", ("id", id)))
            switch (await locked.ExecuteScalarAsync(ct))
            {
                case true: return HasPhoto(id);
                case not false: return NoVisit(id); // deleted meanwhile
            }
        string? file1 = null, file2 = null;
        try
        {
            file1 = await MediaApi.WriteAsync(folder, image, photo.Image, ct);
            file2 = await MediaApi.WriteAsync(folder, thumbnail, photo.Thumbnail, ct);
            await using var update = conn.Command($"""
                UPDATE visits v SET photo_content_type = @contentType, photo_file = @file, photo_thumbnail = @thumbnail,
                       photo_width = @width, photo_height = @height
                WHERE v.id = @id RETURNING ({View})::text
                """, [("id", id), ("contentType", photo.ContentType), ("file", image), ("thumbnail", thumbnail),
                    ("width", photo.Width), ("height", photo.Height), .. ViewParameters(caller)]);
            var json = (string)(await update.ExecuteScalarAsync(ct))!;
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/visits/{id}/photo", CaseAccess.Json(json));
        }
        catch
        {
            foreach (var written in new[] { file1, file2 }) if (written is not null) File.Delete(written);
            throw;
        }
    }

    /// <summary>The visit's photo or its thumbnail (<c>?thumbnail=true</c>), to those who may record visits to its household.</summary>
    static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> ServePhoto(
        long id, bool? thumbnail, Caller caller, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            SELECT v.photo_content_type, CASE WHEN @thumbnail THEN v.photo_thumbnail ELSE v.photo_file END
            FROM visits v JOIN households h ON h.id = v.household_id
            WHERE v.id = @id AND v.photo_file IS NOT NULL AND {AreaScope.Filter("h.grid_id")}
            """, ("id", id), ("thumbnail", thumbnail ?? false), AreaScope.Parameter(caller));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return Problems.NotFound("photo", $"Visit {id} has no photo.");
        var path = Path.Combine(MediaFolder.Of(config), r.GetString(1));
        if (!File.Exists(path)) return Problems.NotFound("photo", $"The photo of visit {id} is missing from the media folder.");
        return TypedResults.PhysicalFile(path, r.GetString(0));
    }

    /// <summary>Whether the visit has a photo; null when there is no such visit to a household of the caller's area.</summary>
    static async Task<bool?> PhotoStateAsync(NpgsqlDataSource db, Caller caller, long id, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            SELECT v.photo_file IS NOT NULL FROM visits v JOIN households h ON h.id = v.household_id
            WHERE v.id = @id AND {AreaScope.Filter("h.grid_id")}
            """, ("id", id), AreaScope.Parameter(caller));
        return await cmd.ExecuteScalarAsync(ct) as bool?;
    }

    static ProblemHttpResult NoVisit(long id) => Problems.NotFound("visit", $"There is no visit {id}.");

    static ProblemHttpResult HasPhoto(long id) =>
        TypedResults.Problem(title: "Photo kept already", statusCode: StatusCodes.Status409Conflict,
            detail: $"Visit {id} has its photo; a visit keeps one.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = ["a visit keeps one photo"] } });
}
