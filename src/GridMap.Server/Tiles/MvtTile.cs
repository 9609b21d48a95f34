using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace GridMap.Server.Tiles;

/// <summary>
/// A tile as the answer: 204 when it holds nothing; else the bytes, gzipped when the client
/// takes gzip and the tile is worth it, with a strong ETag (and the encoding in it, as a gzipped
/// and a plain tile are different representations), so <c>If-None-Match</c> gets 304. The tag is
/// <see cref="TileEtag"/>'s, made from the data's counters before the tile was built, so that a
/// repeat is answered without building it; a layer without counters (staff) tags the bytes.
/// Every tile depends on who asks (their area, their right to personal data), so it is <c>private</c>; <c>no-cache</c> makes the browser ask again each time, which costs a 304
/// when nothing changed and never shows a tile of one sign-in to the next.
/// </summary>
/// <remarks>
/// Compressed here rather than by ASP.NET Core's response compression middleware: the tile is
/// in memory already, the middleware would leave the ETag of the plain
/// bytes on the gzipped ones, and it would compress every other answer of the server as well.
/// </remarks>
public sealed class MvtTile(TileBytes tile, string? tag = null) : IResult
{
    EntityTagHeaderValue? unchanged;

    /// <summary>304: the client holds this tile already, as <paramref name="etag"/> names it.</summary>
    public static MvtTile Unchanged(EntityTagHeaderValue etag) => new(TileBytes.Empty) { unchanged = etag };

    public const string ContentType = "application/vnd.mapbox-vector-tile";
    public const string CacheControl = "private, no-cache";

    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers.CacheControl = CacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (unchanged is not null)
        {
            response.Headers.ETag = unchanged.ToString();
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        if (tile.Mvt.Length == 0)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        var gzip = tile.Gzipped is not null && AcceptsGzip(http.Request);
        var etag = new EntityTagHeaderValue($"\"{tag ?? Hash(tile.Mvt)}{(gzip ? ".gz" : "")}\"");
        response.Headers.ETag = etag.ToString();
        if (Matches(http.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = ContentType;
        if (gzip) response.Headers.ContentEncoding = "gzip";
        var body = gzip ? tile.Gzipped! : tile.Mvt;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>128 bits of SHA-256, base64url: a collision between two tiles is not a concern.</summary>
    internal static string Hash(byte[] data) => Convert.ToBase64String(SHA256.HashData(data), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>gzip named with a weight above 0, or <c>*</c> so when gzip is not refused by name.</summary>
    static bool AcceptsGzip(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings)) return false;
        bool Accepted(StringWithQualityHeaderValue c) => c.Quality is not 0;
        if (codings.FirstOrDefault(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase)) is { } named) return Accepted(named);
        return codings.Any(c => c.Value == "*" && Accepted(c));
    }

    /// <summary>If-None-Match with this tag or <c>*</c> (weak comparison, as RFC 9110 asks for If-None-Match).</summary>
    internal static bool Matches(HttpRequest request, EntityTagHeaderValue etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
}

/// <summary>
/// A built tile: its bytes (none when it is empty), gzipped once when that is worth it (a cached
/// tile is sent many times), and the households it shipped with names and phones, whose read is
/// recorded again each time it is sent from <see cref="TileCache"/>.
/// </summary>
public sealed class TileBytes
{
    public static readonly TileBytes Empty = new(new TileQuery.Built([], null));

    /// <summary>Below this, gzip saves less than it costs (a few hundred bytes fit in the first packet anyway).</summary>
    const int GzipFrom = 1024;

    public byte[] Mvt { get; }
    public byte[]? Gzipped { get; }
    public long[]? Households { get; }

    public TileBytes(TileQuery.Built built)
    {
        (Mvt, Households) = (built.Mvt, built.Households);
        if (Mvt.Length >= GzipFrom) Gzipped = Gzip(Mvt);
    }

    /// <summary>About what the object, its arrays' headers and a cache entry take beside the arrays' contents.</summary>
    const int Overhead = 256;

    /// <summary>What it holds in memory, about.</summary>
    public long Size => Mvt.Length + (Gzipped?.Length ?? 0) + (Households?.Length ?? 0) * sizeof(long) + Overhead;

    /// <summary>
    /// Gzipped into a pooled buffer that surely holds it, then copied out at its length: one array of
    /// garbage, not the several of a growing stream (a tile's are large enough for the large-object heap).
    /// </summary>
    static byte[] Gzip(byte[] data)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(GzipBound(data.Length));
        try
        {
            using var stream = new MemoryStream(buffer, 0, buffer.Length, writable: true);
            using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
            return buffer.AsSpan(0, (int)stream.Position).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Above what gzip can make of <paramref name="length"/> bytes: deflate's stored blocks add 5
    /// bytes per 16 KB at worst, gzip's header and trailer 18.
    /// </summary>
    static int GzipBound(int length) => length + length / 8 + 64;
}
