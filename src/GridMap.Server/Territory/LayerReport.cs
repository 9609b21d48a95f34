namespace GridMap.Server.Territory;

/// <summary>
/// 一张网: where two grid layers disagree. For each grid of <c>layer</c> in the caller's area, the
/// grids of <c>against</c> that overlap it and by what share of each, and the communities it lies
/// in (more than one: it crosses a community boundary). Areas are PostGIS's, on the spheroid
/// (ST_Intersection, ST_Area of geography); a piece of at most <see cref="AreaImport.ToleranceSquareMetres"/>
/// is a shared edge drawn twice, not an overlap. <c>GET /api/areas/layer-report</c> as JSON,
/// <c>/api/areas/layer-report.csv</c> one line per pair for a spreadsheet.
/// </summary>
public static class LayerReport
{
    /// <summary>A grid matches when one grid of the other layer and it cover each other to this share: the same grid drawn twice.</summary>
    public const double MatchShare = 0.99;
    /// <summary>The most grids one report covers (a large city's district); ask for a street (<c>areaId</c>) beyond it.</summary>
    public const int MaxGrids = 20_000;

    public sealed record Overlap(long Id, string Code, string Name, double SquareMetres, double ShareOfGrid, double ShareOfOther);
    public sealed record Community(long Id, string Code, string Name, double ShareOfGrid);
    public sealed record GridRow(long Id, string Code, string Name, double SquareMetres, bool Matched, bool CrossesCommunity,
        IReadOnlyList<Overlap> Overlaps, IReadOnlyList<Community> Communities);
    public sealed record Report(string Layer, string Against, long? AreaId, IReadOnlyList<GridRow> Grids);

    public static async Task<Results<Ok<Report>, ValidationProblem>> Json(
        NpgsqlDataSource db, Caller caller, string? layer, string? against, string? areaId, CancellationToken ct)
    {
        if (Check(layer, against, areaId) is { } invalid) return invalid;
        var report = await BuildAsync(db, caller, layer!, against!, areaId is null ? null : long.Parse(areaId, CultureInfo.InvariantCulture), ct);
        return report is null ? TooMany() : TypedResults.Ok(report);
    }

    static readonly string[] Header =
    [
        "网格ID (grid id)", "网格编码 (grid code)", "网格名称 (grid)", "网格面积㎡ (grid m²)", "对照网格编码 (other code)", "对照网格名称 (other grid)",
        "重叠面积㎡ (shared m²)", "占本网格% (share of grid %)", "占对照网格% (share of other %)", "一致 (matched)", "跨社区 (crosses community)",
    ];

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Csv(
        NpgsqlDataSource db, Caller caller, string? layer, string? against, string? areaId, CancellationToken ct)
    {
        if (Check(layer, against, areaId) is { } invalid) return invalid;
        var report = await BuildAsync(db, caller, layer!, against!, areaId is null ? null : long.Parse(areaId, CultureInfo.InvariantCulture), ct);
        if (report is null) return TooMany();
        var csv = new StringBuilder();
        Data.Csv.Line(csv, Header);
        foreach (var g in report.Grids)
        {
            string[] grid = [Num(g.Id), g.Code, g.Name, Num(g.SquareMetres, "0")];
            string[] flags = [g.Matched ? "是 yes" : "否 no", g.CrossesCommunity ? "是 yes" : "否 no"];
            if (g.Overlaps.Count == 0) Data.Csv.Line(csv, [.. grid, "", "", "", "", "", .. flags]);
            foreach (var o in g.Overlaps)
                Data.Csv.Line(csv, [.. grid, o.Code, o.Name, Num(o.SquareMetres, "0"), Num(100 * o.ShareOfGrid, "0.0"), Num(100 * o.ShareOfOther, "0.0"), .. flags]);
        }
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"layer-report-{layer}-{against}.csv");
    }

    static string Num(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
    static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);

    static ValidationProblem? Check(string? layer, string? against, string? areaId)
    {
        var errors = new Dictionary<string, string[]>();
        if (AreaNames.ParseLayer(layer) is null) errors["layer"] = [$"layer must be one of {AreaNames.LayerList}"];
        if (AreaNames.ParseLayer(against) is null) errors["against"] = [$"against must be one of {AreaNames.LayerList}"];
        else if (against == layer) errors["against"] = ["against must be another layer than layer"];
        if (areaId is not null && !long.TryParse(areaId, NumberStyles.None, CultureInfo.InvariantCulture, out _)) errors["areaId"] = ["areaId must be an area id"];
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    static ValidationProblem TooMany() =>
        Problems.Invalid("areaId", $"the report covers at most {MaxGrids} grids: ask for one street or community (areaId)");

    /// <summary>The report; null when the area holds more than <see cref="MaxGrids"/> grids of the layer.</summary>
    static async Task<Report?> BuildAsync(NpgsqlDataSource db, Caller caller, string layer, string against, long? areaId, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            WITH g AS (
                SELECT id, code, name, boundary, ST_Area(boundary::geography) AS m2 FROM areas
                WHERE level = 'grid' AND layer = @layer AND {AreaScope.Filter("id")}
                  AND (@areaId::bigint IS NULL OR id IN (SELECT area_subtree(@areaId)))
                ORDER BY id LIMIT @maxGrids + 1)
            SELECT g.id, g.code, g.name, g.m2, o.level, o.id, o.code, o.name, o.m2, o.shared
            FROM g LEFT JOIN LATERAL (
                SELECT x.level, x.id, x.code, x.name, ST_Area(x.boundary::geography) AS m2,
                       ST_Area(ST_Intersection(g.boundary, x.boundary)::geography) AS shared
                FROM areas x
                WHERE ((x.level = 'grid' AND x.layer = @against) OR x.level = 'community') AND ST_Intersects(g.boundary, x.boundary)) o
              ON o.shared > @tolerance
            ORDER BY g.id, o.level DESC, o.shared DESC, o.id
            """, ("layer", layer), ("against", against), ("areaId", areaId), ("maxGrids", MaxGrids),
            ("tolerance", AreaImport.ToleranceSquareMetres), AreaScope.Parameter(caller));
        var rows = new List<(long Id, string Code, string Name, double M2, List<Overlap> Overlaps, List<Community> Communities)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt64(0);
                if (rows.Count == 0 || rows[^1].Id != id)
                {
                    if (rows.Count == MaxGrids) return null;
                    rows.Add((id, r.GetString(1), r.GetString(2), r.GetDouble(3), [], []));
                }
                if (r.IsDBNull(4)) continue;
                var (gridM2, shared) = (r.GetDouble(3), r.GetDouble(9));
                if (r.GetString(4) == "grid")
                    rows[^1].Overlaps.Add(new(r.GetInt64(5), r.GetString(6), r.GetString(7), shared, shared / gridM2, shared / r.GetDouble(8)));
                else
                    rows[^1].Communities.Add(new(r.GetInt64(5), r.GetString(6), r.GetString(7), shared / gridM2));
            }
        return new Report(layer, against, areaId, [.. rows.Select(g => new GridRow(g.Id, g.Code, g.Name, g.M2,
            g.Overlaps.Any(o => o.ShareOfGrid >= MatchShare && o.ShareOfOther >= MatchShare), g.Communities.Count > 1,
            g.Overlaps, g.Communities))]);
    }
}
