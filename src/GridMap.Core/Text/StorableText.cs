using System.Text.Json;

namespace GridMap.Core.Text;

/// <summary>
/// Text that PostgreSQL can store: no U+0000 (its text type has no place for it) and no half of
/// a surrogate pair (no character at all; encoding it for the database fails).
/// </summary>
public static class StorableText
{
    /// <summary>Why a field's text is refused, after the field's name.</summary>
    public const string Refusal = "holds a character that cannot be stored (U+0000, or half of a surrogate pair)";

    public static bool Is(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }

    /// <summary>
    /// A JSON string's text, and whether it can be stored: false also for an escape that is half
    /// of a surrogate pair, which the JSON reader refuses to turn into a string at all.
    /// </summary>
    public static bool TryRead(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
        return Is(text);
    }

    /// <summary>The reason to give when <paramref name="text"/> of <paramref name="field"/> cannot be stored; null when it can.</summary>
    public static string? Problem(string field, string? text) => text is null || Is(text) ? null : $"{field} {Refusal}";
}
