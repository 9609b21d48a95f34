using System.Globalization;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using GridMap.Core.Cases;
using GridMap.Core.Spatial;

namespace GridMap.Demo;

/// <summary>
/// Generated cases as <c>cases.jsonl.gz</c>: one case a line, in report order, with its moves
/// (action, time, actor, role and what the move carries: assignee, extension hours, note, departments). Gzipped JSON Lines rather than GeoJSON:
/// 200,000 cases with their histories are about 150 MB as text and 15 MB compressed, and a line
/// is read without holding the file.
/// </summary>
public static class DemoCasesFile
{
    public const string FileName = "cases.jsonl.gz";

    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static void Write(IReadOnlyList<DemoCase> cases, string directory, IProgress<DemoProgress>? progress = null)
    {
        var path = Path.Combine(directory, FileName);
        if (cases.Count == 0)
        {
            File.Delete(path); // a smaller district written over a city one keeps no stale cases
            return;
        }
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var stream = new BufferedStream(gzip, 1 << 16);
        using var w = new Utf8JsonWriter(stream, Options);
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            w.WriteStartObject();
            w.WriteString("category", c.Category);
            w.WriteString("description", c.Description);
            if (c.Reporter is not null) w.WriteString("reporter", c.Reporter);
            w.WriteString("source", c.Source);
            w.WriteNumber("lon", c.Location.X);
            w.WriteNumber("lat", c.Location.Y);
            w.WriteString("gridCode", c.GridCode);
            w.WriteString("reportedAt", Time(c.ReportedAt));
            w.WriteStartArray("steps");
            foreach (var s in c.Steps)
            {
                w.WriteStartObject();
                w.WriteString("action", s.Action.Code());
                w.WriteString("at", Time(s.At));
                w.WriteString("actor", s.Actor);
                w.WriteString("role", s.Role.Code());
                if (s.Assignee is { } a) w.WriteNumber("assignee", a);
                if (s.ExtensionHours is { } h) w.WriteNumber("extensionHours", h);
                if (s.Note is not null) w.WriteString("note", s.Note);
                if (s.Departments is { } departments)
                {
                    w.WriteStartArray("departments");
                    foreach (var d in departments) w.WriteStringValue(d);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            w.Reset(stream);
            stream.WriteByte((byte)'\n');
            if (i % 10_000 == 0) progress?.Report(new(FileName, i, cases.Count));
        }
        progress?.Report(new(FileName, cases.Count, cases.Count));
    }

    /// <summary>The cases of <paramref name="directory"/>, none when it has no cases file.</summary>
    public static IEnumerable<DemoCase> Read(string directory) => ReadLines(directory).Select((text, i) => Parse(text, i + 1));

    /// <summary>The file's lines, unparsed (to parse them on several cores with <see cref="Parse"/>).</summary>
    public static IEnumerable<string> ReadLines(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) yield break;
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, bufferSize: 1 << 16);
        while (reader.ReadLine() is { } text)
            if (text.Length > 0) yield return text;
    }

    /// <summary>One line of the file; <paramref name="line"/> numbers it in errors.</summary>
    public static DemoCase Parse(string text, int line)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var e = doc.RootElement;
            var steps = new List<DemoCaseStep>();
            foreach (var s in e.GetProperty("steps").EnumerateArray())
            {
                if (!CaseCodes.TryParse(s.GetProperty("action").GetString(), out CaseAction action)) throw new FormatException("unknown action");
                if (!CaseCodes.TryParse(s.GetProperty("role").GetString(), out CaseActor role)) throw new FormatException("unknown role");
                steps.Add(new(action, s.GetProperty("at").GetDateTimeOffset(), s.GetProperty("actor").GetString()!, role,
                    s.TryGetProperty("assignee", out var a) ? a.GetInt32() : null,
                    s.TryGetProperty("extensionHours", out var h) ? h.GetInt32() : null,
                    s.TryGetProperty("note", out var n) ? n.GetString() : null,
                    s.TryGetProperty("departments", out var d) ? [.. d.EnumerateArray().Select(x => x.GetString()!)] : null));
            }
            return new DemoCase(e.GetProperty("category").GetString()!, e.GetProperty("description").GetString()!,
                e.TryGetProperty("reporter", out var r) ? r.GetString() : null, e.GetProperty("source").GetString()!,
                GeoJson.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(e.GetProperty("lon").GetDouble(), e.GetProperty("lat").GetDouble())),
                e.GetProperty("gridCode").GetString()!, e.GetProperty("reportedAt").GetDateTimeOffset(), steps);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{FileName} line {line}: {ex.Message}", ex);
        }
    }

    static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
