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
    public static readonly string[] FileNames = ["areas.geojson", "households.geojson", "stations.geojson", "staff.geojson", "roads.geojson"];

    // Chinese names as UTF-8, not \uXXXX escapes: half the size and readable in a diff.
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static void Write(DemoDistrictData data, string directory, IProgress<DemoProgress>? progress = null)
    {
        Directory.CreateDirectory(directory);
        void To(string file, Action<Stream> write)
        {
            using var stream = new BufferedStream(File.Create(Path.Combine(directory, file)), 1 << 16);
            write(stream);
        }
        To(FileNames[0], s => WriteAreas(s, data.Areas, progress));
        To(FileNames[1], s => WriteHouseholds(s, data.Households, progress));
        To(FileNames[2], s => WriteStations(s, data.Stations, progress));
        To(FileNames[3], s => WriteStaff(s, data.Staff, progress));
        To(FileNames[4], s => WriteRoads(s, data.Roads, progress));
    }

    public static void WriteAreas(Stream stream, IReadOnlyList<DemoArea> areas, IProgress<DemoProgress>? progress = null) =>
        WriteCollection(stream, "areas.geojson", areas, a => a.Boundary, (w, a) =>
        {
            w.WriteString("level", a.Level);
            w.WriteString("layer", a.Layer);
            w.WriteString("code", a.Code);
            w.WriteString("name", a.Name);
            w.WriteString("parentCode", a.ParentCode);
            w.WriteNumber("population", a.Population);
        }, progress);

    public static void WriteHouseholds(Stream stream, IReadOnlyList<DemoHousehold> households, IProgress<DemoProgress>? progress = null) =>
        WriteCollection(stream, "households.geojson", households, h => h.Location, (w, h) =>
        {
            w.WriteString("name", h.Name);
            w.WriteNumber("members", h.Members);
            w.WriteString("kind", h.Kind);
            w.WriteString("phone", h.Phone);
        }, progress);

    public static void WriteStations(Stream stream, IReadOnlyList<DemoStation> stations, IProgress<DemoProgress>? progress = null) =>
        WriteCollection(stream, "stations.geojson", stations, s => s.Location, (w, s) =>
        {
            w.WriteString("name", s.Name);
            w.WriteString("level", s.Level);
            w.WriteString("areaCode", s.AreaCode);
            w.WriteNumber("radiusM", s.RadiusMetres);
            w.WriteString("openingHours", s.OpeningHours);
            w.WriteStartArray("services");
            foreach (var service in s.Services) w.WriteStringValue(service);
            w.WriteEndArray();
        }, progress);

    public static void WriteStaff(Stream stream, IReadOnlyList<DemoStaff> staff, IProgress<DemoProgress>? progress = null) =>
        WriteCollection(stream, "staff.geojson", staff, s => s.Location, (w, s) =>
        {
            w.WriteString("name", s.Name);
            w.WriteString("role", s.Role);
            w.WriteString("homeGridCode", s.HomeGridCode);
            w.WriteString("phone", s.Phone);
            w.WriteBoolean("onDuty", s.OnDuty);
        }, progress);

    public static void WriteRoads(Stream stream, IReadOnlyList<DemoRoad> roads, IProgress<DemoProgress>? progress = null) =>
        WriteCollection(stream, "roads.geojson", roads, r => r.Line, (w, r) => w.WriteString("kind", r.Kind), progress);

    static void WriteCollection<T>(Stream stream, string stage, IReadOnlyList<T> items, Func<T, Geometry> geometry,
        Action<Utf8JsonWriter, T> properties, IProgress<DemoProgress>? progress)
    {
        stream.Write("{\"type\":\"FeatureCollection\",\"features\":[\n"u8);
        using var w = new Utf8JsonWriter(stream, Options);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) stream.Write(",\n"u8);
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WritePropertyName("geometry");
            GeoJson.WriteGeometry(w, geometry(items[i]));
            w.WriteStartObject("properties");
            properties(w, items[i]);
            w.WriteEndObject();
            w.WriteEndObject();
            w.Flush();
            w.Reset(stream);
            if (i % 10_000 == 0) progress?.Report(new(stage, i, items.Count));
        }
        stream.Write("\n]}\n"u8);
        progress?.Report(new(stage, items.Count, items.Count));
    }
}
