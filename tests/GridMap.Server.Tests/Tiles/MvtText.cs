using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace GridMap.Tests.Tiles;

/// <summary>
/// A Mapbox Vector Tile (spec 2.1) as JSON text, <c>{"features":[{"layer","id","properties"}]}</c>
/// without geometries, so that the access matrix reads a tile's rows and scans its values as it
/// does a JSON answer's. A small protobuf reader of its own: the tests' GDAL reads the geometry.
/// </summary>
public static class MvtText
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    public static string From(byte[] tile)
    {
        var features = new JsonArray();
        foreach (var (field, layer) in Fields(tile))
            if (field == 3)
                foreach (var feature in Layer(((ReadOnlyMemory<byte>)layer).ToArray())) features.Add(feature);
        return new JsonObject { ["features"] = features }.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    static IEnumerable<JsonObject> Layer(byte[] layer)
    {
        string name = "";
        var keys = new List<string>();
        var values = new List<JsonNode?>();
        var features = new List<ReadOnlyMemory<byte>>();
        foreach (var (field, value) in Fields(layer))
            switch (field)
            {
                case 1: name = Encoding.UTF8.GetString(((ReadOnlyMemory<byte>)value).Span); break;
                case 2: features.Add((ReadOnlyMemory<byte>)value); break;
                case 3: keys.Add(Encoding.UTF8.GetString(((ReadOnlyMemory<byte>)value).Span)); break;
                case 4: values.Add(Value(((ReadOnlyMemory<byte>)value).ToArray())); break;
            }
        foreach (var feature in features)
        {
            var json = new JsonObject { ["layer"] = name };
            var properties = new JsonObject();
            foreach (var (field, value) in Fields(feature.ToArray()))
                if (field == 1) json["id"] = (ulong)value;
                else if (field == 2)
                {
                    var tags = Packed(((ReadOnlyMemory<byte>)value).ToArray());
                    for (var i = 0; i + 1 < tags.Count; i += 2) properties[keys[(int)tags[i]]] = values[(int)tags[i + 1]]?.DeepClone();
                }
            json["properties"] = properties;
            yield return json;
        }
    }

    static JsonNode? Value(byte[] value)
    {
        foreach (var (field, v) in Fields(value))
            return field switch
            {
                1 => Encoding.UTF8.GetString(((ReadOnlyMemory<byte>)v).Span),
                2 => BitConverter.Int32BitsToSingle((int)(ulong)v),
                3 => BitConverter.Int64BitsToDouble((long)(ulong)v),
                4 => (long)(ulong)v,
                5 => (ulong)v,
                6 => (long)((ulong)v >> 1) ^ -((long)(ulong)v & 1),
                7 => (ulong)v != 0,
                _ => null,
            };
        return null;
    }

    static List<ulong> Packed(byte[] data)
    {
        var list = new List<ulong>();
        for (var i = 0; i < data.Length;) list.Add(Varint(data, ref i));
        return list;
    }

    /// <summary>Each field of a message: its number and its value (a varint or fixed number as ulong, a length-delimited one as bytes).</summary>
    static IEnumerable<(int Field, object Value)> Fields(byte[] data)
    {
        for (var i = 0; i < data.Length;)
        {
            var key = Varint(data, ref i);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: yield return (field, Varint(data, ref i)); break;
                case 1: yield return (field, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(i, 8))); i += 8; break;
                case 2:
                    var length = (int)Varint(data, ref i);
                    yield return (field, new ReadOnlyMemory<byte>(data, i, length));
                    i += length;
                    break;
                case 5: yield return (field, (ulong)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i, 4))); i += 4; break;
                default: throw new InvalidDataException($"wire type {key & 7} at byte {i}: not a vector tile");
            }
        }
    }

    static ulong Varint(byte[] data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }
}
