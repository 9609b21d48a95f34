namespace GridMap.Server.Coverage;

/// <summary>
/// The coverage table for a spreadsheet: UTF-8 with a byte-order mark (without it Excel reads
/// Chinese as mojibake), one header line in the form <c>中文 (English)</c>, the area's totals first,
/// then its communities and grids. Shares are percentages with two decimals.
/// </summary>
public static class CoverageCsv
{
    static readonly string[] Header =
    [
        "级别 (Level)", "编码 (Code)", "名称 (Name)", "上级编码 (Parent code)",
        "党员户数 (Households)", "覆盖户数 (Covered households)", "户覆盖率% (Household share %)",
        "党员户人口 (Members)", "覆盖人口 (Covered members)", "人口覆盖率% (Member share %)",
        "常住人口 (Residents)", "覆盖常住人口估计 (Covered residents, estimated)", "常住人口覆盖率% (Resident share %)",
    ];

    static readonly Dictionary<string, string> LevelNames = new()
    {
        ["district"] = "区 (district)", ["street"] = "街道 (street)", ["community"] = "社区 (community)", ["grid"] = "网格 (grid)",
    };

    public static Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Report(
        [AsParameters] CoverageQuery q, Caller caller, CoveragePlanner planner, CancellationToken ct) =>
        planner.AnswerAsync(q, caller, Spreadsheet, ct);

    static FileContentHttpResult Spreadsheet(CoverageScope scope)
    {
        var t = scope.State.Territory;
        var (totals, rows) = CoverageRows.Of(t, scope.Area, scope.Measured);
        var area = scope.AreaInfo;
        var codeOf = t.Areas.ToDictionary(a => a.Id, a => a.Code);

        var csv = new StringBuilder();
        Csv.Line(csv, Header);
        Csv.Line(csv, [LevelNames.GetValueOrDefault(area.Level, area.Level) + " 合计 (total)", area.Code, area.Name, ParentCode(area.ParentId),
            .. Figures(totals.Households, totals.Members, totals.Residents)]);
        foreach (var row in rows)
            Csv.Line(csv, [LevelNames.GetValueOrDefault(row.Level, row.Level), row.Code, row.Name, ParentCode(row.ParentId),
                .. Figures(row.Households, row.Members, row.Residents)]);

        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        var p = scope.Parameters;
        var radius = p.RadiusM is double r ? $"{r:0}m" : "own-radius";
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"coverage-{area.Code}-{radius}-{(p.Walking ? "walking" : "straight")}.csv");

        string ParentCode(long? parentId) => parentId is long id && codeOf.TryGetValue(id, out var code) ? code : "";
    }

    static IEnumerable<string> Figures(Tally households, Tally members, Tally? residents) =>
        [.. Columns(households), .. Columns(members), .. residents is null ? ["", "", ""] : Columns(residents)];

    static string[] Columns(Tally tally) =>
        [tally.Total.ToString(CultureInfo.InvariantCulture), tally.Covered.ToString(CultureInfo.InvariantCulture),
         (tally.Share * 100).ToString("0.00", CultureInfo.InvariantCulture)];
}
