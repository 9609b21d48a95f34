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
    /// column, with <paramref name="parameters"/> as $1..$n) returns; nothing when it returns none.
    /// </summary>
    public static async Task RecordAsync(NpgsqlDataSource db, Caller caller, string what, string householdIds, object?[] parameters, CancellationToken ct)
    {
        var n = parameters.Length;
        await using var cmd = db.CreateCommand($"""
            INSERT INTO personal_data_reads (user_id, username, what, household_ids)
            SELECT ${n + 1}, ${n + 2}, ${n + 3}, array_agg(id ORDER BY id) FROM ({householdIds}) read HAVING count(*) > 0
            """);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        cmd.Parameters.Add(new() { Value = caller.UserId });
        cmd.Parameters.Add(new() { Value = caller.Username });
        cmd.Parameters.Add(new() { Value = what });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
