using GridMap.Core.Text;

namespace GridMap.Server.Input;

/// <summary>
/// The checks of an edited record's fields (a household, station or staff member): each adds the
/// field and the reason to <c>errors</c>, for one 400 ValidationProblem naming every problem.
/// </summary>
public static class RecordFields
{
    public const int MaxName = 100;
    public const int MaxPhone = 20;
    public const int MaxNote = 200;

    /// <summary>Typed text that must be there: not blank, storable, at most <paramref name="max"/> characters.</summary>
    public static void Required(Dictionary<string, string[]> errors, string field, string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) errors[field] = [$"{field} is required"];
        else Optional(errors, field, text, max);
    }

    /// <summary>Typed text that may be left out (null or blank).</summary>
    public static void Optional(Dictionary<string, string[]> errors, string field, string? text, int max)
    {
        if (text is null) return;
        if (StorableText.Problem(field, text) is { } reason) errors[field] = [reason];
        else if (StorableText.Length(text.Trim()) > max) errors[field] = [$"{field} is longer than {max} characters"];
    }

    /// <summary>A phone number as people write them: digits, with +, -, spaces and brackets.</summary>
    public static void Phone(Dictionary<string, string[]> errors, string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return;
        if (phone.Trim().Length > MaxPhone || !phone.Trim().All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')'))
            errors["phone"] = [$"phone must be at most {MaxPhone} digits, +, -, spaces or brackets"];
    }

    /// <summary>One of the values a column allows.</summary>
    public static void OneOf(Dictionary<string, string[]> errors, string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is null || !allowed.Contains(value)) errors[field] = [$"{field} must be one of {string.Join(", ", allowed)}"];
    }

    /// <summary>The version the editor read (<c>version</c> in a body, or <c>?version=</c> of a DELETE).</summary>
    public static void Version(Dictionary<string, string[]> errors, int? version)
    {
        if (version is not > 0) errors["version"] = [VersionRequired];
    }

    const string VersionRequired = "version is required: the version of the record you read";

    /// <summary>The refusal of a <c>DELETE …?version=</c> whose version is missing or no version.</summary>
    public static ValidationProblem MissingVersion() => Problems.Invalid("version", VersionRequired);

    /// <summary><see cref="Version(Dictionary{string, string[]}, int?)"/> for query-string text.</summary>
    public static int? ParseVersion(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Trimmed typed text, null for blank.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
