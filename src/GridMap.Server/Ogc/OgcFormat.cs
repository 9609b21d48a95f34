using Microsoft.Net.Http.Headers;

namespace GridMap.Server.Ogc;

/// <summary>A representation a resource offers: its <c>f</c> value and media type.</summary>
public sealed record OgcFormat(string F, string MediaType)
{
    public static readonly OgcFormat Json = new("json", "application/json");
    public static readonly OgcFormat GeoJson = new("geojson", "application/geo+json");
    public static readonly OgcFormat OpenApi = new("json", "application/vnd.oai.openapi+json;version=3.0");
    public static readonly OgcFormat Html = new("html", "text/html");

    /// <summary>Landing page, conformance, collections: JSON only.</summary>
    public static readonly OgcFormat[] Metadata = [Json];
    /// <summary>
    /// Features: GeoJSON first (the default), and the same document as plain JSON, its alternate,
    /// for clients that accept nothing else.
    /// </summary>
    public static readonly OgcFormat[] Features = [GeoJson, Json];
    /// <summary>The API definition: OpenAPI 3.0 JSON (also for <c>application/json</c>), or an HTML page.</summary>
    public static readonly OgcFormat[] Definition = [OpenApi, Html];

    /// <summary>
    /// The representation a request asks for: <c>f</c> when given (one of <paramref name="offers"/>'
    /// values, else null with a reason), otherwise by the <c>Accept</c> header as HTTP has it
    /// (the most specific range decides each offer's quality; ties go to the first offer);
    /// without either, the first offer. Null with no reason: nothing acceptable (406).
    /// </summary>
    public static (OgcFormat? Format, string? Error) Choose(HttpRequest request, OgcFormat[] offers)
    {
        if (request.Query.TryGetValue("f", out var f))
        {
            var chosen = offers.FirstOrDefault(o => o.F == f.ToString());
            return chosen is null
                ? (null, $"f must be {string.Join(" or ", offers.Select(o => o.F).Distinct())}")
                : (chosen, null);
        }
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return (offers[0], null);
        OgcFormat? best = null;
        double bestQuality = 0;
        foreach (var offer in offers)
        {
            var quality = Quality(accept, offer);
            if (quality > bestQuality) (best, bestQuality) = (offer, quality);
        }
        return (best, null);
    }

    static double Quality(IList<MediaTypeHeaderValue> accept, OgcFormat offer)
    {
        var offered = MediaTypeHeaderValue.Parse(offer.MediaType);
        // The OpenAPI document is JSON: asking for application/json gets it too.
        IEnumerable<MediaTypeHeaderValue> names = offer == OpenApi ? [offered, MediaTypeHeaderValue.Parse(Json.MediaType)] : [offered];
        double? quality = null;
        var specificity = -1;
        foreach (var range in accept)
            foreach (var name in names)
            {
                if (!name.IsSubsetOf(new MediaTypeHeaderValue(range.MediaType))) continue;
                var s = range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2;
                if (s > specificity) (quality, specificity) = (range.Quality ?? 1, s);
                else if (s == specificity) quality = Math.Max(quality ?? 0, range.Quality ?? 1);
            }
        return quality ?? 0;
    }
}
