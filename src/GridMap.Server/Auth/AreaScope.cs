namespace GridMap.Server.Auth;

/// <summary>The SQL side of <see cref="Caller.Scope"/>: one condition every query about rows in areas uses.</summary>
public static class AreaScope
{
    /// <summary>
    /// True when the area id in <paramref name="column"/> lies in the subtree of the caller's
    /// area, parameter <c>@scope</c> (<see cref="Caller.Scope"/>; NULL means everything).
    /// </summary>
    public static string Filter(string column) =>
        $"(@scope::bigint IS NULL OR {column} IN (SELECT area_subtree(@scope)))";

    /// <summary>The SQL parameter of <see cref="Filter"/>.</summary>
    public static (string, object?) Parameter(Caller caller) => ("scope", caller.Scope);

    /// <summary>Whether a point lies in the caller's area (its smallest area there is in the subtree); null when it lies in no area at all.</summary>
    public static async Task<bool?> CoversPointAsync(NpgsqlDataSource db, Caller caller, double lon, double lat, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            SELECT {Filter("coalesce(grid_id, community_id, street_id, district_id)")}
            FROM area_chain_at(ST_SetSRID(ST_MakePoint(@lon, @lat), 4326))
            WHERE coalesce(grid_id, community_id, street_id, district_id) IS NOT NULL
            """, ("lon", lon), ("lat", lat), Parameter(caller));
        return await cmd.ExecuteScalarAsync(ct) as bool?;
    }

    /// <summary>Whether an area lies in the caller's area (always, for a caller with no area).</summary>
    public static async Task<bool> CoversAreaAsync(NpgsqlDataSource db, Caller caller, long areaId, CancellationToken ct)
    {
        if (caller.Scope is not { } root) return true;
        await using var inArea = db.Command("SELECT @area IN (SELECT area_subtree(@root))", ("area", areaId), ("root", root));
        return await inArea.ExecuteScalarAsync(ct) is true;
    }
}
