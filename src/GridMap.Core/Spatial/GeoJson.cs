using System.Globalization;
using System.Text.Json;
using GridMap.Core.Text;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace GridMap.Core.Spatial;

/// <summary>Raised for GeoJSON that cannot become a geometry; the message is the reason a user reads.</summary>
public sealed class GeoJsonException(string message) : Exception(message);

/// <summary>A feature of a FeatureCollection, by its position in the file.</summary>
public sealed record GeoJsonFeature(int Index, Geometry? Geometry, JsonElement Properties, string? Error);

/// <summary>
/// RFC 7946 GeoJSON to and from NTS geometries in WGS84 (SRID 4326), for the geometry types
/// GridMap stores. Reading never repairs: an unclosed ring or a short ring is an error, not a fix.
/// Kept rather than NetTopologySuite.IO.GeoJSON4STJ because an import reports every bad feature
/// of a collection with a reason a user reads (that converter fails the whole document with the
/// serializer's message) and refuses an oversized geometry before building it (<see cref="MaxPositions"/>).
/// </summary>
public static class GeoJson
{
    public static readonly GeometryFactory Wgs84 = NtsGeometryServices.Instance.CreateGeometryFactory(Srid.Wgs84);

    /// <summary>Reads every feature of a FeatureCollection; a feature that cannot be read carries its error.</summary>
    public static IReadOnlyList<GeoJsonFeature> ReadFeatureCollection(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "FeatureCollection")
            throw new GeoJsonException("the document is not a GeoJSON FeatureCollection");
        if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            throw new GeoJsonException("the FeatureCollection has no \"features\" array");

        var result = new List<GeoJsonFeature>(features.GetArrayLength());
        var index = 0;
        foreach (var feature in features.EnumerateArray())
        {
            var properties = feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var p) ? p : default;
            try
            {
                if (feature.ValueKind != JsonValueKind.Object || Text(feature, "type") != "Feature")
                    throw new GeoJsonException("not a GeoJSON Feature");
                if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                    throw new GeoJsonException("the feature has no geometry");
                result.Add(new(index, ReadGeometry(geometry), properties, null));
            }
            catch (GeoJsonException e)
            {
                result.Add(new(index, null, properties, e.Message));
            }
            index++;
        }
        return result;
    }

    /// <summary>
    /// The most positions one geometry may have: far above any surveyed boundary, far below what
    /// would let one request tie up the server (a million-vertex polygon is refused unread).
    /// </summary>
    public const int MaxPositions = 200_000;

    public static Geometry ReadGeometry(JsonElement geometry, GeometryFactory? factory = null)
    {
        if (CountPositions(geometry) is var n and > MaxPositions)
            throw new GeoJsonException($"the geometry has {n} positions; at most {MaxPositions} are accepted");
        return Read(geometry, factory ?? Wgs84);
    }

    /// <summary>Positions in the JSON, counted before anything is built.</summary>
    static long CountPositions(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object when e.TryGetProperty("geometries", out var parts) => CountPositions(parts),
        JsonValueKind.Object when e.TryGetProperty("coordinates", out var c) => CountPositions(c),
        JsonValueKind.Array when e.GetArrayLength() > 0 && e[0].ValueKind == JsonValueKind.Number => 1,
        JsonValueKind.Array => e.EnumerateArray().Sum(CountPositions),
        _ => 0,
    };

    static Geometry Read(JsonElement geometry, GeometryFactory factory)
    {
        var type = Text(geometry, "type") ?? throw new GeoJsonException("the geometry has no \"type\"");
        if (type == "GeometryCollection")
        {
            if (!geometry.TryGetProperty("geometries", out var parts) || parts.ValueKind != JsonValueKind.Array)
                throw new GeoJsonException("a GeometryCollection needs a \"geometries\" array");
            return factory.CreateGeometryCollection(parts.EnumerateArray().Select(g => Read(g, factory)).ToArray());
        }
        if (!geometry.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
            throw new GeoJsonException($"the {type} has no \"coordinates\" array");
        return type switch
        {
            "Point" => factory.CreatePoint(Position(c)),
            "MultiPoint" => factory.CreateMultiPointFromCoords(Positions(c)),
            "LineString" => factory.CreateLineString(Positions(c)),
            "MultiLineString" => factory.CreateMultiLineString(c.EnumerateArray().Select(l => factory.CreateLineString(Positions(l))).ToArray()),
            "Polygon" => Polygon(c, factory),
            "MultiPolygon" => factory.CreateMultiPolygon(c.EnumerateArray().Select(p => Polygon(p, factory)).ToArray()),
            _ => throw new GeoJsonException($"unknown geometry type \"{type}\""),
        };
    }

    static Polygon Polygon(JsonElement rings, GeometryFactory factory)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
            throw new GeoJsonException("a polygon needs at least one ring");
        var linear = rings.EnumerateArray().Select((r, i) =>
        {
            var points = Positions(r);
            if (points.Length < 4) throw new GeoJsonException($"ring {i} has {points.Length} positions; a ring needs at least 4");
            if (!points[0].Equals2D(points[^1])) throw new GeoJsonException($"ring {i} is not closed: its first and last positions differ");
            return factory.CreateLinearRing(points);
        }).ToArray();
        return factory.CreatePolygon(linear[0], linear[1..]);
    }

    static Coordinate[] Positions(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new GeoJsonException("expected an array of positions");
        var result = new Coordinate[array.GetArrayLength()];
        var i = 0;
        foreach (var p in array.EnumerateArray()) result[i++] = Position(p);
        return result;
    }

    static Coordinate Position(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2)
            throw new GeoJsonException("a position must be an array of at least two numbers");
        var x = Number(p[0]);
        var y = Number(p[1]);
        return p.GetArrayLength() > 2 ? new CoordinateZ(x, y, Number(p[2])) : new Coordinate(x, y);
    }

    static double Number(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v))
            throw new GeoJsonException($"a coordinate must be a finite number, not {e.GetRawText()}");
        return v;
    }

    static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && StorableText.TryRead(v, name, out var text) is null ? text : null;

    /// <summary>Writes a geometry; <paramref name="decimals"/> 7 is about 1 cm in degrees.</summary>
    public static void WriteGeometry(Utf8JsonWriter w, Geometry g, int decimals = 7)
    {
        w.WriteStartObject();
        w.WriteString("type", g.GeometryType);
        if (g is GeometryCollection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            w.WriteStartArray("geometries");
            for (var i = 0; i < g.NumGeometries; i++) WriteGeometry(w, g.GetGeometryN(i), decimals);
            w.WriteEndArray();
        }
        else
        {
            w.WritePropertyName("coordinates");
            WriteCoordinates(w, g, decimals);
        }
        w.WriteEndObject();
    }

    static void WriteCoordinates(Utf8JsonWriter w, Geometry g, int decimals)
    {
        switch (g)
        {
            case Point p: WritePosition(w, p.Coordinate, decimals); break;
            case LineString l: WritePositions(w, l.Coordinates, decimals); break;
            case Polygon p:
                w.WriteStartArray();
                WritePositions(w, p.ExteriorRing.Coordinates, decimals);
                foreach (var hole in p.InteriorRings) WritePositions(w, hole.Coordinates, decimals);
                w.WriteEndArray();
                break;
            default: // MultiPoint, MultiLineString, MultiPolygon
                w.WriteStartArray();
                for (var i = 0; i < g.NumGeometries; i++) WriteCoordinates(w, g.GetGeometryN(i), decimals);
                w.WriteEndArray();
                break;
        }
    }

    static void WritePositions(Utf8JsonWriter w, Coordinate[] cs, int decimals)
    {
        w.WriteStartArray();
        foreach (var c in cs) WritePosition(w, c, decimals);
        w.WriteEndArray();
    }

    static void WritePosition(Utf8JsonWriter w, Coordinate c, int decimals)
    {
        w.WriteStartArray();
        w.WriteRawValue(Math.Round(c.X, decimals).ToString("R", CultureInfo.InvariantCulture));
        w.WriteRawValue(Math.Round(c.Y, decimals).ToString("R", CultureInfo.InvariantCulture));
        if (!double.IsNaN(c.Z)) w.WriteRawValue(Math.Round(c.Z, 3).ToString("R", CultureInfo.InvariantCulture));
        w.WriteEndArray();
    }
}
