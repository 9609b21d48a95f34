using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace GridMap.Server;

/// <summary>
/// Answers compressed, Brotli before gzip, for the clients that take them: a city's case list, KPIs
/// and coverage run to a megabyte of JSON, a department's inbox to 250 KB, Leaflet's script to
/// 150 KB, which a phone in the field reads over the mobile network. Both at their fastest level,
/// as each answer is compressed anew. A tile is compressed by itself (<see cref="Tiles.MvtTile"/>,
/// once, when it is built), and an answer that has its own Content-Encoding is left as it is. Not
/// over HTTPS (the middleware's default): GridMap serves plain HTTP to the TLS proxy in front of
/// it (docs/security.md), which passes the encoded body on.
/// </summary>
/// <remarks>
/// A compressed answer goes out under the ETag of the plain one, and a strong tag names one
/// representation byte for byte (RFC 9110 8.8.1): so the tags of what is compressed are weak
/// (the static files' here, TileJSON's in <see cref="Tiles.TileJsonResult"/>). The static file
/// middleware compares If-None-Match strongly, where RFC 9110 13.1.2 compares weakly, and would
/// answer a weak tag sent back with the whole file: <see cref="CompareStaticTagsWeakly"/>.
/// </remarks>
static class Compression
{
    static readonly string[] MimeTypes =
    [
        .. ResponseCompressionDefaults.MimeTypes,
        FeatureStream.ContentType, "application/problem+json", "application/manifest+json", "image/svg+xml", "text/csv",
    ];

    public static IServiceCollection AddCompression(this IServiceCollection services) =>
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = MimeTypes;
        });

    /// <summary>A static file's ETag made weak, as its bytes may go out compressed or not under it.</summary>
    public static void WeakenTag(HttpResponse response)
    {
        if (EntityTagHeaderValue.TryParse(response.Headers.ETag.ToString(), out var tag) && !tag.IsWeak)
            response.Headers.ETag = new EntityTagHeaderValue(tag.Tag, isWeak: true).ToString();
    }

    /// <summary>
    /// If-None-Match compared weakly for a request no endpoint answers (the static files'): the weak
    /// tags a client sends back are passed on as strong ones of the same value.
    /// </summary>
    public static Task CompareStaticTagsWeakly(HttpContext http, RequestDelegate next)
    {
        if (http.GetEndpoint() is null && EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var tags) && tags.Any(t => t.IsWeak))
            http.Request.Headers.IfNoneMatch = new StringValues([.. tags.Select(t => new EntityTagHeaderValue(t.Tag).ToString())]);
        return next(http);
    }
}
