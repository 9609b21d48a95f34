namespace GridMap.Server.Auth;

/// <summary>
/// Personal data (PIPL) written by C#: names and phone numbers masked for callers without
/// the right to see them. Same rules as the SQL functions mask_name and mask_phone
/// (Data/Migrations/005_auth.sql), which mask what PostGIS writes; a test holds them together.
/// Masks count code points, as PostgreSQL's char_length does.
/// </summary>
public static class Masking
{
    /// <summary>张建国 → 张*国, 刘芳 → 刘*, 欧阳建国 → 欧**国.</summary>
    public static string? Name(string? value, bool unmasked = false)
    {
        if (unmasked || value is null) return value;
        var c = Characters(value);
        return c.Length switch
        {
            <= 1 => "*",
            2 => c[0] + "*",
            _ => c[0] + new string('*', c.Length - 2) + c[^1],
        };
    }

    /// <summary>13812341234 → 138****1234; numbers under 8 characters keep only the last two.</summary>
    public static string? Phone(string? value, bool unmasked = false)
    {
        if (unmasked || value is null) return value;
        var c = Characters(value);
        return c.Length switch
        {
            >= 8 => string.Concat(c[..3]) + new string('*', c.Length - 7) + string.Concat(c[^4..]),
            <= 2 => new string('*', c.Length),
            _ => new string('*', c.Length - 2) + string.Concat(c[^2..]),
        };
    }

    /// <summary>Code points, as PostgreSQL's char_length counts them.</summary>
    static string[] Characters(string value) =>
        [.. value.EnumerateRunes().Select(r => r.ToString())];
}
