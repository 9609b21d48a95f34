using System.ComponentModel;
using GridMap.Core.Cases;
using GridMap.Server.Auth;
using GridMap.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridMap.Server.Cases;

/// <summary>
/// 综合评价 (GB/T 30428.4): evaluation figures for an area's cases reported in a period, in
/// total and per grid, person or category, as they stand now. The database hands over one small
/// summary per case and <see cref="CaseKpi.Compute"/> counts them, so the figures have one
/// definition.
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

    /// <param name="Key">The grid or staff id, or the category code.</param>
    public sealed record KpiGroup(int Rank, string Key, string Name, KpiFigures Figures);

    public sealed record KpiReport(long? AreaId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset AsOf, string? By, KpiFigures Total, IReadOnlyList<KpiGroup> Groups);

    /// <summary>What each <c>by</c> groups on: a key and a name, both SQL over <c>cases c</c>.</summary>
    static readonly Dictionary<string, (string Key, string Name)> Groupings = new()
    {
        ["grid"] = ("c.grid_id::text", "(SELECT name FROM areas WHERE id = c.grid_id)"),
        ["person"] = ("c.assignee_id::text", "(SELECT name FROM staff WHERE id = c.assignee_id)"),
        ["category"] = ("c.category_code", "NULL"),
    };

    /// <param name="areaId">The area and everything under it; when absent, the caller's area (everything for an admin).</param>
    /// <param name="from">Cases reported from (inclusive); 30 days before <paramref name="to"/> when absent.</param>
    /// <param name="to">Cases reported before (exclusive); now when absent.</param>
    /// <param name="by">grid, person (roles that see staff only) or category; totals only when absent. Groups are ranked by on-time closure rate, then closure rate.</param>
    static async Task<Results<Ok<KpiReport>, ValidationProblem, ProblemHttpResult>> Evaluate(
        NpgsqlDataSource db, Caller caller, CaseCatalogue catalogue, TimeProvider time, long? areaId, DateTimeOffset? from, DateTimeOffset? to, string? by, CancellationToken ct)
    {
        areaId ??= caller.Scope;
        if (areaId is { } area && caller.Scope is { } root)
        {
            await using var inArea = db.Command("SELECT $1 IN (SELECT area_subtree($2))", area, root);
            if (await inArea.ExecuteScalarAsync(ct) is not true) return Problems.OutsideArea($"Area {area} is not in your area.");
        }
        if (by is not null && !Groupings.ContainsKey(by)) return Problems.Invalid("by", "by must be grid, person or category");
        // Figures per person name staff members: only for roles that see staff (a planner sees figures, not people).
        if (by == "person" && !Access.May(caller.Role, Access.Staff))
            return TypedResults.Problem(title: "Not for your role", statusCode: StatusCodes.Status403Forbidden,
                detail: "Your role sees figures per grid and per category, not per person.");
        // The edges of DateTimeOffset's range have no room for the 30 days before or the +08:00 the figures are shown in.
        foreach (var (field, value) in new[] { ("from", from), ("to", to) })
            if (value?.UtcDateTime.Year is < 1900 or > 2999) return Problems.Invalid(field, $"{field} must lie between the years 1900 and 2999");
        var now = time.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddDays(-30);
        if (start >= end) return Problems.Invalid("from", "from must be before to");
        var (key, name) = by is null ? ("NULL", "NULL") : Groupings[by];

        var rows = new List<(CaseSummary Summary, string? Key, string? Name)>();
        await using (var cmd = db.Command($"""
            SELECT c.status, c.handling_due, c.feedback_at, c.rework_count > 0, c.extension_granted_hours > 0, {key}, {name}
            FROM cases c
            WHERE ($1::bigint IS NULL OR $1 IN (c.grid_id, c.community_id, c.street_id, c.district_id))
              AND c.reported_at >= $2 AND c.reported_at < $3
            """, areaId, start.ToUniversalTime(), end.ToUniversalTime()))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                CaseCodes.TryParse(r.GetString(0), out CaseStatus status);
                var summary = new CaseSummary(status, Time(r, 1), Time(r, 2), r.GetBoolean(3), r.GetBoolean(4));
                rows.Add((summary, r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
            }

        var groups = by is null ? [] : rows
            .GroupBy(x => x.Key ?? "")
            .Select(g => (g.Key, Name: g.First().Name ?? catalogue.FindCategory(g.Key)?.NameZh ?? (g.Key == "" ? "未分配 none" : g.Key),
                Kpi: CaseKpi.Compute(g.Select(x => x.Summary), now)))
            .OrderByDescending(g => g.Kpi.OnTimeClosureRate ?? -1).ThenByDescending(g => g.Kpi.ClosureRate ?? -1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => new KpiGroup(i + 1, g.Key, g.Name, KpiFigures.Of(g.Kpi)))
            .ToList();
        var total = KpiFigures.Of(CaseKpi.Compute(rows.Select(x => x.Summary), now));
        return TypedResults.Ok(new KpiReport(areaId, CaseView.Cst(start), CaseView.Cst(end), CaseView.Cst(now), by, total, groups));
    }

    static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
