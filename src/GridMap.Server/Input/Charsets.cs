using Microsoft.Net.Http.Headers;

namespace GridMap.Server.Input;

/// <summary>
/// A body whose Content-Type names a charset that no decoder here knows is refused (415) before
/// anything reads it; reading it would fail deep inside the framework instead.
/// </summary>
public static class Charsets
{
    public static IApplicationBuilder UseKnownCharsets(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.Charset.HasValue && !Known(type.Charset.Value!))
            throw new BadHttpRequestException($"Content-Type names the charset '{type.Charset}', which this server does not read; send UTF-8.",
                StatusCodes.Status415UnsupportedMediaType);
        return next(http);
    });

    static bool Known(string name)
    {
        try
        {
            Encoding.GetEncoding(name.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
