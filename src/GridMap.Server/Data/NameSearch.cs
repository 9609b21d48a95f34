using GridMap.Core.Text;

namespace GridMap.Server.Data;

/// <summary>
/// A <c>q=</c> search on a list, as an editor looks a record up: the rows whose id is the text, or
/// whose name holds it (case-insensitive), among those the list gives the caller anyway.
/// </summary>
public readonly record struct NameSearch(string Text)
{
    /// <summary>Characters a search may hold: longer than any name (<c>RecordFields.MaxName</c>).</summary>
    public const int MaxLength = 100;

    /// <summary>Null when absent or blank; a reason a user can act on when too long or not text.</summary>
    public static (NameSearch? Search, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        if (StorableText.Problem("q", text) is { } reason) return (null, reason);
        var trimmed = text.Trim();
        if (StorableText.Length(trimmed) > MaxLength) return (null, $"q holds at most {MaxLength} characters");
        return (new(trimmed), null);
    }

    /// <summary>The SQL parameter of <see cref="Filter"/>, null for "no filter".</summary>
    public static (string, object?) Parameter(NameSearch? search) => ("q", search?.Text);

    /// <summary>
    /// SQL condition on an id column and a name column, with <see cref="Parameter"/>. Without a
    /// name column only the id is matched: a list that masks names must not answer whether a
    /// hidden name holds some text.
    /// </summary>
    public static string Filter(string idColumn, string? nameColumn) => nameColumn is null
        ? $"(@q::text IS NULL OR {idColumn}::text = @q)"
        : $"(@q::text IS NULL OR {idColumn}::text = @q OR strpos(lower({nameColumn}), lower(@q)) > 0)";
}
