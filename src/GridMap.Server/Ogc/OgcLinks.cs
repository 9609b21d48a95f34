using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Extensions;

namespace GridMap.Server.Ogc;

/// <summary>A link as OGC API Features writes it (link.yaml): every link has rel and type.</summary>
public sealed record OgcLink(string Href, string Rel, string Type, string? Title = null);

/// <summary>The links of a page of features: self and alternates as JSON, and the stems PostGIS completes with a key.</summary>
public sealed record OgcPageLinks(string Fixed, string NextStem, string PrevStem);

/// <summary>
/// Absolute URLs under <c>/ogc</c> for this request's scheme and host, as clients such as GDAL
/// and QGIS follow them. Behind a proxy that changes either, have it pass the original ones on
/// (X-Forwarded-Proto and -Host with ASP.NET Core's forwarded-headers middleware).
/// </summary>
public static class OgcLinks
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Root(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{OgcApi.Root}";

    /// <summary><paramref name="path"/> under the root with this request's query, <c>f</c> set to <paramref name="f"/> and <paramref name="drop"/> left out.</summary>
    public static string Here(HttpRequest request, string path, string f, params string[] drop)
    {
        var query = new QueryBuilder(request.Query.Where(q => q.Key != "f" && !drop.Contains(q.Key))) { { "f", f } };
        return Root(request) + path + query;
    }

    /// <summary>Self with the format served, and an alternate for each other format the resource offers.</summary>
    public static List<OgcLink> SelfAndAlternates(HttpRequest request, string path, OgcFormat served, OgcFormat[] offers, string what) =>
    [
        new(Here(request, path, served.F), "self", served.MediaType, $"{what} (this document)"),
        .. offers.Where(o => o != served).Select(o => new OgcLink(Here(request, path, o.F), "alternate", o.MediaType, $"{what} as {o.MediaType}")),
    ];

    /// <summary>The links of a page of features at <paramref name="path"/>: self and alternates, and where next and prev point once given a key.</summary>
    public static OgcPageLinks Page(HttpRequest request, string path, OgcFormat served)
    {
        var fixedLinks = SelfAndAlternates(request, path, served, OgcFormat.Features, "these features");
        fixedLinks.Add(new(Root(request) + path[..path.LastIndexOf('/')] + "?f=json", "collection", OgcFormat.Json.MediaType, "the collection"));
        var stem = Here(request, path, served.F, "after", "before");
        return new(string.Join(",", fixedLinks.Select(l => JsonSerializer.Serialize(l, Json))), stem + "&after=", stem + "&before=");
    }
}
