namespace GridMap.Server.Data;

/// <summary>
/// Which records an edit changes: the table, the column that places a row in an area (so in the
/// caller's area or not), what the answers call one, and which rows may still be edited.
/// </summary>
public sealed record EditedRecords(string Table, string AreaColumn, string What, string Editable = "true");

/// <summary>
/// Where an edited record belongs by its point: <paramref name="AreaAt"/>, SQL giving the id of the
/// area at <see cref="Point"/> (and at the <paramref name="Others"/> parameters it names), and what
/// a refusal names when no such area lies there: the fields, the reason and the detail.
/// </summary>
public sealed record Placement(string AreaAt, double Lon, double Lat, (string, object?)[] Others, string[] Fields, string NoArea, string Detail)
{
    /// <summary>The point as PostGIS takes it, from the parameters <c>@lon</c> and <c>@lat</c>.</summary>
    public const string Point = "ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)";
}

/// <summary>
/// One edit of a record (a household, station, staff member, volunteer, service task, visit), as
/// all run: a connection and the audited transaction of <see cref="DataChanges.BeginAsync"/>
/// (reason <c>edit</c>, the caller as actor); for a change of an existing row, <see cref="LockAsync"/>
/// first. Nothing is written unless a <c>SaveAsync</c>, the edit's last write and its commit, is reached.
/// </summary>
public sealed class RecordEdit : IAsyncDisposable
{
    public const string Reason = "edit";

    readonly NpgsqlTransaction transaction;
    readonly Caller caller;

    RecordEdit(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller caller) =>
        (Connection, this.transaction, this.caller) = (connection, transaction, caller);

    public NpgsqlConnection Connection { get; }

    /// <summary>Who edits: the area a record must be in.</summary>
    public Caller Caller => caller;

    public static async Task<RecordEdit> BeginAsync(NpgsqlDataSource db, Caller caller, CancellationToken ct)
    {
        var conn = await db.OpenConnectionAsync(ct);
        try
        {
            return new RecordEdit(conn, await DataChanges.BeginAsync(conn, caller.Username, Reason, ct), caller);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Locks row <paramref name="id"/> until the edit ends, so the version compared here is the one
    /// the edit replaces. A refusal when the row is not there (or not in the caller's area, or no
    /// longer editable: the same 404, as which rows exist elsewhere is not the caller's to learn),
    /// or when someone changed it since the editor read <paramref name="seenVersion"/> (409); null to go on.
    /// </summary>
    public async Task<ProblemHttpResult?> LockAsync(EditedRecords records, long id, int seenVersion, CancellationToken ct)
    {
        await using var cmd = Connection.Command($"""
            SELECT version FROM {records.Table}
            WHERE id = @id AND {records.Editable} AND {AreaScope.Filter(records.AreaColumn)} FOR UPDATE
            """, ("id", id), AreaScope.Parameter(caller));
        if (await cmd.ExecuteScalarAsync(ct) is not int version) return Problems.NotFound(records.What, $"There is no {records.What} {id}.");
        return version == seenVersion ? null : Problems.Stale(records.What, id, seenVersion);
    }

    /// <summary>
    /// The one check of where a record goes, for an addition and a move alike: a 400 naming the
    /// fields when no area of its kind lies at the point, a 403 when the area there is outside the
    /// caller's; null to go on.
    /// </summary>
    public async Task<ProblemHttpResult?> PlaceAsync(Placement place, CancellationToken ct)
    {
        await using var cmd = Connection.Command($"""
            SELECT a.id, {AreaScope.Filter("a.id")} FROM (SELECT {place.AreaAt} AS id) a
            """, [("lon", place.Lon), ("lat", place.Lat), .. place.Others, AreaScope.Parameter(caller)]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (r.IsDBNull(0)) return Problems.InvalidFields(place.Fields, place.NoArea, place.Detail);
        return r.GetBoolean(1) ? null : Problems.OutsideArea(FormattableString.Invariant($"The point {place.Lon}, {place.Lat} is not in your area."));
    }

    /// <summary>The edit's last write, then the commit: the row the write returns, as <paramref name="read"/> reads it, is the edit's answer.</summary>
    public async Task<T> SaveAsync<T>(string sql, (string, object?)[] values, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        T saved;
        await using (var cmd = Connection.Command(sql, values))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) throw new InvalidOperationException("The edit's write returned no row.");
            saved = read(r);
        }
        await transaction.CommitAsync(ct);
        return saved;
    }

    /// <summary>
    /// <c>DELETE …/{id}?version=N</c> of a record that takes nothing but <paramref name="sql"/> (with
    /// <c>@id</c>) to delete or retire: the row locked at the version the editor read, then the write.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RetireAsync(
        NpgsqlDataSource db, Caller caller, EditedRecords records, long id, string? version, string sql, CancellationToken ct)
    {
        if (RecordFields.ParseVersion(version) is not { } seen) return RecordFields.MissingVersion();
        await using var edit = await BeginAsync(db, caller, ct);
        if (await edit.LockAsync(records, id, seen, ct) is { } refused) return refused;
        await edit.SaveAsync(sql, [("id", id)], ct);
        return TypedResults.NoContent();
    }

    /// <summary>The edit's last write, returning nothing, then the commit.</summary>
    public async Task SaveAsync(string sql, (string, object?)[] values, CancellationToken ct)
    {
        await using (var cmd = Connection.Command(sql, values))
            await cmd.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}

/// <summary>What the editor sends: the fields, and for a replacement the version it read.</summary>
public interface IRecordInput
{
    int? Version { get; }
}

/// <summary>What an edit answers: at least the record's id and its new version.</summary>
public interface IEditedRecord
{
    long Id { get; }
}

/// <summary>
/// How one kind of record (a household, station, staff member) is added and replaced: the same
/// steps for each, with the kind's own checks, placement and SQL. The fields are checked (one 400
/// naming every problem), the edit begins, a replacement locks the row at the version the editor
/// read, <paramref name="Place"/> refuses a record that may not go where it says (null to go on),
/// and <paramref name="Insert"/> or <paramref name="Update"/> (with <c>@id</c>) writes it, returning
/// the row <paramref name="Read"/> makes the answer of. An addition answers 201 at <paramref name="Path"/>/id.
/// </summary>
public sealed record RecordWrites<TInput, TEdited>(
    EditedRecords Records,
    string Path,
    Func<TInput, bool, Dictionary<string, string[]>> Check,
    Func<RecordEdit, TInput, CancellationToken, Task<ProblemHttpResult?>> Place,
    string Insert,
    string Update,
    Func<TInput, (string, object?)[]> Values,
    Func<NpgsqlDataReader, TEdited> Read)
    where TInput : IRecordInput
    where TEdited : IEditedRecord
{
    public async Task<Results<Created<TEdited>, ValidationProblem, ProblemHttpResult>> AddAsync(
        TInput? body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (body is null) return NoBody();
        if (Check(body, false) is { Count: > 0 } invalid) return TypedResults.ValidationProblem(invalid);
        await using var edit = await RecordEdit.BeginAsync(db, caller, ct);
        if (await Place(edit, body, ct) is { } misplaced) return misplaced;
        var edited = await edit.SaveAsync(Insert, Values(body), Read, ct);
        return TypedResults.Created($"{Path}/{edited.Id}", edited);
    }

    public async Task<Results<Ok<TEdited>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        long id, TInput? body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (body is null) return NoBody();
        if (Check(body, true) is { Count: > 0 } invalid) return TypedResults.ValidationProblem(invalid);
        await using var edit = await RecordEdit.BeginAsync(db, caller, ct);
        if (await edit.LockAsync(Records, id, body.Version!.Value, ct) is { } refused) return refused;
        if (await Place(edit, body, ct) is { } misplaced) return misplaced;
        return TypedResults.Ok(await edit.SaveAsync(Update, [.. Values(body), ("id", id)], Read, ct));
    }

    // A generic body parameter reads as nullable to the minimal API, which then passes an empty
    // body or a JSON null through instead of refusing it as it does a named record type.
    static ValidationProblem NoBody() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The request body must be a JSON object with the record's fields."] });
}

public static class RecordEditRoutes
{
    /// <summary>
    /// A record's edits on its list's group, as the edit page calls them for every kind: add
    /// (<c>POST /</c>), replace (<c>PUT /{id}</c>), retire or close (<c>DELETE /{id}?version=N</c>),
    /// all under <paramref name="policy"/>.
    /// </summary>
    public static void MapRecordEdits(this RouteGroupBuilder records, string policy, Delegate add, Delegate replace, Delegate retire)
    {
        records.MapPost("/", add).RequireAuthorization(policy);
        records.MapPut("/{id:long}", replace).RequireAuthorization(policy);
        records.MapDelete("/{id:long}", retire).RequireAuthorization(policy);
    }

    /// <summary>The same, for a kind whose add and replace are <paramref name="writes"/>.</summary>
    public static void MapRecordEdits<TInput, TEdited>(this RouteGroupBuilder records, string policy, RecordWrites<TInput, TEdited> writes, Delegate retire)
        where TInput : IRecordInput where TEdited : IEditedRecord =>
        records.MapRecordEdits(policy, writes.AddAsync, writes.ReplaceAsync, retire);
}
