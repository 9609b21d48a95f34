using GridMap.Server.Auth;
using GridMap.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridMap.Server.Cases;

/// <summary>
/// Which cases a caller sees: those whose smallest area lies in the caller's area, and for a
/// grid worker only those assigned to them. A case the caller cannot see answers 404, as if it
/// did not exist: case numbers must not tell outsiders what happens elsewhere.
/// </summary>
public static class CaseAccess
{
    const string Area = "coalesce({0}grid_id, {0}community_id, {0}street_id, {0}district_id)";

    /// <summary>SQL condition on a <c>cases</c> row (with <paramref name="alias"/>), with <see cref="Parameters"/> as $n and $n+1.</summary>
    public static string Filter(int n, string alias = "") =>
        $"({AreaScope.Filter(string.Format(Area, alias), n)} AND (${n + 1}::bigint IS NULL OR {alias}assignee_id = ${n + 1}))";

    public static object?[] Parameters(Caller caller) => [caller.Scope, OnlyAssignedTo(caller)];

    /// <summary>A grid worker sees the cases assigned to them; null: no such restriction.</summary>
    static long? OnlyAssignedTo(Caller caller) => caller.Role == Role.GridWorker ? caller.StaffId ?? -1 : null;

    /// <summary>True when the case exists and the caller sees it.</summary>
    public static async Task<bool> SeesAsync(NpgsqlDataSource db, Caller caller, long id, CancellationToken ct)
    {
        await using var cmd = db.Command($"SELECT {Filter(2)} FROM cases WHERE id = $1", [id, .. Parameters(caller)]);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>The same rule on a loaded case, inside the transaction that locked it.</summary>
    public static async Task<bool> SeesAsync(GridMapDb db, Caller caller, Case c, CancellationToken ct)
    {
        if (OnlyAssignedTo(caller) is { } staff && c.AssigneeId != staff) return false;
        if (caller.Scope is not { } root) return true;
        var area = c.GridId ?? c.CommunityId ?? c.StreetId ?? c.DistrictId;
        return await db.Database.SqlQuery<bool>($"SELECT coalesce({area}::bigint IN (SELECT area_subtree({root})), false) AS \"Value\"").SingleAsync(ct);
    }

    /// <summary>Whether a staff member's home grid is in the caller's area (whom it may dispatch or rank).</summary>
    public static async Task<bool> StaffInAreaAsync(GridMapDb db, Caller caller, long staffId, CancellationToken ct) =>
        caller.Scope is not { } root || await db.Database.SqlQuery<bool>(
            $"SELECT EXISTS (SELECT 1 FROM staff WHERE id = {staffId} AND home_grid_id IN (SELECT area_subtree({root}))) AS \"Value\"").SingleAsync(ct);

    /// <summary>The case as this caller may read it: the reporter's name and number (personal data) masked unless the role needs them.</summary>
    public static CaseView For(this CaseView view, Caller caller) =>
        view with { Reporter = Masking.Name(view.Reporter, caller.SeesPersonalData) };
}
