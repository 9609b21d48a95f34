using System.Text.Json.Serialization;

namespace GridMap.Server.Data;

/// <summary>
/// The one form in which times leave the server: ISO 8601 in China Standard Time with its offset
/// (2026-03-09T09:00:00.25+08:00), the time the deadlines are set in. Every DateTimeOffset an
/// endpoint answers with is written so; JSON that PostgreSQL writes uses <c>api_time()</c>
/// (Data/Sql/api_time.sql), which gives the same text.
/// </summary>
public sealed class ApiTime : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToOffset(WorkingClock.ChinaStandardTime));
}
