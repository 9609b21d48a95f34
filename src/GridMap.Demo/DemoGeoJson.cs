using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GridMap.Demo;

/// <summary>
/// Writes a demo district as five RFC 7946 FeatureCollections (areas, households, stations,
/// staff, roads), one feature per line so that diffs of the committed set stay readable, streamed so
/// that a million households never sit in memory as text.
/// </summary>
public static class DemoGeoJson
{
    /// <summary>One file of the set: its name, and where each item's geometry and properties come from.</summary>
    public sealed record Collection<T>(string FileName, Func<T, Geometry> Geometry, Action<Utf8JsonWriter, T> Properties)
    {
        public void Write(Stream stream, IReadOnlyList<T> items, IProgress<DemoProgress>? progress = null)
        {
            stream.Write("{\"type\":\"FeatureCollection\",\"features\":[\n"u8);
            using var w = new Utf8JsonWriter(stream, Options);
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0) stream.Write(",\n"u8);
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WritePropertyName("geometry");
                GeoJson.WriteGeometry(w, Geometry(items[i]));
                w.WriteStartObject("properties");
                Properties(w, items[i]);
                w.WriteEndObject();
                w.WriteEndObject();
                w.Flush();
                w.Reset(stream);
                if (i % 10_000 == 0) progress?.Report(new(FileName, i, items.Count));
            }
            stream.Write("\n]}\n"u8);
            progress?.Report(new(FileName, items.Count, items.Count));
        }

        internal void WriteFile(string directory, IReadOnlyList<T> items, IProgress<DemoProgress>? progress)
        {
            using var stream = new BufferedStream(File.Create(Path.Combine(directory, FileName)), 1 << 16);
            Write(stream, items, progress);
        }
    }

    public static readonly Collection<DemoArea> Areas = new("areas.geojson", a => a.Boundary, (w, a) =>
    {
        w.WriteString("level", a.Level);
        w.WriteString("layer", a.Layer);
        w.WriteString("code", a.Code);
        w.WriteString("name", a.Name);
        w.WriteString("parentCode", a.ParentCode);
        w.WriteNumber("population", a.Population);
    });

    public static readonly Collection<DemoHousehold> Households = new("households.geojson", h => h.Location, (w, h) =>
    {
        w.WriteString("name", h.Name);
        w.WriteNumber("members", h.Members);
        w.WriteString("kind", h.Kind);
        w.WriteString("phone", h.Phone);
    });

    public static readonly Collection<DemoStation> Stations = new("stations.geojson", s => s.Location, (w, s) =>
    {
        w.WriteString("name", s.Name);
        w.WriteString("level", s.Level);
        w.WriteString("areaCode", s.AreaCode);
        w.WriteNumber("radiusM", s.RadiusMetres);
        w.WriteString("openingHours", s.OpeningHours);
        w.WriteStartArray("services");
        foreach (var service in s.Services) w.WriteStringValue(service);
        w.WriteEndArray();
    });

    public static readonly Collection<DemoStaff> Staff = new("staff.geojson", s => s.Location, (w, s) =>
    {
        w.WriteString("name", s.Name);
        w.WriteString("role", s.Role);
        w.WriteString("homeGridCode", s.HomeGridCode);
        w.WriteString("phone", s.Phone);
        w.WriteBoolean("onDuty", s.OnDuty);
    });

    public static readonly Collection<DemoRoad> Roads = new("roads.geojson", r => r.Line, (w, r) => w.WriteString("kind", r.Kind));

    public static readonly string[] FileNames = [Areas.FileName, Households.FileName, Stations.FileName, Staff.FileName, Roads.FileName];

    // Chinese names as UTF-8, not \uXXXX escapes: half the size and readable in a diff.
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static void Write(DemoDistrictData data, string directory, IProgress<DemoProgress>? progress = null)
    {
        Directory.CreateDirectory(directory);
        Areas.WriteFile(directory, data.Areas, progress);
        Households.WriteFile(directory, data.Households, progress);
        Stations.WriteFile(directory, data.Stations, progress);
        Staff.WriteFile(directory, data.Staff, progress);
        Roads.WriteFile(directory, data.Roads, progress);
    }
}
