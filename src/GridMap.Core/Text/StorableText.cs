using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GridMap.Core.Text;

/// <summary>
/// Text a person typed (a description, a name, a note) as GridMap stores it: whole characters,
/// counted and cut as PostgreSQL counts them, and no control characters but tab, line feed and
/// carriage return. PostgreSQL cannot store U+0000 or half of a surrogate pair at all; the other
/// control characters are never typed: they come from broken clients or from someone probing,
/// and would travel on to every map and export that shows the text.
/// </summary>
public static class StorableText
{
    /// <summary>Characters as PostgreSQL's <c>length()</c> counts them (code points): an emoji is one, not two.</summary>
    public static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>
    /// The longest start of <paramref name="text"/> made of whole text elements (an emoji with its
    /// skin tone, a letter with its accents) that holds at most <paramref name="maxLength"/> characters.
    /// </summary>
    public static string Cut(string text, int maxLength)
    {
        if (Length(text) <= maxLength) return text;
        var (end, characters) = (0, 0);
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            characters += Length(element);
            if (characters > maxLength) break;
            end = elements.ElementIndex + element.Length;
        }
        return text[..end];
    }

    /// <summary>Why <paramref name="text"/> is refused as <paramref name="field"/>, or null when it can be stored.</summary>
    public static string? Problem(string field, string? text)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return $"{field} holds half of a surrogate pair (U+{(int)c:X4}), which is no character";
            else if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return string.Create(CultureInfo.InvariantCulture,
                    $"{field} contains the control character U+{(int)c:X4}; text may hold no control characters but tab and line breaks");
        }
        return null;
    }

    /// <summary>
    /// A JSON string's text, or the reason it is refused as <paramref name="field"/>: also for an
    /// escape that is half of a surrogate pair, which the JSON reader will not turn into a string.
    /// </summary>
    public static string? TryRead(JsonElement value, string field, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            text = "";
            return $"{field} holds half of a surrogate pair, which is no character";
        }
        return Problem(field, text);
    }
}
