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

    /// <summary>The SQL parameters of <see cref="Filter"/>, all null for "no filter".</summary>
    public static (string, object?)[] Parameters(Bbox? b) =>
        [("minLon", b?.MinLon), ("minLat", b?.MinLat), ("maxLon", b?.MaxLon), ("maxLat", b?.MaxLat)];

    /// <summary>SQL condition on a geometry column, with <see cref="Parameters"/>.</summary>
    public static string Filter(string column) =>
        $"(@minLon::float8 IS NULL OR {column} && ST_MakeEnvelope(@minLon, @minLat, @maxLon, @maxLat, 4326))";
}
