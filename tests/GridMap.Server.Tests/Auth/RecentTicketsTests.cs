using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace GridMap.Tests.Auth;

/// <summary><see cref="RecentTickets"/> around a format that counts what it is asked to open.</summary>
public class RecentTicketsTests
{
    sealed class CountingFormat : ISecureDataFormat<AuthenticationTicket>
    {
        public int Opened;

        public string Protect(AuthenticationTicket data) => Protect(data, null);
        public string Protect(AuthenticationTicket data, string? purpose) => "token:" + data.Principal.Identity!.Name;
        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Opened++;
            return protectedText is ['t', 'o', 'k', 'e', 'n', ':', .. var name]
                ? new(new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], Tokens.Scheme)),
                      new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, Tokens.Scheme)
                : null;
        }
    }

    [Fact]
    public void A_token_is_opened_once_and_each_request_gets_its_own_copy_of_the_ticket()
    {
        var format = new CountingFormat();
        var tickets = new RecentTickets(format);

        var first = tickets.Unprotect("token:admin");
        var second = tickets.Unprotect("token:admin");

        Assert.Equal(1, format.Opened);
        Assert.Equal("admin", first!.Principal.Identity!.Name);
        Assert.Equal("admin", second!.Principal.Identity!.Name);
        Assert.NotSame(first.Principal, second.Principal);
        Assert.NotSame(first.Properties, second.Properties);
        Assert.Equal(first.Properties.ExpiresUtc, second.Properties.ExpiresUtc);
    }

    [Fact]
    public void A_token_that_does_not_open_is_never_remembered()
    {
        var format = new CountingFormat();
        var tickets = new RecentTickets(format);

        Assert.Null(tickets.Unprotect("forged"));
        Assert.Null(tickets.Unprotect("forged"));

        Assert.Equal(2, format.Opened);
    }
}
