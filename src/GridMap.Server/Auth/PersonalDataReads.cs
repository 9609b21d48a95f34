using GridMap.Server.Data;
using Npgsql;

namespace GridMap.Server.Auth;

/// <summary>
/// The record PIPL asks for: every time a caller reads households' names and phone numbers
/// unmasked, which households, who and when. Recorded before the data is sent, so a read
/// cut short is still on record.
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
}
