using GridMap.Demo;

namespace GridMap.Tests.Demo;

/// <summary>A small generated city (50 grids, 500 households, 2,000 cases) loaded by demo load into a throwaway database.</summary>
public sealed class SmallCityApp() : GeneratedDistrictApp(Options)
{
    public static readonly DemoOptions Options = new() { Grids = 50, Households = 500, Cases = 2000 };
}

public class CityLoadTests(SmallCityApp app) : IClassFixture<SmallCityApp>
{
    string Db => app.Database.ConnectionString;

    Task<long> Count(string sql) => Sql.QueryAsync(Db, sql, r => r.GetInt64(0)).ContinueWith(t => t.Result.Single());

    [Fact]
    public async Task Every_generated_row_is_loaded_and_every_household_is_in_the_grid_it_was_placed_in()
    {
        var g = app.Generated;
        Assert.Equal(g.Areas.Count, await Count("SELECT count(*) FROM areas"));
        Assert.Equal(g.Stations.Count, await Count("SELECT count(*) FROM service_stations"));
        Assert.Equal(g.Staff.Count, await Count("SELECT count(*) FROM staff"));
        Assert.Equal(g.Roads.Count, await Count("SELECT count(*) FROM roads WHERE source IS NOT NULL AND target IS NOT NULL AND length_m > 0"));
        Assert.Equal(2000, await Count("SELECT count(*) FROM cases"));
        // The grid each household was generated in, against the one the load gave it (and grid_at, the trigger's rule).
        var grids = await Sql.QueryAsync(Db, "SELECT a.code, grid_at(h.location) = h.grid_id FROM households h JOIN areas a ON a.id = h.grid_id ORDER BY h.id",
            r => (Code: r.GetString(0), SameAsGridAt: r.GetBoolean(1)));
        Assert.Equal(g.Households.Select(h => h.GridCode), grids.Select(x => x.Code));
        Assert.All(grids, x => Assert.True(x.SameAsGridAt));
    }

    [Fact]
    public async Task Cases_stand_where_the_workflow_led_them_and_the_trail_holds_every_move()
    {
        var expected = app.Generated.Cases.GroupBy(c => c.Status.Code()).ToDictionary(x => x.Key, x => (long)x.Count());
        var loaded = (await Sql.QueryAsync(Db, "SELECT status, count(*) FROM cases GROUP BY status", r => (r.GetString(0), r.GetInt64(1))))
            .ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(expected.OrderBy(x => x.Key), loaded.OrderBy(x => x.Key));
        // A report event per case, one per move, and the overdue watcher's marks (of cases and summonses) besides.
        var moves = app.Generated.Cases.Sum(c => c.Steps.Count);
        Assert.Equal(2000 + moves, await Count("SELECT count(*) FROM case_events WHERE action NOT IN ('overdue', 'summons_late')"));
        Assert.Equal(await Count("SELECT max(seq) FROM case_events"), await Count("SELECT last FROM live_seq"));
        Assert.Equal(0, await Count("SELECT count(*) FROM cases WHERE grid_id IS NULL OR district_id IS NULL"));
    }

    [Fact]
    public async Task Each_cases_last_event_of_the_last_30_days_carries_the_case_as_every_reader_sees_it()
    {
        var (kept, differing) = (await Sql.QueryAsync(Db, """
            SELECT count(*), count(*) FILTER (WHERE last.snapshot <> s.snapshot) FROM case_snapshots s
            JOIN LATERAL (SELECT snapshot FROM case_events e WHERE e.case_id = s.id ORDER BY seq DESC LIMIT 1) last ON true
            WHERE last.snapshot IS NOT NULL
            """, r => (r.GetInt64(0), r.GetInt64(1)))).Single();
        Assert.InRange(kept, 100, 2000);
        Assert.Equal(0, differing);
    }

    [Fact]
    public async Task Events_keep_their_snapshots_as_long_as_the_live_stream_does_and_their_assignee_always()
    {
        // As LiveSnapshotRetention leaves them: a replay from before 30 days ago is told to reload.
        Assert.Equal(0, await Count("SELECT count(*) FROM case_events WHERE at < now() - interval '31 days' AND snapshot IS NOT NULL"));
        Assert.Equal(0, await Count("SELECT count(*) FROM case_events WHERE at > now() - interval '29 days' AND snapshot IS NULL"));
        Assert.InRange(await Count("SELECT count(*) FROM case_events WHERE snapshot IS NULL"), 5000, 20000);
        Assert.Equal(0, await Count("""
            SELECT count(*) FROM case_events WHERE snapshot IS NOT NULL AND assignee_id IS DISTINCT FROM (snapshot->>'assigneeId')::bigint
            """));
        // Every dispatch, kept or not, names whom it sent the case to.
        Assert.Equal(0, await Count("SELECT count(*) FROM case_events WHERE action = 'dispatch' AND assignee_id IS NULL"));
    }

    [Fact]
    public async Task Every_grid_workers_move_is_signed_by_the_demo_user_of_the_worker_it_was_assigned_to()
    {
        // A return leaves the case unassigned: the worker is the one of the move before.
        Assert.Equal(0, await Count("""
            SELECT count(*) FROM case_events e LEFT JOIN users u ON u.username = e.actor
            WHERE e.actor_role = 'grid_worker'
              AND (u.role IS DISTINCT FROM 'grid_worker'
                   OR u.staff_id IS DISTINCT FROM (SELECT p.assignee_id FROM case_events p
                                                   WHERE p.case_id = e.case_id AND p.seq <= e.seq AND p.assignee_id IS NOT NULL
                                                   ORDER BY p.seq DESC LIMIT 1))
            """));
        Assert.InRange(await Count("SELECT count(*) FROM case_events WHERE actor_role = 'grid_worker'"), 2000, 10_000);
        // Each grid worker has a sign-in of its own; a grid without one still has its worker- user.
        Assert.Equal(0, await Count("SELECT count(*) FROM staff s WHERE s.role = 'grid_worker' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.staff_id = s.id)"));
        Assert.Equal(await Count("SELECT count(*) FROM areas WHERE level = 'grid' AND layer = 'party'"),
            await Count("SELECT count(*) FROM users WHERE username ~ '^worker-[0-9]+$'"));
    }

    [Fact]
    public async Task A_closed_cases_audit_trail_is_valid_move_by_move_and_matches_its_row()
    {
        // Reported in the last 30 days, so that every event still has the snapshot that says its version.
        var id = (await Sql.QueryAsync(Db, """
            SELECT id FROM cases WHERE status = 'closed' AND reported_at > now() - interval '29 days' ORDER BY extension_granted_hours DESC, id LIMIT 1
            """, r => r.GetInt64(0))).Single();
        var trail = await Sql.QueryAsync(Db, """
            SELECT action, actor_role, from_status, to_status, at, (snapshot ->> 'version')::int, (snapshot ->> 'id')::bigint, snapshot ->> 'status'
            FROM case_events WHERE case_id = $1 ORDER BY seq
            """, r => (Action: r.GetString(0), Role: r.GetString(1), From: r.IsDBNull(2) ? null : r.GetString(2), To: r.GetString(3),
                At: r.GetFieldValue<DateTimeOffset>(4), Version: r.GetInt32(5), SnapshotId: r.GetInt64(6), SnapshotStatus: r.GetString(7)), id);

        Assert.Equal(("report", "reporter", (string?)null, "reported", 1), (trail[0].Action, trail[0].Role, trail[0].From, trail[0].To, trail[0].Version));
        var status = CaseWorkflow.Initial;
        var version = 1;
        var previous = trail[0].At;
        foreach (var e in trail.Skip(1))
        {
            Assert.True(e.At >= previous);
            previous = e.At;
            Assert.Equal(id, e.SnapshotId);
            Assert.Equal(e.To, e.SnapshotStatus);
            if (e.Action is "overdue" or "summons_late")
            {
                Assert.Equal((status.Code(), status.Code(), version), (e.From, e.To, e.Version));
                continue;
            }
            Assert.True(CaseCodes.TryParse(e.Action, out CaseAction action), e.Action);
            Assert.True(CaseCodes.TryParse(e.Role, out CaseActor role), e.Role);
            Assert.Equal(status.Code(), e.From);
            status = CaseWorkflow.Apply(status, action, role);
            Assert.Equal(status.Code(), e.To);
            Assert.Equal(++version, e.Version);
        }
        Assert.Equal(CaseStatus.Closed, status);

        var row = (await Sql.QueryAsync(Db, "SELECT version, closed_at, feedback_at, registered_at, dispatched_at FROM cases WHERE id = $1",
            r => (Version: r.GetInt32(0), Closed: r.GetFieldValue<DateTimeOffset>(1), Feedback: r.GetFieldValue<DateTimeOffset>(2),
                Registered: r.GetFieldValue<DateTimeOffset>(3), Dispatched: r.GetFieldValue<DateTimeOffset>(4)), id)).Single();
        Assert.Equal(version, row.Version);
        Assert.Equal(trail.Last(e => e.Action == "close").At, row.Closed);
        Assert.Equal(trail.Last(e => e.Action == "submit_feedback").At, row.Feedback);
        Assert.Equal(trail.First(e => e.Action == "register").At, row.Registered);
        Assert.Equal(trail.Last(e => e.Action == "dispatch").At, row.Dispatched);
    }

    [Fact]
    public async Task The_whistles_are_loaded_with_their_reports_and_late_marks_and_each_department_finds_its_own_in_its_inbox()
    {
        var steps = app.Generated.Cases.SelectMany(c => c.Steps).ToList();
        var summoned = steps.Where(s => s.Action == CaseAction.Escalate).Sum(s => s.Departments!.Count);
        Assert.True(summoned > 20, $"{summoned} summonses");
        Assert.Equal((summoned, steps.Count(s => s.Action == CaseAction.ConfirmEscalation)),
            (await Count("SELECT count(*) FROM case_summons"), await Count("SELECT count(*) FROM case_summons WHERE confirmed_at IS NOT NULL")));
        // Each 报到 signed by its department's demo user, at the time its summons row says.
        Assert.Equal(0, await Count("""
            SELECT count(*) FROM case_events e LEFT JOIN users u ON u.username = e.actor
            LEFT JOIN case_summons s ON s.case_id = e.case_id AND s.department_code = u.department_code
            WHERE e.action = 'confirm_escalation'
              AND (u.role IS DISTINCT FROM 'department' OR s.confirmed_at IS DISTINCT FROM e.at OR e.note IS DISTINCT FROM 'department: ' || u.department_code)
            """));
        // The watcher's mark, as it would have come: a few seconds after the due time when no 报到
        // had come by then and the case was still open; once, with its event. (A due time of the
        // last minutes is left out: the load's clock and this one differ by the time in between.)
        Assert.Equal(0, await Count("""
            SELECT count(*) FROM case_summons s JOIN cases c ON c.id = s.case_id
            WHERE s.due_at < now() - interval '10 minutes'
              AND s.late_notified_at IS DISTINCT FROM
                  CASE WHEN s.due_at + interval '3 seconds' < least(s.confirmed_at, c.closed_at, now()) THEN s.due_at + interval '3 seconds' END
            """));
        Assert.Equal(await Count("SELECT count(*) FROM case_summons WHERE late_notified_at IS NOT NULL"), await Count("""
            SELECT count(*) FROM case_events e JOIN case_summons s ON s.case_id = e.case_id AND e.note = 'summons of ' || s.department_code || ' past due without 报到'
            WHERE e.action = 'summons_late' AND e.actor = 'overdue_watcher' AND e.at = s.late_notified_at
            """));
        Assert.True(await Count("SELECT count(*) FROM case_summons WHERE late_notified_at IS NOT NULL") > 0);

        var (department, count) = (await Sql.QueryAsync(Db, """
            SELECT department_code, count(*) FROM case_summons GROUP BY department_code ORDER BY count(*) DESC, department_code LIMIT 1
            """, r => (r.GetString(0), r.GetInt64(1)))).Single();
        using var client = app.ClientFor(DemoCaseRules.DepartmentUsername(department));
        var inbox = await client.GetFromJsonAsync<JsonElement>($"/api/summons?limit={SummonsApi.MaxLimit}");
        Assert.Equal(Math.Min(count, SummonsApi.MaxLimit), inbox.GetArrayLength());
        Assert.All(inbox.EnumerateArray(), e => Assert.Equal(department, e.GetProperty("department").GetString()));
    }

    [Fact]
    public async Task The_server_reads_the_loaded_cases_their_trail_and_kpis()
    {
        var client = app.AdminClient();
        var district = await Count("SELECT id FROM areas WHERE level = 'district'");
        // The generated year, moved by whole weeks and with late closers moved back, starts a little over a year ago.
        var year = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-400).ToString("O"));
        var kpis = await client.GetFromJsonAsync<JsonElement>($"/api/kpis?areaId={district}&from={year}");
        var total = kpis.GetProperty("total");
        var closed = await Count("SELECT count(*) FROM cases WHERE status = 'closed'");
        Assert.Equal(closed, total.GetProperty("closed").GetInt64());
        // Most closed on time, some not: a working district's figures.
        Assert.InRange(total.GetProperty("onTimeClosureRate").GetDouble(), 0.6, 0.97);

        var id = await Count("SELECT min(id) FROM cases WHERE status = 'closed'");
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/events");
        Assert.Equal(await Count($"SELECT count(*) FROM case_events WHERE case_id = {id}"), events.GetArrayLength());
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        Assert.Equal("closed", view.GetProperty("status").GetString());
    }
}
