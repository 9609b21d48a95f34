using Microsoft.EntityFrameworkCore;

namespace GridMap.Server.Cases;

/// <summary>
/// Which cases a caller sees: those whose smallest area lies in the caller's area, for a
/// department only those it was summoned to (吹哨); a grid worker sees the cases assigned to them,
/// wherever they lie (a command centre sends a worker of another grid of its area where a grid
/// has none on duty: the demo's city district has a worker for one grid in three or four), and a reporter
/// the cases it reported itself and the originals they were merged into. Each as its snapshot
/// (Data/Sql/case_snapshots.sql). A case the caller cannot see answers 404, as if it did not
/// exist: case numbers must not tell outsiders what happens elsewhere.
/// </summary>
public static class CaseAccess
{
    /// <summary>SQL condition on a <c>cases</c> or <c>case_snapshots</c> row (with <paramref name="alias"/>), with <see cref="Parameters"/>.</summary>
    public static string Filter(string alias = "") =>
        $"((@reportedBy::bigint IS NOT NULL AND {alias}id IN ({OwnReports("@reportedBy")}))" +
        $" OR (@assignedTo::bigint IS NOT NULL AND {alias}assignee_id = @assignedTo)" +
        $" OR (@reportedBy::bigint IS NULL AND @assignedTo::bigint IS NULL" +
        $" AND {AreaScope.Filter($"coalesce({alias}grid_id, {alias}community_id, {alias}street_id, {alias}district_id)")}" +
        $" AND (@summoned::text IS NULL OR EXISTS (SELECT 1 FROM case_summons summoned WHERE summoned.case_id = {alias}id AND summoned.department_code = @summoned))))";

    /// <summary>
    /// SQL: the ids of the cases the user <paramref name="user"/> (an SQL expression) reported, and
    /// of the originals they were merged into, whose progress the reporter follows instead.
    /// </summary>
    public static string OwnReports(string user) =>
        $"SELECT own.id FROM cases own WHERE own.reported_by = {user}" +
        $" UNION SELECT own.duplicate_of FROM cases own WHERE own.reported_by = {user} AND own.duplicate_of IS NOT NULL";

    /// <summary>The SQL parameters of <see cref="Filter"/>.</summary>
    public static (string, object?)[] Parameters(Caller caller) =>
        [AreaScope.Parameter(caller), ("assignedTo", OnlyAssignedTo(caller)), ("reportedBy", OnlyReportedBy(caller)), ("summoned", OnlySummoned(caller))];

    /// <summary>A reporter sees the cases it reported (and what they were merged into); null: no such restriction.</summary>
    public static long? OnlyReportedBy(Caller caller) => caller.Role == Role.Reporter ? caller.UserId : null;

    /// <summary>A department sees the cases it was summoned to; null: no such restriction.</summary>
    public static string? OnlySummoned(Caller caller) => caller.Role == Role.Department ? caller.DepartmentCode ?? "" : null;

    /// <summary>A grid worker sees the cases assigned to them, and only those; null: no such restriction.</summary>
    public static long? OnlyAssignedTo(Caller caller) => caller.Role == Role.GridWorker ? caller.StaffId ?? -1 : null;

    /// <summary>The case as the caller may read it; null when it does not exist or the caller does not see it.</summary>
    public static async Task<JsonElement?> ReadAsync(NpgsqlDataSource db, Caller caller, long id, CancellationToken ct)
    {
        await using var cmd = db.Command($"SELECT s.snapshot::text FROM case_snapshots s WHERE s.id = @id AND {Filter("s.")}",
            [("id", id), .. Parameters(caller)]);
        return await cmd.ExecuteScalarAsync(ct) is string json ? Json(json) : null;
    }

    /// <summary>True when the case exists and the caller sees it.</summary>
    public static async Task<bool> SeesAsync(NpgsqlDataSource db, Caller caller, long id, CancellationToken ct)
    {
        await using var cmd = db.Command($"SELECT {Filter()} FROM cases WHERE id = @id", [("id", id), .. Parameters(caller)]);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>The same rule on a loaded case, inside the transaction that changes it.</summary>
    public static async Task<bool> SeesAsync(GridMapDb db, Caller caller, Case c, CancellationToken ct)
    {
        if (OnlyReportedBy(caller) is { } reporter) return c.ReportedBy == reporter;
        if (OnlyAssignedTo(caller) is { } staff) return c.AssigneeId == staff;
        if (OnlySummoned(caller) is { } department && c.Summonses.All(s => s.DepartmentCode != department)) return false;
        if (caller.Scope is not { } root) return true;
        var area = c.GridId ?? c.CommunityId ?? c.StreetId ?? c.DistrictId;
        return await db.Database.SqlQuery<bool>($"SELECT coalesce({area}::bigint IN (SELECT area_subtree({root})), false) AS \"Value\"").SingleAsync(ct);
    }

    /// <summary>Whether a staff member's home grid is in the caller's area (whom it may dispatch or rank); a retired staff member is in none.</summary>
    public static async Task<bool> StaffInAreaAsync(GridMapDb db, Caller caller, long staffId, CancellationToken ct) =>
        await db.Database.SqlQuery<bool>($"""
            SELECT EXISTS (SELECT 1 FROM staff WHERE id = {staffId} AND retired_at IS NULL
                           AND ({caller.Scope}::bigint IS NULL OR home_grid_id IN (SELECT area_subtree({caller.Scope})))) AS "Value"
            """).SingleAsync(ct);

    /// <summary>A case's JSON text, as PostgreSQL wrote it, for an answer.</summary>
    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
