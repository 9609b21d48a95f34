namespace GridMap.Server.Stations;

/// <summary>
/// Adding, editing and closing service stations (<see cref="Access.EditStations"/>) of the
/// caller's area. A station serves the area of its level at its point (<c>station_area_at</c>),
/// re-derived when it moves. Closing keeps the row with status <c>closed</c>: a closed station is
/// history on the map and covers nobody in the planner.
/// </summary>
public static class StationEdits
{
    public sealed record StationInput(string? Name, string? Level, string? Status, double? Lon, double? Lat, double? RadiusM,
        string? OpeningHours, string[]? Services, int? Version) : IRecordInput;

    public sealed record StationEdited(long Id, int Version, string Status, long AreaId) : IEditedRecord;

    public static readonly string[] Statuses = ["open", "planned", "closed"];
    public const double MaxRadiusM = 20_000; // as service_stations.radius_m allows
    public const int MaxServices = 20;
    public const int MaxService = 50;

    static readonly EditedRecords Records = new("service_stations", "area_id", "station");

    static Dictionary<string, string[]> Check(StationInput s, bool edit)
    {
        var errors = PositionInput.Problems(s.Lon, s.Lat);
        RecordFields.Required(errors, "name", s.Name, RecordFields.MaxName);
        RecordFields.OneOf(errors, "level", s.Level, [.. AreaNames.StationLevels.Select(l => l.Name())]);
        RecordFields.OneOf(errors, "status", s.Status, Statuses);
        if (s.RadiusM is not { } r || !(r > 0 && r <= MaxRadiusM)) errors["radiusM"] = [$"radiusM must be a number of metres above 0 and at most {MaxRadiusM}"];
        RecordFields.Optional(errors, "openingHours", s.OpeningHours, RecordFields.MaxNote);
        if (s.Services is { Length: > MaxServices }) errors["services"] = [$"services holds at most {MaxServices} entries"];
        else foreach (var service in s.Services ?? [])
            RecordFields.Required(errors, "services", service, MaxService);
        if (edit) RecordFields.Version(errors, s.Version);
        return errors;
    }

    /// <summary>Adding (<c>POST /</c>) and replacing (<c>PUT /{id}</c>).</summary>
    public static readonly RecordWrites<StationInput, StationEdited> Writes = new(Records, "/api/stations", Check,
        (edit, s, ct) => edit.PlaceAsync(Place(s), ct),
        Insert: $"""
            INSERT INTO service_stations (name, level, status, location, radius_m, opening_hours, services, area_id)
            VALUES (@name, @level, @status, {Placement.Point}, @radius, @hours, @services, station_area_at(@level, {Placement.Point}))
            RETURNING id, version, status, area_id
            """,
        Update: $"""
            UPDATE service_stations SET name = @name, level = @level, status = @status, location = {Placement.Point}, radius_m = @radius,
                   opening_hours = @hours, services = @services, area_id = station_area_at(@level, {Placement.Point})
            WHERE id = @id
            RETURNING id, version, status, area_id
            """,
        Values, Read);

    /// <summary><c>DELETE /api/stations/{id}?version=N</c>: the station closes (status <c>closed</c>); it stays on record.</summary>
    public static async Task<Results<Ok<StationEdited>, ValidationProblem, ProblemHttpResult>> Close(
        long id, string? version, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (RecordFields.ParseVersion(version) is not { } seen) return RecordFields.MissingVersion();
        await using var edit = await RecordEdit.BeginAsync(db, caller, ct);
        if (await edit.LockAsync(Records, id, seen, ct) is { } refused) return refused;
        return TypedResults.Ok(await edit.SaveAsync("UPDATE service_stations SET status = 'closed' WHERE id = @id RETURNING id, version, status, area_id",
            [("id", id)], Read, ct));
    }

    /// <summary>A station serves the area of its level that it stands in.</summary>
    static Placement Place(StationInput s) => new($"station_area_at(@level, {Placement.Point})", s.Lon!.Value, s.Lat!.Value, [("level", s.Level)], ["level"],
        $"no {s.Level} lies at the point: a station serves the {s.Level} it stands in", $"No {s.Level} lies at this point.");

    static (string, object?)[] Values(StationInput s) =>
        [("name", s.Name!.Trim()), ("level", s.Level), ("status", s.Status), ("lon", s.Lon), ("lat", s.Lat), ("radius", s.RadiusM),
         ("hours", RecordFields.Clean(s.OpeningHours)), ("services", (s.Services ?? []).Select(v => v.Trim()).ToArray())];

    static StationEdited Read(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetInt64(3));
}
