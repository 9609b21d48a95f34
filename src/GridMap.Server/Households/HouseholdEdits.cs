namespace GridMap.Server.Households;

/// <summary>
/// Adding, editing and retiring Party-member households, by the roles that see their names
/// (<see cref="Access.EditHouseholds"/>), inside the caller's area. The grid is derived from the
/// location by the database, so a household that moves changes grid with it. Retiring deletes the
/// row: nothing points at a household, and <c>data_changes</c> keeps what it was, who retired it and when.
/// </summary>
public static class HouseholdEdits
{
    /// <summary>The household as the editor sends it; every field but the phone is required, and an edit names the version it read.</summary>
    public sealed record HouseholdInput(string? Name, int? Members, string? Kind, string? Phone, double? Lon, double? Lat, int? Version) : IRecordInput;

    /// <summary>What an edit answers: the new version and the grid the location lies in.</summary>
    public sealed record HouseholdEdited(long Id, int Version, long GridId) : IEditedRecord;

    /// <summary>households.kind: 党员示范户 / 党员引领户 / 致富示范户 / 文明示范户 / 党员户.</summary>
    public static readonly string[] Kinds = ["demonstration", "leading", "prosperity", "civility", "member"];
    public const int MaxMembers = 50;

    static readonly EditedRecords Records = new("households", "grid_id", "household");

    static Dictionary<string, string[]> Check(HouseholdInput h, bool edit)
    {
        var errors = PositionInput.Problems(h.Lon, h.Lat);
        RecordFields.Required(errors, "name", h.Name, RecordFields.MaxName);
        if (h.Members is not (>= 1 and <= MaxMembers)) errors["members"] = [$"members must be a whole number from 1 to {MaxMembers}"];
        RecordFields.OneOf(errors, "kind", h.Kind, Kinds);
        RecordFields.Phone(errors, h.Phone);
        if (edit) RecordFields.Version(errors, h.Version);
        return errors;
    }

    /// <summary>Adding (<c>POST /</c>) and replacing (<c>PUT /{id}</c>).</summary>
    public static readonly RecordWrites<HouseholdInput, HouseholdEdited> Writes = new(Records, "/api/households", Check,
        (edit, h, ct) => edit.PlaceAsync(Place(h), ct),
        Insert: $"""
            INSERT INTO households (name, members, kind, phone, location)
            VALUES (@name, @members, @kind, @phone, {Placement.Point})
            RETURNING id, version, grid_id
            """,
        Update: $"""
            UPDATE households SET name = @name, members = @members, kind = @kind, phone = @phone,
                   location = {Placement.Point}
            WHERE id = @id
            RETURNING id, version, grid_id
            """,
        Values, Read);

    /// <summary><c>DELETE /api/households/{id}?version=N</c>: the household is no longer a Party-member household.</summary>
    public static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Retire(
        long id, string? version, Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
        RecordEdit.RetireAsync(db, caller, Records, id, version, "DELETE FROM households WHERE id = @id", ct);

    static (string, object?)[] Values(HouseholdInput h) =>
        [("name", h.Name!.Trim()), ("members", h.Members), ("kind", h.Kind), ("phone", RecordFields.Clean(h.Phone)), ("lon", h.Lon), ("lat", h.Lat)];

    /// <summary>A household belongs to the Party grid it lies in.</summary>
    static Placement Place(HouseholdInput h) => new($"grid_at({Placement.Point})", h.Lon!.Value, h.Lat!.Value, [], ["lon", "lat"],
        "the point lies in no Party grid", "A household belongs to the Party grid it lies in; this point lies in none.");

    static HouseholdEdited Read(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2));
}
