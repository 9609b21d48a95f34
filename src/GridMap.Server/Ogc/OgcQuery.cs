using System.Text.RegularExpressions;

namespace GridMap.Server.Ogc;

/// <summary>
/// A <c>bbox</c> in CRS84 (four numbers, or six with heights, which GridMap's 2D features do not
/// constrain). West greater than east is a box across the antimeridian, as OGC 17-069r4 has it.
/// </summary>
public readonly record struct OgcBbox(double West, double South, double East, double North)
{
    public bool CrossesAntimeridian => West > East;
}

/// <summary>A <c>datetime</c>: an instant (start = end) or an interval, either end open (null).</summary>
public readonly record struct OgcInterval(DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>
/// What a request for features asks: a page of at most <see cref="Limit"/> features after the
/// feature <see cref="After"/> or before <see cref="Before"/> in id order (the keyset cursors of
/// the next and prev links), inside <see cref="Bbox"/> and <see cref="Time"/>. A limit of 0 asks
/// for the count alone (<c>numberMatched</c>): a map that decides between drawing a layer's
/// features and its tiles needs no feature, least of all a household's name, to count them.
/// </summary>
public sealed record OgcItemsQuery(int Limit, OgcBbox? Bbox, OgcInterval? Time, long? After, long? Before)
{
    public const int DefaultLimit = 100, MaxLimit = 10_000;

    /// <summary>Every query parameter <c>/items</c> takes (OGC 17-069r4 /req/core/query-param-unknown: any other is a 400).</summary>
    public static readonly string[] Parameters = ["f", "limit", "bbox", "datetime", "after", "before"];

    /// <summary>The query, or a 400 naming the parameter at fault (/req/core/query-param-invalid).</summary>
    public static (OgcItemsQuery? Query, ValidationProblem? Error) Parse(IQueryCollection query)
    {
        if (OgcQuery.Unknown(query, Parameters) is { } unknown) return (null, unknown);
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var l))
        {
            var text = l.ToString();
            if (text.Length == 0 || !text.All(char.IsAsciiDigit))
                return (null, Problems.Invalid("limit", $"limit must be a whole number from 0 (the count alone) to {MaxLimit}"));
            // 17-069r4 /req/core/fc-limit-response-1 C: a limit above the maximum is no error; the maximum applies.
            limit = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Min(n, MaxLimit) : MaxLimit;
        }
        OgcBbox? bbox = null;
        if (query.TryGetValue("bbox", out var b))
        {
            var (box, error) = ParseBbox(b.ToString());
            if (error is not null) return (null, Problems.Invalid("bbox", error));
            bbox = box;
        }
        OgcInterval? time = null;
        if (query.TryGetValue("datetime", out var d))
        {
            var (interval, error) = ParseDatetime(d.ToString());
            if (error is not null) return (null, Problems.Invalid("datetime", error));
            time = interval;
        }
        var (after, afterError) = Cursor(query, "after", "the id of the last feature of the previous page, as the next link gives it");
        if (afterError is not null) return (null, afterError);
        var (before, beforeError) = Cursor(query, "before", "the id of the first feature of the next page, as the prev link gives it");
        if (beforeError is not null) return (null, beforeError);
        if (after is not null && before is not null)
            return (null, Problems.Invalid("before", "give after or before, not both: follow the next or prev link"));
        return (new(limit, bbox, time, after, before), null);
    }

    static (long? Id, ValidationProblem? Error) Cursor(IQueryCollection query, string name, string what)
    {
        if (!query.TryGetValue(name, out var v)) return (null, null);
        return long.TryParse(v.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? (id, null)
            : (null, Problems.Invalid(name, $"{name} must be {what}"));
    }

    /// <summary>17-069r4 /req/core/fc-bbox-definition: four numbers, or six with the heights third and sixth.</summary>
    public static (OgcBbox? Bbox, string? Error) ParseBbox(string text)
    {
        const string shape = "bbox must be four numbers, west,south,east,north in WGS 84 longitude/latitude (CRS84), or six with minimum and maximum height third and sixth";
        var parts = text.Split(',');
        var values = new double[parts.Length];
        if (parts.Length is not (4 or 6) || !parts.Select((p, i) => QueryNumbers.TryParse(p.Trim(), out values[i])).All(ok => ok))
            return (null, shape);
        var (west, south, east, north) = parts.Length == 4
            ? (values[0], values[1], values[2], values[3])
            : (values[0], values[1], values[3], values[4]);
        if (parts.Length == 6 && values[2] > values[5])
            return (null, "bbox: the minimum height (third number) exceeds the maximum height (sixth)");
        if (west is < -180 or > 180 || east is < -180 or > 180)
            return (null, "bbox: longitudes (first and third numbers) must lie from −180 to 180");
        if (south is < -90 or > 90 || north is < -90 or > 90)
            return (null, "bbox: latitudes (second and fourth numbers) must lie from −90 to 90");
        if (south > north)
            return (null, "bbox: the south edge (second number) lies north of the north edge (fourth); a west edge east of the east edge is a box across the antimeridian");
        return (new OgcBbox(west, south, east, north), null);
    }

    static readonly Regex Rfc3339 = new(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant);

    /// <summary>17-069r4 /req/core/fc-time-response D–F: an RFC 3339 date-time, or an interval with ".." or nothing at an open end.</summary>
    public static (OgcInterval? Interval, string? Error) ParseDatetime(string text)
    {
        const string shape = "datetime must be an RFC 3339 date-time such as 2026-03-06T08:30:00+08:00, or an interval start/end where an open end is .. or empty";
        var parts = text.Split('/');
        if (parts.Length > 2) return (null, shape);
        if (parts.Length == 1)
            return Instant(parts[0]) is { } at ? (new OgcInterval(at, at), null) : (null, shape);
        var open = (string s) => s is "" or "..";
        var start = Instant(parts[0]);
        var end = Instant(parts[1]);
        if ((start is null && !open(parts[0])) || (end is null && !open(parts[1]))) return (null, shape);
        if (start is null && end is null) return (null, "datetime: an interval needs a date-time at one end at least");
        if (start > end) return (null, "datetime: the interval starts after it ends");
        return (new OgcInterval(start, end), null);
    }

    static DateTimeOffset? Instant(string text) =>
        Rfc3339.IsMatch(text) && DateTimeOffset.TryParse(text.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}

public static class OgcQuery
{
    /// <summary>
    /// A 400 for a parameter the resource does not take (17-069r4 /req/core/query-param-unknown)
    /// or one given more than once; null when all is well.
    /// </summary>
    public static ValidationProblem? Unknown(IQueryCollection query, params string[] allowed)
    {
        foreach (var (key, values) in query)
        {
            if (!allowed.Contains(key))
                return Problems.Invalid(key, $"{key} is not a parameter of this resource; it takes {(allowed.Length == 1 ? allowed[0] : string.Join(", ", allowed[..^1]) + " and " + allowed[^1])}");
            if (values.Count > 1) return Problems.Invalid(key, $"{key} is given {values.Count} times; give it once");
        }
        return null;
    }
}
