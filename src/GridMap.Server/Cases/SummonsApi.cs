namespace GridMap.Server.Cases;

/// <summary>
/// Summonses (吹哨) as an inbox: a department's own, in its area (the department's 报到 is
/// <c>POST /api/cases/{id}/transitions {"action": "confirm_escalation"}</c>); a command centre's,
/// every department's in its area. Each entry is the summons as the case's snapshot shows it
/// (<c>department, state, summonedAt, dueAt, confirmedAt, late</c>, Data/Sql/case_snapshots.sql)
/// with <c>caseId</c> and the whole <c>case</c>: unconfirmed first, the earliest due first, then
/// the confirmed ones, the latest 报到 first. A department is summoned thousands of times a year:
/// the first page holds what it has to answer and what it took up last, not last year's.
/// </summary>
public static class SummonsApi
{
    public const int DefaultLimit = 200, MaxLimit = 1000;

    /// <summary>The inbox's order (as <c>web/js/dept.js</c> keeps it): unconfirmed by due time, then confirmed, the latest first.</summary>
    const string Order = "confirmed_at IS NOT NULL, CASE WHEN confirmed_at IS NULL THEN due END, confirmed_at DESC, case_id, department";

    public static void MapSummonses(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/summons", Inbox).WithTags("cases").RequireAuthorization(Access.Summonses);

    static async Task<Results<Ok<JsonElement>, ValidationProblem>> Inbox(Caller caller, NpgsqlDataSource db, string? limit, CancellationToken ct)
    {
        var rows = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out rows) || rows is < 1 or > MaxLimit))
            return Problems.Invalid("limit", $"limit must be a whole number from 1 to {MaxLimit}");
        await using var cmd = db.Command($"""
            SELECT coalesce(jsonb_agg(entry ORDER BY {Order}), '[]')::text FROM (
                SELECT e || jsonb_build_object('caseId', c.id, 'case', c.snapshot) AS entry, s.confirmed_at, s.due, c.id AS case_id, s.department
                FROM case_snapshots c CROSS JOIN LATERAL jsonb_array_elements(c.snapshot->'summons') e
                     CROSS JOIN LATERAL (SELECT (e->>'confirmedAt')::timestamptz AS confirmed_at, (e->>'dueAt')::timestamptz AS due, e->>'department' AS department) s
                WHERE {CaseAccess.Filter("c.")} AND c.id IN (SELECT case_id FROM case_summons)
                  AND (@summoned::text IS NULL OR s.department = @summoned)
                ORDER BY {Order}
                LIMIT @rows) inbox
            """, [("rows", rows), .. CaseAccess.Parameters(caller)]);
        return TypedResults.Ok(CaseAccess.Json((string)(await cmd.ExecuteScalarAsync(ct))!));
    }
}
