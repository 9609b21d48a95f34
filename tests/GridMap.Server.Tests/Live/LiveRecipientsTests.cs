namespace GridMap.Tests.Live;

/// <summary>
/// Who hears a change besides the watchers of its areas is stored with the event by its writer
/// (own_keys, left_keys), so the listener's read looks nothing up; events stored without them
/// (older ones, the demo load's copy) still reach the same users, worked out when read.
/// </summary>
public class LiveRecipientsTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    async Task<LiveClient> MineAsync(string username, long lastSeq = -1)
    {
        var client = await LiveClient.ConnectAsync(app, await app.TokenFor(username));
        await client.InvokeAsync("SubscribeMine", lastSeq);
        return client;
    }

    /// <summary>
    /// Appends an event for the case as the demo load copies its events: without who hears it,
    /// the case's snapshot changed by <paramref name="change"/>; then wakes the listeners.
    /// </summary>
    async Task<long> AppendWithoutRecipientsAsync(long caseId, string action, string change = "{}")
    {
        var seq = await app.ScalarAsync<long>("""
            WITH next AS (UPDATE live_seq SET last = last + 1 WHERE id = 1 RETURNING last)
            INSERT INTO case_events (seq, case_id, actor, actor_role, action, from_status, to_status, area_ids, assignee_id, snapshot)
            SELECT next.last, c.id, 'demo', 'system', $2, c.status, c.status, c.area_ids, ((c.snapshot || $3::jsonb)->>'assigneeId')::bigint,
                   c.snapshot || $3::jsonb
            FROM next, case_snapshots c WHERE c.id = $1
            RETURNING seq
            """, caseId, action, change);
        await app.ExecuteAsync("SELECT pg_notify('case_events', '')");
        return seq;
    }

    static long Id(JsonElement c) => c.GetProperty("id").GetInt64();

    [Fact]
    public async Task A_reporter_hears_its_cases_changes_stored_with_or_without_their_recipients_live_and_replayed_and_no_one_elses()
    {
        var reporter = await app.AddUserAsync("recipients-a", Role.Reporter);
        await app.AddUserAsync("recipients-b", Role.Reporter);
        await using var a = await MineAsync("recipients-a");
        await using var b = await MineAsync("recipients-b");

        using var phone = app.ClientFor("recipients-a");
        var filed = await phone.PostAsJsonAsync("/api/cases", new { lon = 121.168, lat = 31.872, categoryCode = "noise_nuisance", description = "夜间施工" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var mine = Id(await filed.Content.ReadFromJsonAsync<JsonElement>());
        var reported = await a.NextAsync();
        Assert.Equal((mine, "report"), (reported.CaseId, reported.Action));
        // The writer named the reporter with the event.
        Assert.Equal([-reporter], await app.ScalarAsync<long[]>("SELECT own_keys FROM case_events WHERE seq = $1", reported.Seq));

        var copied = await AppendWithoutRecipientsAsync(mine, "note");
        var heard = await a.NextAsync();
        Assert.Equal((copied, mine, "note"), (heard.Seq, heard.CaseId, heard.Action));

        // b's first change is its own report: neither of a's came to it.
        using var other = app.ClientFor("recipients-b");
        var theirs = await other.PostAsJsonAsync("/api/cases", new { lon = 121.168, lat = 31.872, categoryCode = "noise_nuisance", description = "别人的报告" });
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        var first = await b.NextAsync();
        Assert.Equal(Id(await theirs.Content.ReadFromJsonAsync<JsonElement>()), first.CaseId);

        await using var later = await MineAsync("recipients-a", reported.Seq - 1);
        var replayed = await later.ReceiveThroughAsync(copied);
        Assert.Equal([(reported.Seq, "report"), (copied, "note")], replayed.Select(r => (r.Seq, r.Action)));
    }

    [Fact]
    public async Task A_task_taken_back_in_a_change_stored_without_its_recipients_leaves_the_grid_workers_phone()
    {
        await app.ExecuteAsync("UPDATE staff SET on_duty = true WHERE id = 2"); // 周敏, the worker of grid 6
        await using var worker = await MineAsync(SmallDistrict.Worker);
        var c = await cases.MoveOkAsync(await cases.ReportAsync(121.12, 31.87, "environmental_sanitation", "垃圾满溢"), "register");
        c = await cases.MoveOkAsync(c, "dispatch", new { assigneeId = 2 });
        var dispatched = await worker.NextAsync();
        Assert.Equal((Id(c), "dispatch"), (dispatched.CaseId, dispatched.Action));

        var taken = await AppendWithoutRecipientsAsync(Id(c), "return", """{"assigneeId": null}""");
        Assert.Equal((taken, Id(c)), await worker.NextLeftAsync());

        await using var later = await MineAsync(SmallDistrict.Worker, dispatched.Seq - 1);
        Assert.Equal([dispatched.Seq], (await later.ReceiveThroughAsync(dispatched.Seq)).Select(r => r.Seq));
        Assert.Equal((taken, Id(c)), await later.NextLeftAsync());
    }
}
