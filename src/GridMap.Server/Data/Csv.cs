using System.Text.RegularExpressions;

namespace GridMap.Server.Data;

/// <summary>
/// How the server writes CSV, for every file it offers: RFC 4180 quoting, and text that a
/// spreadsheet would run as a formula made inert.
/// </summary>
public static partial class Csv
{
    /// <summary>One line: the cells (<see cref="Cell"/>), comma-separated, CRLF-terminated.</summary>
    public static void Line(StringBuilder csv, IEnumerable<string> cells)
    {
        csv.AppendJoin(',', cells.Select(Cell));
        csv.Append("\r\n");
    }

    /// <summary>
    /// A cell that begins with = + - @, a tab or a carriage return is a formula to Excel and
    /// LibreOffice (OWASP's CSV injection), so it gets a leading <c>'</c> and is shown as text.
    /// Plain numbers stay numbers. Cells with a comma, quote or line break are quoted, quotes doubled.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !PlainNumber().IsMatch(value)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    [GeneratedRegex(@"^[+-]?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex PlainNumber();
}
