namespace GridMap.Server.BaseMap;

/// <summary>
/// The base map under every GridMap map, set in the server's configuration (appsettings or the
/// environment, <c>GridMap__BaseMap__Kind</c> …) and read by the pages (web/js/map.js):
/// <list type="bullet">
/// <item><c>none</c> (the default): no tiles; the map works where no tile server can be reached.</item>
/// <item><c>xyz</c>: a tile URL template in WGS 84 / CGCS2000 longitude and latitude on Web
/// Mercator (OpenStreetMap, Tianditu's <c>_w</c> layers), drawn as it is.</item>
/// <item><c>amap</c>: tiles in GCJ-02 (Amap, by default its street map; Tencent with its URL):
/// the pages shift what they draw into GCJ-02 and clicks back, and every coordinate the server
/// stores or answers stays WGS 84.</item>
/// </list>
/// <c>{token}</c> in the URL is replaced with <c>Token</c> (Tianditu's <c>tk</c>).
/// </summary>
public sealed record BaseMapSettings(string Kind, string? Url, string? Subdomains, string? Attribution)
{
    public const string Section = "GridMap:BaseMap";
    public static readonly string[] Kinds = ["none", "xyz", "amap"];
    const string AmapStreets = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}";

    /// <summary>The configured base map; a setting that cannot work stops the server at start with the reason.</summary>
    public static BaseMapSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var kind = section["Kind"] is { Length: > 0 } k ? k.ToLowerInvariant() : "none";
        if (!Kinds.Contains(kind))
            throw new InvalidOperationException($"{Section}:Kind is '{kind}'; it must be one of {string.Join(", ", Kinds)}.");
        if (kind == "none") return new("none", null, null, null);
        var url = section["Url"] is { Length: > 0 } u ? u : kind == "amap" ? AmapStreets : null;
        if (url is null)
            throw new InvalidOperationException($"{Section}:Url is needed for Kind xyz: a tile URL template with {{z}}, {{x}} and {{y}}.");
        if (section["Token"] is { Length: > 0 } token) url = url.Replace("{token}", Uri.EscapeDataString(token));
        if (!Uri.TryCreate(url.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")
            || !url.Contains("{z}") || !url.Contains("{x}") || !(url.Contains("{y}") || url.Contains("{-y}")))
            throw new InvalidOperationException($"{Section}:Url '{url}' must be an http(s) URL with {{z}}, {{x}} and {{y}}.");
        if (url.Contains("{token}")) throw new InvalidOperationException($"{Section}:Url has {{token}} but {Section}:Token is not set.");
        var subdomains = section["Subdomains"] is { Length: > 0 } s ? s : kind == "amap" && url == AmapStreets ? "1234" : null;
        var attribution = section["Attribution"] ?? (kind == "amap" ? "© 高德地图 AutoNavi" : null);
        return new(kind, url, subdomains, attribution);
    }
}

public static class BaseMapApi
{
    public static void MapBaseMap(this IEndpointRouteBuilder app)
    {
        var settings = BaseMapSettings.From(app.ServiceProvider.GetRequiredService<IConfiguration>());
        // Any signed-in user: every page with a map needs it; the URL may carry the operator's map key.
        app.MapGet("/api/settings/basemap", () => TypedResults.Ok(settings)).WithTags("settings")
            .RequireAuthorization(p => p.RequireAuthenticatedUser());
    }
}
