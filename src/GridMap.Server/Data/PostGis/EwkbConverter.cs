using NetTopologySuite.Geometries;
using Npgsql.Internal;

namespace GridMap.Server.Data.PostGis;

/// <summary>
/// Reads and writes one NTS geometry type as PostGIS EWKB (the binary format of both
/// geometry and geography). The bytes are produced once, when Npgsql asks for the size,
/// and kept as the write state for <see cref="Write"/>.
/// </summary>
sealed class EwkbConverter<T> : PgStreamingConverter<T> where T : Geometry
{
    public override T Read(PgReader reader)
    {
        var ewkb = new byte[reader.CurrentRemaining];
        reader.ReadBytes(ewkb);
        return As(Ewkb.Read(ewkb));
    }

    public override async ValueTask<T> ReadAsync(PgReader reader, CancellationToken cancellationToken = default)
    {
        var ewkb = new byte[reader.CurrentRemaining];
        await reader.ReadBytesAsync(ewkb, cancellationToken);
        return As(Ewkb.Read(ewkb));
    }

    public override Size GetSize(SizeContext context, T value, ref object? writeState)
    {
        var ewkb = Ewkb.Write(value);
        writeState = ewkb;
        return ewkb.Length;
    }

    public override void Write(PgWriter writer, T value) => writer.WriteBytes(BytesOf(writer, value));

    public override ValueTask WriteAsync(PgWriter writer, T value, CancellationToken cancellationToken = default) =>
        writer.WriteBytesAsync(BytesOf(writer, value), cancellationToken);

    static byte[] BytesOf(PgWriter writer, T value) => writer.Current.WriteState as byte[] ?? Ewkb.Write(value);

    static T As(Geometry geometry) => geometry as T
        ?? throw new InvalidCastException($"PostGIS returned a {geometry.GeometryType}, which cannot be read as {typeof(T).Name}.");
}
