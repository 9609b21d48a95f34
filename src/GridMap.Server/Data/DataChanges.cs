namespace GridMap.Server.Data;

/// <summary>
/// The audit trail of people's data (<c>data_changes</c>): triggers record every insert, update
/// and delete of households, service stations and staff (<c>Sql/data_changes.sql</c>). A writer
/// opens its transaction here to say who makes the changes and why; the settings end with the
/// transaction, so a pooled connection never carries one caller's name into the next request.
/// </summary>
public static class DataChanges
{
    public static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection conn, string actor, string reason, CancellationToken ct)
    {
        var tx = await conn.BeginTransactionAsync(ct);
        await using var sign = conn.Command(
            "SELECT set_config('gridmap.actor', @actor, true), set_config('gridmap.change_reason', @reason, true)",
            ("actor", actor), ("reason", reason));
        await sign.ExecuteNonQueryAsync(ct);
        return tx;
    }
}
