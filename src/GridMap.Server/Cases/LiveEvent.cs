using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace GridMap.Server.Cases;

/// <summary>
/// A row of <c>case_events</c> as the live push needs it, read by the listener or for a replay.
/// <see cref="AreaIds"/> are who watches it: the case's grid, community, street and district, and
/// the <see cref="PersonalKey"/> of each user whose own case it is after the change (see
/// <see cref="Columns"/>). <see cref="LeftIds"/>: the personal keys of the grid workers it was
/// assigned to until this change; they hear only that it left them (<c>caseLeft</c>).
/// </summary>
public sealed record LiveEvent(long Seq, long CaseId, string Action, long[] AreaIds, long[] LeftIds, CaseJson Case)
{
    /// <summary>
    /// The columns, in order, that <see cref="Read"/> expects, from <c>case_events</c>; named
    /// <c>watchers</c> and <c>leavers</c> for a query that filters on them. Who hears a change
    /// besides the watchers of its areas was stored with it by its writer
    /// (<c>own_keys</c>, <c>left_keys</c>: Data/Sql/live_recipients.sql), so a read of events
    /// looks nothing up; an event stored without them (older, or the demo load's) has them worked
    /// out by the same definition.
    /// </summary>
    public const string Columns = """
        seq, case_id, action,
        area_ids || coalesce(own_keys, (SELECT r.own_keys FROM live_recipients(case_id, seq, area_ids, snapshot) r)) AS watchers,
        coalesce(left_keys, (SELECT r.left_keys FROM live_recipients(case_id, seq, area_ids, snapshot) r)) AS leavers,
        snapshot::text
        """;

    /// <summary>
    /// What a connection watches for its user's own cases (<c>SubscribeMine</c>): minus the user
    /// id, as no area id is negative.
    /// </summary>
    public static long PersonalKey(long userId) => -userId;

    /// <summary>Where <see cref="Columns"/> puts the snapshot: NULL once the event is past what the stream keeps (<see cref="LiveOptions.SnapshotDays"/>).</summary>
    public const int SnapshotColumn = 5;

    public static LiveEvent Read(Npgsql.NpgsqlDataReader row) =>
        new(row.GetInt64(0), row.GetInt64(1), row.GetString(2), row.GetFieldValue<long[]>(3), row.GetFieldValue<long[]>(4), CaseJson.From(row.GetString(SnapshotColumn)));

    /// <summary>What a connection that watches <paramref name="key"/> (an area or a personal key) is sent of this change; null: nothing.</summary>
    public object? MessageFor(long key) =>
        AreaIds.Contains(key) ? new CaseChange(Seq, Action, Case)
        : LeftIds.Contains(key) ? new CaseLeft(Seq, CaseId)
        : null;
}

/// <summary>
/// A case's snapshot as the hub sends it, encoded once. A change goes to every connection that
/// watches one of its areas, and SignalR serializes each message for its connection: written as
/// raw bytes, the case costs a copy per connection instead of a walk through its fields.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class CaseJson
{
    /// <summary>Chinese text as is, not as \uXXXX escapes: half the bytes for every description sent.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    readonly byte[] utf8;

    CaseJson(byte[] utf8) => this.utf8 = utf8;

    /// <summary>The JSON text PostgreSQL wrote, compact and with the hub's encoder, as the hub would have written it.</summary>
    public static CaseJson From(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(json.Length * 2);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder }))
            document.RootElement.WriteTo(writer);
        return new(buffer.WrittenSpan.ToArray());
    }

    sealed class Converter : JsonConverter<CaseJson>
    {
        public override CaseJson Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) =>
            throw new NotSupportedException("The server only sends cases to live clients.");

        public override void Write(Utf8JsonWriter writer, CaseJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.utf8, skipInputValidation: true);
    }
}
