namespace GridMap.Server.Auth;

/// <summary>
/// Endpoint metadata: only pages of the server's own origin, or of one listed in
/// <see cref="Origins.Setting"/>, may call this endpoint from a browser.
/// </summary>
public sealed record SameOriginOnly;

/// <summary>
/// Checks the <c>Origin</c> a browser sends. A WebSocket is not bound by the same-origin policy
/// and carries the sign-in cookie to any page on the same site (another port of the host, say),
/// so without this check such a page could watch live cases with the user's sign-in. Requests
/// without an <c>Origin</c> come from programs, not pages, and pass.
/// </summary>
public static class Origins
{
    public const string Setting = "GRIDMAP_ALLOWED_ORIGINS";

    /// <summary>After routing, before authentication: a refused page learns nothing else.</summary>
    public static IApplicationBuilder UseOriginCheck(this IApplicationBuilder app)
    {
        var listed = Parse(app.ApplicationServices.GetRequiredService<IConfiguration>()[Setting]);
        return app.Use((http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<SameOriginOnly>() is null) return next(http);
            var origin = http.Request.Headers.Origin;
            if (origin.Count == 0) return next(http);
            var normal = Normalise(origin.ToString());
            if (normal is not null && (normal == Normalise($"{http.Request.Scheme}://{http.Request.Host}") || listed.Contains(normal))) return next(http);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed",
                detail: $"Pages from {origin} may not open live connections to this server; {Setting} lists the origins that may besides its own.").ExecuteAsync(http);
        });
    }

    /// <summary>The origins in the setting (separated by commas or spaces), normalised.</summary>
    static HashSet<string> Parse(string? setting)
    {
        var origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in (setting ?? "").Split([',', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            origins.Add(Normalise(item) ?? throw new InvalidOperationException($"{Setting}: '{item}' is not an origin such as https://map.example.org or http://127.0.0.1:8080."));
        return origins;
    }

    /// <summary><c>scheme://host[:port]</c> in lower case, the default port left out; null when it is not an http(s) origin.</summary>
    static string? Normalise(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/" && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;
}
