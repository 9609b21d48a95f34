using GridMap.Server.Auth;
using GridMap.Server.Data;
using GridMap.Server.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridMap.Server.Coverage;

/// <summary>
/// A suggested site accepted by the planner becomes a planned station (service_stations, status
/// planned): it counts in coverage at once (with includePlanned) and shows dashed on the map.
/// </summary>
public static class PlannedStations
{
    static readonly string[] Levels = ["district", "street", "community", "grid"];

    public sealed record AcceptRequest(double? Lon, double? Lat, double? RadiusM, string? Level, string? Name);
    public sealed record PlannedStationView(long Id, string Name, string Level, string Status, double Lon, double Lat, double RadiusM, long? AreaId);

    /// <summary>
    /// <c>level</c> defaults to community. The station belongs to the area of that level it lies in;
    /// without a <c>name</c> it is named after that area, e.g. 秀山社区党群服务中心（规划）.
    /// </summary>
    public static async Task<Results<Created<PlannedStationView>, ValidationProblem, ProblemHttpResult>> Accept(AcceptRequest body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (body.Lon is not { } lon || !(lon >= -180 && lon <= 180)) return Problems.Invalid("lon", "lon must be a number from −180 to 180");
        if (body.Lat is not { } lat || !(lat >= -90 && lat <= 90)) return Problems.Invalid("lat", "lat must be a number from −90 to 90");
        if (body.RadiusM is not { } radius || !(radius > 0 && radius <= CoverageParameters.MaxRadiusM))
            return Problems.Invalid("radiusM", $"radiusM must be more than 0 and at most {CoverageParameters.MaxRadiusM} metres");
        var level = body.Level ?? "community";
        if (!Levels.Contains(level)) return Problems.Invalid("level", $"level must be one of {string.Join(", ", Levels)}");
        var name = string.IsNullOrWhiteSpace(body.Name) ? null : body.Name.Trim();
        if (name is { Length: > 100 }) return Problems.Invalid("name", "name must be at most 100 characters");
        if (TextInput.Problem("name", name) is { } badName) return Problems.Invalid("name", badName);
        if (caller.Scope is not null && await AreaScope.CoversPointAsync(db, caller, lon, lat, ct) is not true)
            return Problems.OutsideArea($"The point {lon}, {lat} is not in your area.");

        await using var cmd = db.Command("""
            WITH place AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g),
                 home AS (SELECT a.id, a.name FROM areas a, place
                          WHERE a.level = $4 AND (a.layer IS NULL OR a.layer = 'party') AND ST_Covers(a.boundary, place.g)
                          ORDER BY a.id LIMIT 1)
            INSERT INTO service_stations (name, level, status, location, radius_m, area_id)
            SELECT coalesce($5, (SELECT name FROM home) || $6, $7), $4, 'planned', place.g, $3, (SELECT id FROM home) FROM place
            RETURNING id, name, area_id
            """, lon, lat, radius, level, name, level == "grid" ? "党群服务站（规划）" : "党群服务中心（规划）", "规划党群服务站");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var view = new PlannedStationView(r.GetInt64(0), r.GetString(1), level, "planned", lon, lat, radius, r.IsDBNull(2) ? null : r.GetInt64(2));
        return TypedResults.Created($"/api/coverage/planned/{view.Id}", view);
    }

    /// <summary>Withdraws a planned station in the caller's area; open stations are not the planner's to remove.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        await using (var mine = db.Command($"SELECT coalesce({AreaScope.Filter("area_id", 2)}, false) FROM service_stations WHERE id = $1", id, caller.Scope))
            if (await mine.ExecuteScalarAsync(ct) is false) return Problems.OutsideArea($"Station {id} is not in your area.");
        await using var cmd = db.Command("""
            WITH gone AS (DELETE FROM service_stations WHERE id = $1 AND status = 'planned' RETURNING id)
            SELECT (SELECT count(*) FROM gone), (SELECT status FROM service_stations WHERE id = $1)
            """, id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (r.GetInt64(0) == 1) return TypedResults.NoContent();
        return r.IsDBNull(1)
            ? Problems.NotFound("station", $"There is no station {id}.")
            : TypedResults.Problem(title: "Not a planned station", statusCode: StatusCodes.Status409Conflict,
                detail: $"Station {id} is {r.GetString(1)}; only planned stations can be withdrawn here.");
    }
}
