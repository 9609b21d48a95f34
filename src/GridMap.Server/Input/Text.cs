using System.Globalization;

namespace GridMap.Server.Input;

/// <summary>Cutting text to a length without breaking a character.</summary>
public static class Text
{
    /// <summary>
    /// The longest start of <paramref name="value"/> made of whole text elements (an emoji, a
    /// letter with its accents) that fits in <paramref name="maxLength"/> UTF-16 units. A cut by
    /// units alone can split a surrogate pair, and a lone surrogate is not valid UTF-8, so the
    /// database refuses it.
    /// </summary>
    public static string Cut(string value, int maxLength)
    {
        if (value.Length <= maxLength) return value;
        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(value);
        while (elements.MoveNext())
        {
            var end = elements.ElementIndex + elements.GetTextElement().Length;
            if (end > maxLength) break;
            length = end;
        }
        return value[..length];
    }
}
