using System.Buffers;
using System.Globalization;

namespace GridMap.Server.Input;

/// <summary>
/// Free text a person typed (a description, a name, a note) holds no control characters but
/// tab, line feed and carriage return. PostgreSQL cannot store U+0000 in text or jsonb at all,
/// and the others are never typed: they come from broken clients or from someone probing, and
/// would travel on to every map and export that shows the text.
/// </summary>
public static class TextInput
{
    static readonly SearchValues<char> Forbidden = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))]);

    /// <summary>Characters as PostgreSQL's <c>length()</c> counts them (code points): an emoji is one, not two.</summary>
    public static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>The reason <paramref name="text"/> is refused as <paramref name="field"/>, or null when it is fine.</summary>
    public static string? Problem(string field, string? text)
    {
        var at = text is null ? -1 : text.AsSpan().IndexOfAny(Forbidden);
        return at < 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"{field} contains the control character U+{(int)text![at]:X4}; text may hold no control characters but tab and line breaks");
    }
}
