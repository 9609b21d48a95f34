using System.ComponentModel;

namespace GridMap.Server.Cases;

/// <summary>
/// 综合评价 (GB/T 30428.4): evaluation figures for an area's cases reported in a period, in
/// total and per grid, area, person, category or week, as they stand now. Counted by PostgreSQL over the
/// read model (<c>case_snapshots</c>) with the rules of <see cref="CaseKpi"/>, which stays the
/// reference a test holds this count to.
/// </summary>
public static class KpiApi
{
    public static void MapKpis(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/kpis", Evaluate).WithTags("cases").RequireAuthorization(Access.Aggregates);

    /// <summary>One set of figures; rates are over <see cref="Due"/> and null when nothing is due.</summary>
    public sealed record KpiFigures(
        [property: Description("应结案数: cases closed, plus open ones past their handling deadline (parked and voided left out)")] int Due,
        [property: Description("结案数: cases closed")] int Closed,
        [property: Description("按期结案数: closed cases whose feedback came by the handling deadline")] int ClosedOnTime,
        [property: Description("结案率 = 结案数 / 应结案数")] double? ClosureRate,
        [property: Description("按期结案率 = 按期结案数 / 应结案数")] double? OnTimeClosureRate,
        [property: Description("返工数: due cases sent back at least once (返工)")] int Reworked,
        [property: Description("返工率 = 返工数 / 应结案数")] double? ReworkRate,
        [property: Description("延期数: due cases granted an extension (延期)")] int Extended,
        [property: Description("延期率 = 延期数 / 应结案数")] double? ExtensionRate,
        [property: Description("超期未结: cases with the handler past their handling deadline")] int OverdueOpen)
    {
        public static KpiFigures Of(CaseKpi k) => new(k.Due, k.Closed, k.ClosedOnTime, k.ClosureRate, k.OnTimeClosureRate,
            k.Reworked, k.ReworkRate, k.Extended, k.ExtensionRate, k.OverdueOpen);
    }

    /// <param name="Key">The grid, area or staff id, the category code, or the week's Monday (yyyy-MM-dd, +08:00).</param>
    public sealed record KpiGroup(int Rank, string Key, string Name, KpiFigures Figures);

    public sealed record KpiReport(long? AreaId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset AsOf, string? By, KpiFigures Total, IReadOnlyList<KpiGroup> Groups);

    /// <summary>
    /// What each <c>by</c> groups on: a key, SQL over <c>case_snapshots c</c>, and its name, SQL over
    /// the key <c>k.key</c>. <c>area</c>'s key is the column of the level below the area asked for
    /// (<see cref="ChildColumn"/>), here as <c>{0}</c>. A week starts on Monday in China
    /// Standard Time, the time the figures are shown in.
    /// </summary>
    static readonly Dictionary<string, (string Key, string Name)> Groupings = new()
    {
        ["grid"] = ("c.grid_id::text", "(SELECT name FROM areas WHERE id = k.key::bigint)"),
        ["person"] = ("c.assignee_id::text", "(SELECT name FROM staff WHERE id = k.key::bigint)"),
        ["category"] = ("c.category_code", "NULL"),
        ["area"] = ("c.{0}::text", "(SELECT name FROM areas WHERE id = k.key::bigint)"),
        ["week"] = ("to_char(date_trunc('week', c.reported_at AT TIME ZONE INTERVAL '+08:00'), 'YYYY-MM-DD')", "k.key"),
    };

    /// <summary>The <c>by</c> values, for the reason a user reads.</summary>
    public static string ByList => AreaNames.List(Groupings.Keys);

    /// <summary>
    /// The column of <c>case_snapshots</c> naming the area one level below the area asked for (of
    /// <paramref name="level"/>) that a case lies in: a district's streets, a street's communities,
    /// a community's grids; a grid or micro-grid is its grid's (cases are filed in grids, nothing
    /// finer); with no area, the districts.
    /// </summary>
    static string ChildColumn(long? areaId, AreaLevel? level) => areaId is null ? "district_id" : level switch
    {
        AreaLevel.District => "street_id",
        AreaLevel.Street => "community_id",
        _ => "grid_id",
    };

    /// <param name="areaId">The area and everything under it; when absent, the caller's area (everything for an admin).</param>
    /// <param name="from">Cases reported from (inclusive); 30 days before <paramref name="to"/> when absent.</param>
    /// <param name="to">Cases reported before (exclusive); now when absent.</param>
    /// <param name="by">grid, person (roles that see staff only), category, area (the areas one level below areaId: a district's streets, a street's communities, a community's grids) or week (reported in the week starting on Monday, +08:00); totals only when absent. Groups are ranked by on-time closure rate, then closure rate, then cases due (more first); weeks are in order.</param>
    static async Task<Results<Ok<KpiReport>, ValidationProblem, ProblemHttpResult>> Evaluate(
        NpgsqlDataSource db, Caller caller, CaseCatalogue catalogue, TimeProvider time, long? areaId, DateTimeOffset? from, DateTimeOffset? to, string? by, CancellationToken ct)
    {
        if (by is not null && !Groupings.ContainsKey(by)) return Problems.Invalid("by", $"by must be {ByList}");
        // Figures per person name staff members: only for roles that see staff (a planner sees figures, not people).
        if (by == "person" && !Access.May(caller.Role, Access.Staff))
            return TypedResults.Problem(title: "Not for your role", statusCode: StatusCodes.Status403Forbidden,
                detail: "Your role sees figures per grid and per category, not per person.");
        var (period, invalid, refused) = await PeriodAsync(db, caller, time, areaId, from, to, ct);
        if (invalid is not null) return invalid;
        if (refused is not null) return refused;
        var figures = await CountAsync(db, by, period.AreaId, period.Start, period.End, period.AsOf, ct);
        var total = figures.SingleOrDefault(g => g.Total)?.Kpi ?? new CaseKpi(0, 0, 0, 0, 0, 0);
        var groups = by == "week" ? InOrder(figures) : Ranked(figures, catalogue);
        return TypedResults.Ok(new KpiReport(period.AreaId, period.Start, period.End, period.AsOf, by, KpiFigures.Of(total), groups));
    }

    /// <summary>The area and the reporting period figures are asked for, with the moment they are counted at.</summary>
    public readonly record struct KpiPeriod(long? AreaId, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset AsOf);

    /// <summary>
    /// The period of a request (<see cref="Evaluate"/>'s parameters), or why it is refused: invalid
    /// (400 naming the field) or an area outside the caller's (403).
    /// </summary>
    public static async Task<(KpiPeriod Period, ValidationProblem? Invalid, ProblemHttpResult? Refused)> PeriodAsync(
        NpgsqlDataSource db, Caller caller, TimeProvider time, long? areaId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        areaId ??= caller.Scope;
        if (areaId is { } area && !await AreaScope.CoversAreaAsync(db, caller, area, ct))
            return (default, null, Problems.OutsideArea($"Area {area} is not in your area."));
        // The edges of DateTimeOffset's range have no room for the 30 days before or the +08:00 the figures are shown in.
        foreach (var (field, value) in new[] { ("from", from), ("to", to) })
            if (value?.UtcDateTime.Year is < 1900 or > 2999) return (default, Problems.Invalid(field, $"{field} must lie between the years 1900 and 2999"), null);
        var now = time.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddDays(-30);
        if (start >= end) return (default, Problems.Invalid("from", "from must be before to"), null);
        return (new(areaId, start, end, now), null, null);
    }

    /// <summary>
    /// The groups of <see cref="CountAsync"/> ranked by on-time closure rate, then closure rate, then
    /// cases due, more first (eight of eight closed on time ahead of one of one: at a district's
    /// thousands of grids, a month's rates tie often), each named.
    /// </summary>
    public static List<KpiGroup> Ranked(IEnumerable<CountedGroup> figures, CaseCatalogue catalogue) =>
        [.. figures.Where(g => !g.Total)
            .Select(g => (Key: g.Key ?? "", Name: g.Name ?? catalogue.FindCategory(g.Key ?? "")?.NameZh ?? (g.Key is null ? "未分配 none" : g.Key), g.Kpi))
            .OrderByDescending(g => g.Kpi.OnTimeClosureRate ?? -1).ThenByDescending(g => g.Kpi.ClosureRate ?? -1).ThenByDescending(g => g.Kpi.Due)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => new KpiGroup(i + 1, g.Key, g.Name, KpiFigures.Of(g.Kpi)))];

    /// <summary>The groups of <see cref="CountAsync"/> in the order of their keys (weeks: earliest first), numbered from 1.</summary>
    public static List<KpiGroup> InOrder(IEnumerable<CountedGroup> figures) =>
        [.. figures.Where(g => !g.Total).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => new KpiGroup(i + 1, g.Key ?? "", g.Name ?? g.Key ?? "", KpiFigures.Of(g.Kpi)))];

    /// <summary>The figures of one group, or of all (<see cref="Total"/>).</summary>
    public sealed record CountedGroup(bool Total, string? Key, string? Name, CaseKpi Kpi);

    /// <summary>
    /// The evaluation of the area's cases reported in [<paramref name="start"/>, <paramref name="end"/>)
    /// as they stand at <paramref name="asOf"/>, counted by PostgreSQL: the total, and one group per
    /// key of <paramref name="by"/> (none when null). The rules are <see cref="CaseKpi.Compute"/>'s.
    /// </summary>
    public static async Task<List<CountedGroup>> CountAsync(
        NpgsqlDataSource db, string? by, long? areaId, DateTimeOffset start, DateTimeOffset end, DateTimeOffset asOf, CancellationToken ct)
    {
        var level = await CaseArea.LevelAsync(db, areaId, ct);
        var (key, name) = by is null ? ("NULL::text", "NULL") : Groupings[by];
        if (by == "area") key = string.Format(System.Globalization.CultureInfo.InvariantCulture, key, ChildColumn(areaId, level));
        var (total, sets) = by is null ? ("true", "()") : ($"grouping({key}) = 1", $"(), ({key})");
        await using var cmd = db.Command($"""
            SELECT k.total, k.key, {name}, k.due, k.closed, k.on_time, k.reworked, k.extended, k.overdue_open
            FROM (
                SELECT {total} AS total, {key} AS key,
                       count(*) FILTER (WHERE c.due) AS due,
                       count(*) FILTER (WHERE c.status = @closed) AS closed,
                       count(*) FILTER (WHERE c.status = @closed AND c.feedback_at <= c.handling_due) AS on_time,
                       count(*) FILTER (WHERE c.due AND c.rework_count > 0) AS reworked,
                       count(*) FILTER (WHERE c.due AND c.extension_granted_hours > 0) AS extended,
                       count(*) FILTER (WHERE c.status = ANY (@handlingClockRuns) AND c.handling_due < @asOf) AS overdue_open
                FROM (
                    -- 应结案: closed, or past the handling deadline and neither parked nor finished otherwise
                    SELECT c.*, c.status = @closed OR (c.handling_due < @asOf AND c.status <> @parked AND NOT c.finished) AS due
                    FROM case_snapshots c
                    WHERE {CaseArea.Filter("c.")}
                      AND c.reported_at >= @start AND c.reported_at < @end) c
                GROUP BY GROUPING SETS ({sets})) k
            """,
            [("closed", CaseStatus.Closed.Code()), ("parked", CaseStatus.Parked.Code()),
             ("handlingClockRuns", Enum.GetValues<CaseStatus>().Where(CaseWorkflow.HandlingClockRuns).Select(s => s.Code()).ToArray()),
             ("asOf", asOf.ToUniversalTime()), .. CaseArea.Parameters(areaId, level), ("start", start.ToUniversalTime()), ("end", end.ToUniversalTime())]);
        var groups = new List<CountedGroup>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            groups.Add(new(r.GetBoolean(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                new CaseKpi((int)r.GetInt64(3), (int)r.GetInt64(4), (int)r.GetInt64(5), (int)r.GetInt64(6), (int)r.GetInt64(7), (int)r.GetInt64(8))));
        return groups;
    }
}
