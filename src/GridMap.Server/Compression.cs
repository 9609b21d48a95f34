using Microsoft.AspNetCore.ResponseCompression;

namespace GridMap.Server;

/// <summary>
/// The API's answers compressed, Brotli before gzip, for the clients that take them: a city's case
/// list, KPIs and coverage run to a megabyte of JSON, a department's inbox to 250 KB, which a phone
/// in the field reads over the mobile network. Both at their fastest level, as each answer is
/// compressed anew. A tile is compressed by itself (<see cref="Tiles.MvtTile"/>, once, when it is
/// built), and an answer that has its own Content-Encoding is left as it is.
/// </summary>
/// <remarks>
/// Not the static files (pages, scripts, styles): the static file middleware tags them with strong
/// ETags, which would then name the compressed bytes and the plain alike (a strong tag names one
/// representation byte for byte, RFC 9110 8.8.1), and it compares If-None-Match strongly, so a weak
/// tag would lose their 304s. The TLS proxy in front (docs/security.md) compresses them and weakens
/// their tags as it does; the field pages' service worker keeps them on the phone. An API answer
/// that has an ETag (TileJSON) has a weak one. Not over HTTPS (the middleware's default): GridMap
/// serves plain HTTP to that proxy, which passes the encoded body on.
/// </remarks>
static class Compression
{
    static readonly string[] MimeTypes = ["application/json", FeatureStream.ContentType, "application/problem+json", "text/csv"];

    public static IServiceCollection AddCompression(this IServiceCollection services) =>
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = MimeTypes;
        });
}
