using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace GridMap.Server.Auth;

/// <summary>
/// The sign-in tokens' format (<see cref="Tokens"/>) remembering the ticket of each token it
/// opened lately, so that a page's burst of requests (a map view asks for dozens of tiles) opens
/// the token once rather than decrypting and reading it again for every request. Only tokens that
/// opened are remembered, so a forged or damaged one costs its decryption every time, as before.
/// The bearer handler still checks each request's ticket against its expiry, so a remembered
/// ticket expires exactly when the token does. Nothing else revokes a token before its expiry;
/// a data-protection key revoked by hand is honoured once the key ring is re-read, and at most
/// <see cref="MaxAge"/> later for the tokens remembered here.
/// </summary>
public sealed class RecentTickets(ISecureDataFormat<AuthenticationTicket> format) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>How long an opened token is remembered.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>The most tokens remembered at once: far more than the users signed in to one server.</summary>
    public const int Capacity = 10_000;

    readonly MemoryCache opened = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public string Protect(AuthenticationTicket data) => format.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => format.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    /// <summary>A copy of the remembered ticket, so that no request sees another's principal or properties.</summary>
    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null) return format.Unprotect(protectedText, purpose);
        if (opened.TryGetValue(protectedText, out AuthenticationTicket? known)) return known!.Clone();
        var ticket = format.Unprotect(protectedText);
        if (ticket is null) return null;
        opened.Set(protectedText, ticket, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = MaxAge });
        return ticket.Clone();
    }
}
