namespace GridMap.Server.Auth;

/// <summary>
/// The record PIPL asks for: every time a caller reads households' (or registered Party
/// members') names and phone numbers unmasked, which ones, who and when. Recorded before the data
/// is sent, so a read cut short is still on record.
/// </summary>
public static class PersonalDataReads
{
    /// <summary>
    /// Records the households that <paramref name="householdIds"/> (SQL selecting an <c>id</c>
    /// column, with <paramref name="parameters"/>) returns; nothing when it returns none.
    /// </summary>
    public static async Task RecordAsync(NpgsqlDataSource db, Caller caller, string what, string householdIds, (string, object?)[] parameters, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            INSERT INTO personal_data_reads (user_id, username, what, household_ids)
            SELECT @readerId, @readerName, @what, array_agg(id ORDER BY id) FROM ({householdIds}) read HAVING count(*) > 0
            """, [.. parameters, ("readerId", caller.UserId), ("readerName", caller.Username), ("what", what)]);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Records the registered Party members (双报到) that <paramref name="volunteerIds"/> returns,
    /// as <see cref="RecordAsync"/> records households.
    /// </summary>
    public static async Task RecordVolunteersAsync(NpgsqlDataSource db, Caller caller, string what, string volunteerIds, (string, object?)[] parameters, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            INSERT INTO personal_data_reads (user_id, username, what, household_ids, volunteer_ids)
            SELECT @readerId, @readerName, @what, ARRAY[]::bigint[], array_agg(id ORDER BY id) FROM ({volunteerIds}) read HAVING count(*) > 0
            """, [.. parameters, ("readerId", caller.UserId), ("readerName", caller.Username), ("what", what)]);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
