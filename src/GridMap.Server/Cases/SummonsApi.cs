namespace GridMap.Server.Cases;

/// <summary>
/// Summonses (吹哨) as an inbox: a department's own, in its area (the department's 报到 is
/// <c>POST /api/cases/{id}/transitions {"action": "confirm_escalation"}</c>); a command centre's,
/// every department's in its area. Each entry is the summons as the case's snapshot shows it
/// (<c>department, state, summonedAt, dueAt, confirmedAt, late</c>, Data/Sql/case_snapshots.sql)
/// with <c>caseId</c> and the whole <c>case</c>: unconfirmed first, the earliest due first, then
/// the confirmed ones, the latest 报到 first. A department is summoned thousands of times a year:
/// the first page holds what it has to answer and what it took up last, and the older ones are
/// read a page at a time, from the <c>Link</c> header's <c>rel="next"</c> (RFC 8288; the body
/// stays a plain array). <c>open=true</c> keeps the summonses of cases still open, answered or not
/// (the department's map).
/// </summary>
public static class SummonsApi
{
    public const int DefaultLimit = 200, MaxLimit = 1000;

    /// <summary>The inbox's order (as <c>web/js/dept.js</c> keeps it): unconfirmed by due time, then confirmed, the latest first.</summary>
    const string Order = "confirmed_at IS NOT NULL, CASE WHEN confirmed_at IS NULL THEN due END, confirmed_at DESC, case_id, department";

    public static void MapSummonses(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/summons", Inbox).WithTags("cases").RequireAuthorization(Access.Summonses);

    static async Task<Results<Ok<JsonElement>, ValidationProblem>> Inbox(HttpContext http, Caller caller, NpgsqlDataSource db, string? limit, string? after, string? open, CancellationToken ct)
    {
        var onlyOpen = false;
        if (open is not null && !bool.TryParse(open, out onlyOpen)) return Problems.Invalid("open", "open must be true or false");
        var rows = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out rows) || rows is < 1 or > MaxLimit))
            return Problems.Invalid("limit", $"limit must be a whole number from 1 to {MaxLimit}");
        var cursor = Cursor.Parse(after);
        if (after is not null && cursor is null)
            return Problems.Invalid("after", "after must be the cursor of the previous page's next link, as given");
        // The page is chosen from case_summons (and the caller's cases) first, and only its cases'
        // snapshots are built: a snapshot is made per row by a view (the case as JSON, with subqueries
        // for its summonses, media and duplicates), and a department has thousands of summonses.
        // The chosen rows are wrapped once so that Order's names (due, department) are columns; one
        // row more than the page is read, to tell whether there is a next page.
        await using var cmd = db.Command($"""
            WITH inbox AS (
                SELECT *, row_number() OVER (ORDER BY {Order}) AS n FROM (
                    SELECT * FROM (SELECT s.case_id, s.department_code AS department, s.confirmed_at, s.due_at AS due
                                   FROM case_summons s JOIN cases c ON c.id = s.case_id
                                   WHERE {CaseAccess.Filter("c.")} AND (@summoned::text IS NULL OR s.department_code = @summoned)
                                     AND NOT (@onlyOpen AND case_finished(c.status))) chosen
                    WHERE {Cursor.Filter}
                    ORDER BY {Order}
                    LIMIT @rows + 1) page)
            SELECT (SELECT coalesce(jsonb_agg(e || jsonb_build_object('caseId', c.id, 'case', c.snapshot) ORDER BY inbox.n), '[]')::text
                    FROM inbox
                    JOIN case_snapshots c ON c.id = inbox.case_id
                    CROSS JOIN LATERAL jsonb_array_elements(c.snapshot->'summons') e
                    WHERE inbox.n <= @rows AND e->>'department' = inbox.department),
                   (SELECT {Cursor.Of("ending")} FROM inbox ending WHERE ending.n = @rows AND EXISTS (SELECT 1 FROM inbox WHERE n > @rows))
            """, [("rows", rows), ("onlyOpen", onlyOpen), .. Cursor.Parameters(cursor), .. CaseAccess.Parameters(caller)]);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (!reader.IsDBNull(1))
            http.Response.Headers.Link = $"<{FeatureStream.NextLinkStem(http.Request)}{Uri.EscapeDataString(reader.GetString(1))}>; rel=\"next\"";
        return TypedResults.Ok(CaseAccess.Json(reader.GetString(0)));
    }

    /// <summary>
    /// Where a page ends, in the inbox's order: whether the summons was confirmed, the time it is
    /// ordered by (its due time, or its 报到, in microseconds since 1970 as PostgreSQL keeps them),
    /// its case and its department, written <c>u|c.micros.case.department</c>. A keyset, as
    /// <see cref="Page"/> is: the next page starts after the last summons read, not after a count,
    /// so one added or answered meanwhile moves no other into or out of the pages still to read.
    /// </summary>
    sealed record Cursor(bool Confirmed, long Micros, long CaseId, string Department)
    {
        public static Cursor? Parse(string? text)
        {
            var parts = text?.Split('.', 4);
            return parts is [var state and ("u" or "c"), var micros, var caseId, { Length: > 0 and <= 100 } department]
                   && long.TryParse(micros, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var at)
                   && long.TryParse(caseId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new(state == "c", at, id, department)
                : null;
        }

        /// <summary>SQL: the cursor of the inbox row <paramref name="row"/>.</summary>
        public static string Of(string row) =>
            $"CASE WHEN {row}.confirmed_at IS NULL THEN 'u' ELSE 'c' END || '.' || (extract(epoch FROM coalesce({row}.confirmed_at, {row}.due)) * 1000000)::bigint"
            + $" || '.' || {row}.case_id || '.' || {row}.department";

        /// <summary>SQL condition: the rows after the cursor in the inbox's order (all without one); with <see cref="Parameters"/>.</summary>
        public const string Filter = """
            (@afterCase::bigint IS NULL
             OR (NOT @afterConfirmed AND (confirmed_at IS NOT NULL
                                          OR (due, case_id, department) > (@afterAt::timestamptz, @afterCase, @afterDepartment::text)))
             OR (@afterConfirmed AND confirmed_at IS NOT NULL
                 AND (confirmed_at < @afterAt::timestamptz
                      OR (confirmed_at = @afterAt::timestamptz AND (case_id, department) > (@afterCase, @afterDepartment::text)))))
            """;

        public static (string, object?)[] Parameters(Cursor? cursor) =>
        [
            ("afterConfirmed", cursor?.Confirmed ?? false),
            ("afterAt", cursor is null ? null : DateTime.UnixEpoch.AddTicks(cursor.Micros * TimeSpan.TicksPerMicrosecond)),
            ("afterCase", cursor?.CaseId),
            ("afterDepartment", cursor?.Department),
        ];
    }
}
