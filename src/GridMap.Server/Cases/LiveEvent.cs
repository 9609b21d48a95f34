using System.Text.Json;

namespace GridMap.Server.Cases;

/// <summary>
/// A row of <c>case_events</c> as the live push needs it, read by the listener or for a replay.
/// <see cref="AreaIds"/> are who watches it: the case's grid, community, street and district, and
/// the <see cref="ReporterKey"/> of each user who reported it or a duplicate merged into it.
/// </summary>
public sealed record LiveEvent(long Seq, string Action, long[] AreaIds, JsonElement Case)
{
    /// <summary>The columns, in order, that <see cref="Read"/> expects, from <c>case_events</c>.</summary>
    public const string Columns = """
        seq, action, area_ids
            || ARRAY(SELECT -own.reported_by FROM cases own WHERE own.id = case_events.case_id AND own.reported_by IS NOT NULL
                     UNION ALL
                     SELECT -own.reported_by FROM cases own WHERE own.duplicate_of = case_events.case_id AND own.reported_by IS NOT NULL),
        snapshot::text
        """;

    /// <summary>What a reporter's connection watches for its own reports (<c>SubscribeMine</c>): minus its user id, as no area id is negative.</summary>
    public static long ReporterKey(long userId) => -userId;

    public static LiveEvent Read(Npgsql.NpgsqlDataReader row)
    {
        using var snapshot = JsonDocument.Parse(row.GetString(3));
        return new(row.GetInt64(0), row.GetString(1), row.GetFieldValue<long[]>(2), snapshot.RootElement.Clone());
    }

    public CaseChange ToMessage() => new(Seq, Action, Case);
}
