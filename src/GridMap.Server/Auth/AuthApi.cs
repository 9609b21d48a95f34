using GridMap.Core.Text;
using GridMap.Server.Territory;

namespace GridMap.Server.Auth;

/// <summary>Sign in (a token, and the same token as an HttpOnly cookie for the web UI), sign out, who am I.</summary>
public static class AuthApi
{
    public sealed record LoginRequest(string? Username, string? Password);
    public sealed record LoginResult(string Token, DateTimeOffset ExpiresAt, string Username, string Role, long? AreaId);
    /// <summary>Who the caller is, and the features (<see cref="Access"/> policies) it may use, so the UI offers only those.</summary>
    /// <param name="DepartmentCode">A department user's department: whose summonses in a case are its own.</param>
    /// <param name="Name">The staff member's name, for a staff member's account: who the title bar says is signed in.</param>
    public sealed record Me(string Username, string Role, AreaRef? Area, long? StaffId, IReadOnlyList<string> May, string? DepartmentCode, string? Name);

    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("auth");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        auth.MapPost("/logout", Logout).AllowAnonymous();
        auth.MapGet("/me", WhoAmI).RequireAuthorization(p => p.RequireAuthenticatedUser());
    }

    static async Task<Results<Ok<LoginResult>, ProblemHttpResult, ValidationProblem>> Login(
        LoginRequest body, NpgsqlDataSource db, Tokens tokens, HttpContext http, CancellationToken ct)
    {
        if (body.Username is not { Length: > 0 and <= 64 } username) return Problems.Invalid("username", "give a username of at most 64 characters");
        if (StorableText.Problem("username", username) is { } unstorable) return Problems.Invalid("username", unstorable);
        if (body.Password is not { Length: > 0 and <= 256 } password) return Problems.Invalid("password", "give a password of at most 256 characters");
        var user = await Users.FindAsync(db, username, ct);
        if (!Passwords.Verify(user?.PasswordHash, password) || user is null)
            return TypedResults.Problem(title: "Sign-in failed", detail: "Wrong username or password.", statusCode: StatusCodes.Status401Unauthorized);
        var (token, expires) = tokens.Issue(user.AsCaller());
        http.Response.Cookies.Append(Tokens.Cookie, token, new CookieOptions
        {
            HttpOnly = true,
            // Strict: a cross-site page cannot make the browser send it, so no request forgery.
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Expires = expires,
            Path = "/",
        });
        return TypedResults.Ok(new LoginResult(token, expires, user.Username, user.Role.Code(), user.AreaId));
    }

    static NoContent Logout(HttpContext http)
    {
        http.Response.Cookies.Delete(Tokens.Cookie, new CookieOptions { Path = "/" });
        return TypedResults.NoContent();
    }

    static async Task<Ok<Me>> WhoAmI(Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        AreaRef? area = null;
        string? name = null;
        if (caller.AreaId is not null || caller.StaffId is not null)
        {
            await using var cmd = db.Command("""
                SELECT a.id, a.level, a.layer, a.code, a.name, (SELECT name FROM staff WHERE id = @staff::bigint)
                FROM (SELECT) one LEFT JOIN areas a ON a.id = @area::bigint
                """, ("area", caller.AreaId), ("staff", caller.StaffId));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            if (!r.IsDBNull(0)) area = new(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4));
            name = r.IsDBNull(5) ? null : r.GetString(5);
        }
        var may = Access.Who.Where(w => w.Value.Contains(caller.Role)).Select(w => w.Key).ToList();
        return TypedResults.Ok(new Me(caller.Username, caller.Role.Code(), area, caller.StaffId, may, caller.DepartmentCode, name));
    }
}
