using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace GridMap.Server.Auth;

/// <summary>
/// Sign-in tokens: the ASP.NET Core bearer-token format (a data-protected ticket, keys shared
/// through the database), short-lived. The same token travels as <c>Authorization: Bearer</c>
/// (API clients), as an HttpOnly cookie (the web UI), or as <c>access_token</c> in the query
/// of a hub connection (browsers cannot set headers on WebSockets).
/// </summary>
public sealed class Tokens(IOptionsMonitor<BearerTokenOptions> options)
{
    public const string Scheme = "gridmap";
    public const string Cookie = "gridmap_token";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public (string Token, DateTimeOffset ExpiresAt) Issue(Caller caller)
    {
        var now = TimeProvider.System.GetUtcNow();
        var expires = now + Lifetime;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(caller.Claims(), Scheme));
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires }, Scheme);
        return (options.Get(Scheme).BearerTokenProtector.Protect(ticket), expires);
    }

    /// <summary>Where a request may carry its token besides the Authorization header.</summary>
    public static Task FindToken(MessageReceivedContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.Count > 0) return Task.CompletedTask;
        // Only hubs take it from the query: elsewhere a token in a URL would end up in logs and histories.
        if (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is [{ Length: > 0 } query])
            context.Token = query;
        else if (request.Cookies[Cookie] is { Length: > 0 } cookie)
            context.Token = cookie;
        return Task.CompletedTask;
    }
}
