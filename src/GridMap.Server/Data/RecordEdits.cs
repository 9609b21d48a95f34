using GridMap.Server.Auth;
using Npgsql;

namespace GridMap.Server.Data;

/// <summary>
/// The start of every edit of a household, station or staff member (inside the transaction of
/// <see cref="DataChanges.BeginAsync"/>): the row must lie in the caller's area, and is locked
/// until the edit commits, so the version compared here is the one the edit replaces.
/// </summary>
public static class RecordEdits
{
    /// <summary>
    /// The version of row <paramref name="id"/> of <paramref name="table"/> when <paramref name="areaColumn"/>
    /// lies in the caller's area (and <paramref name="condition"/> holds); null when it does not or there is no such row.
    /// </summary>
    public static async Task<int?> LockAsync(NpgsqlConnection conn, Caller caller, string table, string areaColumn, long id, CancellationToken ct, string condition = "true")
    {
        await using var cmd = conn.Command($"SELECT version FROM {table} WHERE id = @id AND {condition} AND {AreaScope.Filter(areaColumn)} FOR UPDATE",
            ("id", id), AreaScope.Parameter(caller));
        return await cmd.ExecuteScalarAsync(ct) as int?;
    }
}
