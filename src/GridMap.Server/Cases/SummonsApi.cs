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
        // The page is chosen from case_summons (and the caller's cases) first, and only its cases'
        // snapshots are built: a snapshot is made per row by a view (the case as JSON, with subqueries
        // for its summonses, media and duplicates), and a department has thousands of summonses.
        // The chosen rows are wrapped once so that Order's names (due, department) are columns.
        await using var cmd = db.Command($"""
            SELECT coalesce(jsonb_agg(entry ORDER BY {Order}), '[]')::text FROM (
                SELECT e || jsonb_build_object('caseId', c.id, 'case', c.snapshot) AS entry, inbox.*
                FROM (SELECT * FROM (SELECT s.case_id, s.department_code AS department, s.confirmed_at, s.due_at AS due
                                     FROM case_summons s JOIN cases c ON c.id = s.case_id
                                     WHERE {CaseAccess.Filter("c.")} AND (@summoned::text IS NULL OR s.department_code = @summoned)) chosen
                      ORDER BY {Order}
                      LIMIT @rows) inbox
                JOIN case_snapshots c ON c.id = inbox.case_id
                CROSS JOIN LATERAL jsonb_array_elements(c.snapshot->'summons') e
                WHERE e->>'department' = inbox.department) page
            """, [("rows", rows), .. CaseAccess.Parameters(caller)]);
        return TypedResults.Ok(CaseAccess.Json((string)(await cmd.ExecuteScalarAsync(ct))!));
    }
}
