using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace GridMap.Server.Cases;

/// <summary>
/// A row of <c>case_events</c> as the live push needs it, read by the listener or for a replay.
/// <see cref="AreaIds"/> are who watches it: the case's grid, community, street and district, and
/// the <see cref="ReporterKey"/> of each user who reported it or a duplicate merged into it.
/// </summary>
public sealed record LiveEvent(long Seq, string Action, long[] AreaIds, CaseJson Case)
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

    public static LiveEvent Read(Npgsql.NpgsqlDataReader row) =>
        new(row.GetInt64(0), row.GetString(1), row.GetFieldValue<long[]>(2), CaseJson.From(row.GetString(3)));

    public CaseChange ToMessage() => new(Seq, Action, Case);
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
