using Microsoft.AspNetCore.Identity;

namespace GridMap.Server.Auth;

/// <summary>ASP.NET Core Identity's password hash: PBKDF2-HMAC-SHA512, 100,000 iterations, random salt.</summary>
public static class Passwords
{
    static readonly PasswordHasher<object> Hasher = new();
    static readonly object Nobody = new();

    /// <summary>Compared against when the user does not exist, so timing does not tell who does.</summary>
    static readonly Lazy<string> Decoy = new(() => Hash(Guid.NewGuid().ToString()));

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public static bool Verify(string? hash, string password) =>
        Hasher.VerifyHashedPassword(Nobody, hash ?? Decoy.Value, password) != PasswordVerificationResult.Failed && hash is not null;

    /// <summary>What a chosen password must be: long enough to resist guessing.</summary>
    public static string? Problem(string? password) =>
        password is null || password.Length < 10 ? "a password has at least 10 characters"
        : password.Length > 256 ? "a password has at most 256 characters"
        : null;
}
