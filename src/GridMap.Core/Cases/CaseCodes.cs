using System.Text.Json;

namespace GridMap.Core.Cases;

/// <summary>
/// The one spelling of statuses, actions and roles outside C#: in JSON, SQL and URLs
/// (in_progress, request_extension, command_centre). Matches JsonNamingPolicy.SnakeCaseLower.
/// </summary>
public static class CaseCodes
{
    public static string Code(this CaseStatus value) => Snake(value);
    public static string Code(this CaseAction value) => Snake(value);
    public static string Code(this CaseActor value) => Snake(value);

    /// <summary>Parses an exact code; names in other spellings are refused.</summary>
    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
            if (Snake(candidate) == code) { value = candidate; return true; }
        value = default;
        return false;
    }

    static string Snake<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
