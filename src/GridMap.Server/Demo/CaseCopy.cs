using GridMap.Demo;
using NpgsqlTypes;
using static GridMap.Server.Demo.DemoLoader;

namespace GridMap.Server.Demo;

/// <summary>
/// Generated cases into cases, case_summons and case_events: each replayed through the workflow
/// (<see cref="CaseReplay"/>), moved by whole weeks so that the year ends by now (weekdays stay
/// weekdays), copied in report order, their events numbered in time order on the live stream's
/// counter (live_seq), which then stands at the last one as if each had been appended live.
/// </summary>
static class CaseCopy
{
    const int ProgressEvery = 20_000;

    /// <summary>The replayed cases, ready to copy once the areas and staff have ids.</summary>
    public sealed record Prepared(ReplayedCase[] Cases, int Weeks, DateTimeOffset Last);

    /// <summary>
    /// Reads and replays the cases file on every core. Needs nothing from the database, so the
    /// load runs it while the database takes the households, stations, staff and roads.
    /// </summary>
    public static Prepared Prepare(string dir, DateTimeOffset now)
    {
        var rules = DemoCaseRules.FromDataFolder();
        var lines = DemoCasesFile.ReadLines(dir).ToList();
        var generated = new DemoCase[lines.Count];
        Parallel.For(0, lines.Count, i => generated[i] = DemoCasesFile.Parse(lines[i], i + 1));
        lines.Clear();
        if (generated.Length == 0) return new([], 0, now);
        var last = generated.Max(c => c.Steps.Count > 0 ? c.Steps[^1].At : c.ReportedAt);
        var weeks = (int)Math.Floor((now - last).TotalDays / 7);
        var shift = TimeSpan.FromDays(7 * weeks);
        var replayed = new ReplayedCase[generated.Length];
        Parallel.For(0, generated.Length, i => replayed[i] = CaseReplay.Replay(generated[i], shift, now, rules.Catalogue, rules.Clocks));
        return new(replayed, weeks, last + shift);
    }

    /// <param name="snapshotsFrom">Events from then on keep the case's snapshot; older ones are stored as the live stream's retention leaves them, without.</param>
    public static async Task<(long Cases, long Summonses, long Events)> LoadAsync(NpgsqlConnection conn, Prepared prepared, Dictionary<string, long> areaIds,
        IReadOnlyList<long> staffIds, DateTimeOffset snapshotsFrom, IProgress<DemoProgress>? progress, TextWriter log, CancellationToken ct)
    {
        if (prepared.Cases.Length == 0) return (0, 0, 0);
        log.WriteLine($"demo data: cases moved by {prepared.Weeks:+0;-0} weeks, to end on {prepared.Last.ToOffset(WorkingClock.ChinaStandardTime):yyyy-MM-dd HH:mm} (China time)");
        long Id(string code) => areaIds.TryGetValue(code, out var id) ? id : throw new InvalidDataException($"{DemoCasesFile.FileName}: no area {code}");
        var chains = prepared.Cases.Select(c => c.GridCode).Distinct()
            .ToDictionary(g => g, g => new[] { Id(g), Id(g[..12]), Id(g[..9]), Id(g[..6]) });
        long? Staff(long? index) => index is { } i ? staffIds[(int)i] : null;

        // Indexes and foreign keys are rebuilt once over the loaded rows, not kept up row by row.
        // The cases' come back before the events' snapshots are made: case_snapshots looks cases up
        // by them (the duplicates of each case), and without them that is one scan per case.
        var casesAside = await SetAsideAsync(conn, ["cases"], ct);
        var eventsAside = await SetAsideAsync(conn, ["case_events"], ct);
        var (step, steps) = (0, casesAside.Count + eventsAside.Count);
        async Task RebuildAsync(List<string> aside)
        {
            foreach (var sql in aside)
            {
                progress?.Report(new("indexes and keys", step++, steps));
                await Command(conn, sql).ExecuteNonQueryAsync(ct);
            }
        }
        var ids = await CopyCasesAsync(conn, prepared.Cases, chains, Staff, progress, ct);
        await RebuildAsync(casesAside);
        await Command(conn, "ANALYZE cases").ExecuteNonQueryAsync(ct);
        // Before the events: their snapshots show each case's summonses.
        var summonses = await CopySummonsesAsync(conn, prepared.Cases, ids, ct);
        var events = await CopyEventsAsync(conn, prepared.Cases, ids, chains, Staff, snapshotsFrom, progress, ct);
        await RebuildAsync(eventsAside);
        progress?.Report(new("indexes and keys", steps, steps));
        return (prepared.Cases.Length, summonses, events);
    }

    /// <summary>
    /// Drops the secondary indexes and foreign keys of <paramref name="tables"/> (read from the
    /// catalogue, so whatever the migrations made) and returns the statements that make them again.
    /// </summary>
    static async Task<List<string>> SetAsideAsync(NpgsqlConnection conn, string[] tables, CancellationToken ct)
    {
        var drop = new List<string>();
        var rebuild = new List<string>();
        await using (var cmd = Command(conn, """
            SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY (@tables::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            UNION ALL
            SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
            FROM pg_constraint c
            WHERE c.conrelid = ANY (@tables::regclass[]) AND c.contype = 'f'
            """))
        {
            cmd.Parameters.AddWithValue("tables", tables);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                drop.Add(r.GetString(0));
                rebuild.Add(r.GetString(1));
            }
        }
        foreach (var sql in drop) await Command(conn, sql).ExecuteNonQueryAsync(ct);
        // Indexes first: the keys then check their rows through them.
        return [.. rebuild.OrderBy(s => s.StartsWith("ALTER", StringComparison.Ordinal))];
    }

    static async Task<long[]> CopyCasesAsync(NpgsqlConnection conn, ReplayedCase[] cases, Dictionary<string, long[]> chains,
        Func<long?, long?> staff, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        await Command(conn, "LOCK TABLE cases IN EXCLUSIVE MODE").ExecuteNonQueryAsync(ct);
        var before = (long)(await Command(conn, "SELECT coalesce(max(id), 0) FROM cases").ExecuteScalarAsync(ct))!;
        await using (var copy = await CopyAsync(conn, """
            COPY cases (category_code, description, reporter, source, status, location, grid_id, community_id, street_id, district_id,
                        assignee_id, reported_at, dispatch_due, dispatched_at, handling_due, closed_at, overdue_notified_at,
                        registered_at, feedback_at, updated_at, pauses, paused_since, extension_requested_hours,
                        extension_granted_hours, rework_count, version)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var (c, grid, _) = cases[i];
                copy.StartRow();
                copy.Write(c.CategoryCode, NpgsqlDbType.Text);
                copy.Write(c.Description, NpgsqlDbType.Text);
                Write(copy, c.Reporter);
                copy.Write(c.Source, NpgsqlDbType.Text);
                copy.Write(c.Status.Code(), NpgsqlDbType.Text);
                copy.Write(Ewkb.Point(c.Location.X, c.Location.Y), NpgsqlDbType.Bytea);
                foreach (var area in chains[grid]) copy.Write(area, NpgsqlDbType.Bigint);
                Write(copy, staff(c.AssigneeId));
                copy.Write(c.ReportedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                foreach (var t in new[] { c.DispatchDue, c.DispatchedAt, c.HandlingDue, c.ClosedAt, c.OverdueNotifiedAt, c.RegisteredAt, c.FeedbackAt })
                    Write(copy, t);
                copy.Write(c.UpdatedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write(c.Pauses, NpgsqlDbType.Array | NpgsqlDbType.TimestampTzRange);
                Write(copy, c.PausedSince);
                if (c.ExtensionRequestedHours is { } h) copy.Write(h, NpgsqlDbType.Integer); else copy.WriteNull();
                copy.Write(c.ExtensionGrantedHours, NpgsqlDbType.Integer);
                copy.Write(c.ReworkCount, NpgsqlDbType.Integer);
                copy.Write(c.Version, NpgsqlDbType.Integer);
                if (i % ProgressEvery == 0) progress?.Report(new("cases", i, cases.Length));
            }
            await copy.CompleteAsync(ct);
        }
        progress?.Report(new("cases", cases.Length, cases.Length));
        var ids = new long[cases.Length];
        await using var cmd = Command(conn, "SELECT id FROM cases WHERE id > @before ORDER BY id");
        cmd.Parameters.AddWithValue("before", before);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        for (var i = 0; await r.ReadAsync(ct); i++) ids[i] = r.GetInt64(0);
        return ids;
    }

    /// <summary>The summonses (吹哨) of the cases, as the workflow left them: 报到 or not, found late or not.</summary>
    static async Task<long> CopySummonsesAsync(NpgsqlConnection conn, ReplayedCase[] cases, long[] ids, CancellationToken ct)
    {
        long count = 0;
        await using var copy = await CopyAsync(conn, """
            COPY case_summons (case_id, department_code, summoned_at, due_at, confirmed_at, late_notified_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        for (var i = 0; i < cases.Length; i++)
            foreach (var s in cases[i].Case.Summonses)
            {
                copy.StartRow();
                copy.Write(ids[i], NpgsqlDbType.Bigint);
                copy.Write(s.DepartmentCode, NpgsqlDbType.Text);
                copy.Write(s.SummonedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write(s.DueAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                Write(copy, s.ConfirmedAt);
                Write(copy, s.LateNotifiedAt);
                count++;
            }
        await copy.CompleteAsync(ct);
        return count;
    }

    /// <summary>All events in time order, numbered on from live_seq, which is left at the last number.</summary>
    static async Task<long> CopyEventsAsync(NpgsqlConnection conn, ReplayedCase[] cases, long[] ids, Dictionary<string, long[]> chains,
        Func<long?, long?> staff, DateTimeOffset snapshotsFrom, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        var order = new List<(DateTimeOffset At, int Case, int Event)>(cases.Sum(c => c.Events.Count));
        for (var i = 0; i < cases.Length; i++)
            for (var e = 0; e < cases[i].Events.Count; e++) order.Add((cases[i].Events[e].At, i, e));
        order.Sort();
        // Taking the counter's row lock now holds back any live append until the load commits.
        var seq = (long)(await Command(conn, "SELECT last FROM live_seq WHERE id = 1 FOR UPDATE").ExecuteScalarAsync(ct))!;
        // The events go through a slim table first: their snapshots are then made from the one
        // definition of a case's shape (case_snapshots) with the fields that differ after each move.
        await Command(conn, """
            CREATE TEMP TABLE replayed_events (
                seq bigint, case_id bigint, at timestamptz, actor text, actor_role text, action text, from_status text,
                to_status text, note text, location geometry(Point, 4326), area_ids bigint[],
                assignee_id bigint, deadline timestamptz, overdue_notified_at timestamptz, version int) ON COMMIT DROP
            """).ExecuteNonQueryAsync(ct);
        await using (var copy = await CopyAsync(conn, """
            COPY replayed_events (seq, case_id, at, actor, actor_role, action, from_status, to_status, note, location, area_ids,
                                  assignee_id, deadline, overdue_notified_at, version)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            for (var n = 0; n < order.Count; n++)
            {
                var (_, i, e) = order[n];
                var (c, grid, events) = cases[i];
                var ev = events[e];
                copy.StartRow();
                copy.Write(++seq, NpgsqlDbType.Bigint);
                copy.Write(ids[i], NpgsqlDbType.Bigint);
                copy.Write(ev.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write(ev.Actor, NpgsqlDbType.Text);
                copy.Write(ev.ActorRole, NpgsqlDbType.Text);
                copy.Write(ev.Action, NpgsqlDbType.Text);
                Write(copy, ev.FromStatus);
                copy.Write(ev.ToStatus, NpgsqlDbType.Text);
                Write(copy, ev.Note);
                if (ev.AtCaseLocation) copy.Write(Ewkb.Point(c.Location.X, c.Location.Y), NpgsqlDbType.Bytea);
                else copy.WriteNull();
                copy.Write(chains[grid], NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                Write(copy, staff(ev.AssigneeId));
                Write(copy, ev.Deadline);
                Write(copy, ev.OverdueNotifiedAt);
                copy.Write(ev.Version, NpgsqlDbType.Integer);
                if (n % 100_000 == 0) progress?.Report(new("case events", n, order.Count));
            }
            await copy.CompleteAsync(ct);
        }
        progress?.Report(new("case events", order.Count, order.Count));
        // Each case's snapshot is made once, not once for each of its events (eight on average):
        // that was nine tenths of the load. Only for the cases with events recent enough to keep it.
        progress?.Report(new("case snapshots", 0, 1));
        await using (var snapshots = Command(conn, """
            CREATE TEMP TABLE loaded_snapshots ON COMMIT DROP AS
            SELECT s.id, s.snapshot FROM case_snapshots s
            WHERE s.id IN (SELECT case_id FROM replayed_events WHERE at >= @snapshotsFrom)
            """))
        {
            snapshots.Parameters.AddWithValue("snapshotsFrom", snapshotsFrom);
            await snapshots.ExecuteNonQueryAsync(ct);
        }
        await Command(conn, "ANALYZE loaded_snapshots; ANALYZE replayed_events").ExecuteNonQueryAsync(ct);
        progress?.Report(new("case snapshots", 1, 1));
        progress?.Report(new("case events' snapshots", 0, 1));
        // Room to hold the snapshots in one hash (about 1 KB each): the events then stream past it
        // in the order they were copied, which is seq order.
        await Command(conn, "SET LOCAL work_mem = '256MB'").ExecuteNonQueryAsync(ct);
        await using (var insert = Command(conn, """
            INSERT INTO case_events (seq, case_id, at, actor, actor_role, action, from_status, to_status, note, location, area_ids,
                                     assignee_id, snapshot)
            SELECT e.seq, e.case_id, e.at, e.actor, e.actor_role, e.action, e.from_status, e.to_status, e.note, e.location, e.area_ids,
                   e.assignee_id,
                   CASE WHEN e.at >= @snapshotsFrom THEN
                       s.snapshot || jsonb_build_object('status', e.to_status, 'finished', case_finished(e.to_status),
                                                        'assigneeId', e.assignee_id, 'deadline', api_time(e.deadline),
                                                        'overdue', case_overdue(e.overdue_notified_at, e.to_status), 'version', e.version)
                   END
            FROM replayed_events e LEFT JOIN loaded_snapshots s ON s.id = e.case_id
            """))
        {
            insert.Parameters.AddWithValue("snapshotsFrom", snapshotsFrom);
            await insert.ExecuteNonQueryAsync(ct);
        }
        progress?.Report(new("case events' snapshots", 1, 1));
        await using var counter = Command(conn, "UPDATE live_seq SET last = @seq WHERE id = 1");
        counter.Parameters.AddWithValue("seq", seq);
        await counter.ExecuteNonQueryAsync(ct);
        return order.Count;
    }

    // Synchronous writes: a COPY of 1.5 million rows spends less on the client that way than with
    // a task per column (the load is a command-line verb, with no request threads to spare).
    static void Write(NpgsqlBinaryImporter copy, string? text)
    {
        if (text is null) copy.WriteNull(); else copy.Write(text, NpgsqlDbType.Text);
    }

    static void Write(NpgsqlBinaryImporter copy, long? value)
    {
        if (value is { } v) copy.Write(v, NpgsqlDbType.Bigint); else copy.WriteNull();
    }

    static void Write(NpgsqlBinaryImporter copy, DateTimeOffset? t)
    {
        if (t is { } v) copy.Write(v.UtcDateTime, NpgsqlDbType.TimestampTz); else copy.WriteNull();
    }
}
