namespace GridMap.Server.Cases;

/// <summary>
/// Summonses (吹哨) as an inbox: a department's own, in its area (the department's 报到 is
/// <c>POST /api/cases/{id}/transitions {"action": "confirm_escalation"}</c>); a command centre's,
/// every department's in its area. Each entry is the summons as the case's snapshot shows it
/// (<c>department, state, summonedAt, dueAt, confirmedAt, late</c>, Data/Sql/case_snapshots.sql)
/// with <c>caseId</c>, the whole <c>case</c>, and the <c>names</c> of its grid, community and
/// street and of its handler (<c>{areas: [{id, level, name}], staff: [{id, name}]}</c>): a
/// department reads neither the territory nor the staff list, and must know where to report and
/// to whom. Unconfirmed first, the earliest due first, then the confirmed ones, the latest 报到
/// first. A department is summoned thousands of times a year: the first page holds what it has to
/// answer and what it took up last, not last year's.
/// </summary>
public static class SummonsApi
{
    public const int DefaultLimit = 200, MaxLimit = 1000;

    /// <summary>The inbox's order (as <c>web/js/dept.js</c> keeps it): unconfirmed by due time, then confirmed, the latest first.</summary>
    const string Order = "confirmed_at IS NOT NULL, CASE WHEN confirmed_at IS NULL THEN due END, confirmed_at DESC, case_id, department";

    public static void MapSummonses(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/summons", Inbox).WithTags("cases").RequireAuthorization(Access.Summonses);
        // One case's entries: what a page shows of a case the live push brought, with the names the push does not carry.
        app.MapGet("/api/summons/{caseId:long}", async (long caseId, Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
            TypedResults.Ok(await EntriesAsync(db, caller, caseId, MaxLimit, ct))).WithTags("cases").RequireAuthorization(Access.Summonses);
    }

    static async Task<Results<Ok<JsonElement>, ValidationProblem>> Inbox(Caller caller, NpgsqlDataSource db, string? limit, CancellationToken ct)
    {
        var rows = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out rows) || rows is < 1 or > MaxLimit))
            return Problems.Invalid("limit", $"limit must be a whole number from 1 to {MaxLimit}");
        return TypedResults.Ok(await EntriesAsync(db, caller, null, rows, ct));
    }

    /// <summary>The first <paramref name="rows"/> entries of the caller's inbox, of one case or of all.</summary>
    static async Task<JsonElement> EntriesAsync(NpgsqlDataSource db, Caller caller, long? caseId, int rows, CancellationToken ct)
    {
        // The page is chosen from case_summons (and the caller's cases) first, and only its cases'
        // snapshots are built: a snapshot is made per row by a view (the case as JSON, with subqueries
        // for its summonses, media and duplicates), and a department has thousands of summonses.
        // The chosen rows are wrapped once so that Order's names (due, department) are columns.
        await using var cmd = db.Command($"""
            SELECT coalesce(jsonb_agg(entry ORDER BY {Order}), '[]')::text FROM (
                SELECT e || jsonb_build_object('caseId', c.id, 'case', c.snapshot, 'names', jsonb_build_object(
                           'areas', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'level', a.level, 'name', a.name) ORDER BY a.id), '[]')
                                     FROM areas a WHERE a.id IN (c.grid_id, c.community_id, c.street_id)),
                           'staff', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'name', h.name)), '[]')
                                     FROM staff h WHERE h.id = c.assignee_id))) AS entry, inbox.*
                FROM (SELECT * FROM (SELECT s.case_id, s.department_code AS department, s.confirmed_at, s.due_at AS due
                                     FROM case_summons s JOIN cases c ON c.id = s.case_id
                                     WHERE {CaseAccess.Filter("c.")} AND (@summoned::text IS NULL OR s.department_code = @summoned)
                                       AND (@caseId::bigint IS NULL OR s.case_id = @caseId)) chosen
                      ORDER BY {Order}
                      LIMIT @rows) inbox
                JOIN case_snapshots c ON c.id = inbox.case_id
                CROSS JOIN LATERAL jsonb_array_elements(c.snapshot->'summons') e
                WHERE e->>'department' = inbox.department) page
            """, [("rows", rows), ("caseId", caseId), .. CaseAccess.Parameters(caller)]);
        return CaseAccess.Json((string)(await cmd.ExecuteScalarAsync(ct))!);
    }
}
