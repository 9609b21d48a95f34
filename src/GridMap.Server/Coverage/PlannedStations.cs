using GridMap.Core.Text;

namespace GridMap.Server.Coverage;

/// <summary>
/// A suggested site accepted by the planner becomes a planned station (service_stations, status
/// planned): it counts in coverage at once (with includePlanned) and shows dashed on the map.
/// </summary>
public static class PlannedStations
{
    static readonly string[] Levels = [.. AreaNames.StationLevels.Select(l => l.Name())];

    public sealed record AcceptRequest(double? Lon, double? Lat, double? RadiusM, string? Level, string? Name);
    public sealed record PlannedStationView(long Id, string Name, string Level, string Status, double Lon, double Lat, double RadiusM, long? AreaId);

    /// <summary>
    /// <c>level</c> defaults to community. The station belongs to the area of that level it lies in;
    /// without a <c>name</c> it is named after that area, e.g. 秀山社区党群服务中心（规划）. A planner
    /// places stations of its own area's level or below, belonging to an area inside its own: just
    /// what it may withdraw again.
    /// </summary>
    public static async Task<Results<Created<PlannedStationView>, ValidationProblem, ProblemHttpResult>> Accept(AcceptRequest body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (PositionInput.Problems(body.Lon, body.Lat) is { Count: > 0 } invalid) return TypedResults.ValidationProblem(invalid);
        var (lon, lat) = (body.Lon!.Value, body.Lat!.Value);
        if (body.RadiusM is not { } radius || !(radius > 0 && radius <= CoverageParameters.MaxRadiusM))
            return Problems.Invalid("radiusM", $"radiusM must be more than 0 and at most {CoverageParameters.MaxRadiusM} metres");
        var level = body.Level ?? AreaLevel.Community.Name();
        if (!Levels.Contains(level)) return Problems.Invalid("level", $"level must be one of {AreaNames.List(Levels)}");
        var name = string.IsNullOrWhiteSpace(body.Name) ? null : body.Name.Trim();
        if (name is { Length: > 100 }) return Problems.Invalid("name", "name must be at most 100 characters");
        if (StorableText.Problem("name", name) is { } unstorable) return Problems.Invalid("name", unstorable);
        if (caller.Scope is not null && await AreaScope.CoversPointAsync(db, caller, lon, lat, ct) is not true)
            return Problems.OutsideArea($"The point {lon}, {lat} is not in your area.");
        if (caller.Scope is { } root && await LevelsBelowAsync(db, root, ct) is var allowed && !allowed.Contains(level))
            return Problems.Invalid("level", allowed.Length == 0
                ? "your area takes no service stations"
                : $"level must be one of {string.Join(", ", allowed)}: your area's level or below");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, caller.Username, "plan", ct);
        await using var cmd = conn.Command("""
            WITH place AS (SELECT ST_SetSRID(ST_MakePoint(@lon, @lat), 4326) AS g),
                 home AS (SELECT a.id, a.name FROM areas a, place WHERE a.id = station_area_at(@level, place.g))
            INSERT INTO service_stations (name, level, status, location, radius_m, area_id)
            SELECT coalesce(@name, (SELECT name FROM home) || @suffix, @nameOutsideAreas), @level, 'planned', place.g, @radius, (SELECT id FROM home) FROM place
            WHERE @scope::bigint IS NULL OR (SELECT id FROM home) IN (SELECT area_subtree(@scope))
            RETURNING id, name, area_id
            """, ("lon", lon), ("lat", lat), ("radius", radius), ("level", level), ("name", name),
            ("suffix", level == AreaLevel.Grid.Name() ? "党群服务站（规划）" : "党群服务中心（规划）"), ("nameOutsideAreas", "规划党群服务站"), AreaScope.Parameter(caller));
        PlannedStationView view;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return Problems.Invalid("level", $"no {level} of your area lies at the point {lon}, {lat}");
            view = new PlannedStationView(r.GetInt64(0), r.GetString(1), level, "planned", lon, lat, radius, r.IsDBNull(2) ? null : r.GetInt64(2));
        }
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/coverage/planned/{view.Id}", view);
    }

    /// <summary>The station levels a caller whose area is <paramref name="root"/> may place: that area's level and those below.</summary>
    static async Task<string[]> LevelsBelowAsync(NpgsqlDataSource db, long root, CancellationToken ct)
    {
        await using var cmd = db.Command("SELECT level FROM areas WHERE id = @id", ("id", root));
        var index = await cmd.ExecuteScalarAsync(ct) is string level ? Array.IndexOf(Levels, level) : -1;
        return index < 0 ? [] : Levels[index..];
    }

    /// <summary>Withdraws a planned station in the caller's area; open stations are not the planner's to remove.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        await using (var mine = db.Command($"SELECT coalesce({AreaScope.Filter("area_id")}, false) FROM service_stations WHERE id = @id", ("id", id), AreaScope.Parameter(caller)))
            if (await mine.ExecuteScalarAsync(ct) is false) return Problems.OutsideArea($"Station {id} is not in your area.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, caller.Username, "plan", ct);
        await using var cmd = conn.Command("""
            WITH gone AS (DELETE FROM service_stations WHERE id = @id AND status = 'planned' RETURNING id)
            SELECT (SELECT count(*) FROM gone), (SELECT status FROM service_stations WHERE id = @id)
            """, ("id", id));
        var (withdrawn, status) = (false, (string?)null);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (withdrawn, status) = (r.GetInt64(0) == 1, r.IsDBNull(1) ? null : r.GetString(1));
        }
        await tx.CommitAsync(ct);
        if (withdrawn) return TypedResults.NoContent();
        return status is null
            ? Problems.NotFound("station", $"There is no station {id}.")
            : TypedResults.Problem(title: "Not a planned station", statusCode: StatusCodes.Status409Conflict,
                detail: $"Station {id} is {status}; only planned stations can be withdrawn here.");
    }
}
