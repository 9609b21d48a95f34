using System.Text.Json;

namespace GridMap.Server.Cases;

/// <summary>
/// A row of <c>case_events</c> as the live push needs it, read by the listener or for a replay.
/// <see cref="AreaIds"/> are the case's grid, community, street and district.
/// </summary>
public sealed record LiveEvent(long Seq, string Action, long[] AreaIds, JsonElement Case)
{
    /// <summary>The columns, in order, that <see cref="Read"/> expects.</summary>
    public const string Columns = "seq, action, area_ids, snapshot::text";

    public static LiveEvent Read(Npgsql.NpgsqlDataReader row)
    {
        using var snapshot = JsonDocument.Parse(row.GetString(3));
        return new(row.GetInt64(0), row.GetString(1), row.GetFieldValue<long[]>(2), snapshot.RootElement.Clone());
    }

    public CaseChange ToMessage() => new(Seq, Action, Case);
}
