using System.Globalization;
using GridMap.Core.Spatial;

namespace GridMap.Server.Data;

/// <summary>A <c>bbox=minLon,minLat,maxLon,maxLat</c> query filter (WGS84, as in OGC API Features).</summary>
public readonly record struct Bbox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    /// <summary>Null when absent; a reason a user can act on when malformed.</summary>
    public static (Bbox? Bbox, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var parts = text.Split(',');
        var values = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).All(ok => ok))
            return (null, "bbox must be four numbers: minLon,minLat,maxLon,maxLat");
        var box = new Bbox(values[0], values[1], values[2], values[3]);
        if (!LonLat.IsLon(box.MinLon) || !LonLat.IsLon(box.MaxLon) || !LonLat.IsLat(box.MinLat) || !LonLat.IsLat(box.MaxLat))
            return (null, "bbox is outside lon −180..180 / lat −90..90");
        if (box.MinLon > box.MaxLon || box.MinLat > box.MaxLat)
            return (null, "bbox minimum exceeds its maximum (order is minLon,minLat,maxLon,maxLat)");
        return (box, null);
    }

    /// <summary>The four SQL parameters, or four nulls for "no filter".</summary>
    public static object?[] Parameters(Bbox? b) =>
        b is { } x ? [x.MinLon, x.MinLat, x.MaxLon, x.MaxLat] : [null, null, null, null];

    /// <summary>SQL condition on a geometry column; parameters $n..$n+3 from <see cref="Parameters"/>.</summary>
    public static string Filter(string column, int first) =>
        $"(${first}::float8 IS NULL OR {column} && ST_MakeEnvelope(${first}, ${first + 1}, ${first + 2}, ${first + 3}, 4326))";
}
