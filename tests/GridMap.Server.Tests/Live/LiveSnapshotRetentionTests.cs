using Microsoft.AspNetCore.SignalR;

namespace GridMap.Tests.Live;

/// <summary>
/// Each change keeps the case's snapshot only as long as the live stream may replay it
/// (<c>Live:SnapshotDays</c>): then <see cref="LiveSnapshotRetention"/> lets it go, a replay from
/// before is told to reload, and the audit trail keeps the change as it was written.
/// </summary>
public class LiveSnapshotRetentionTests(LiveDistrict district) : IClassFixture<LiveDistrict>
{
    const string Trail = "SELECT string_agg((to_jsonb(e) - 'snapshot')::text, ';' ORDER BY seq) FROM case_events e WHERE seq > $1";

    async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, params object[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new() { Value = v });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Past_the_window_a_changes_snapshot_goes_its_trail_stays_and_a_replay_from_before_is_told_to_reload()
    {
        var lastSeen = await district.CurrentSeqAsync();
        await district.ReportAsync(9);
        await district.ReportAsync(9);
        var trail = await ScalarAsync<string>(district.Db, Trail, lastSeen);

        // A server that keeps nothing past the moment it was appended: its pass lets both go.
        await using var server = district.StartServer(("Live:SnapshotDays", "0"));
        await server.Services.GetRequiredService<LiveSnapshotRetention>().LetGoAsync(default);

        Assert.Equal(0L, await ScalarAsync<long>(district.Db, "SELECT count(*) FROM case_events WHERE seq > $1 AND snapshot IS NOT NULL", lastSeen));
        Assert.Equal(trail, await ScalarAsync<string>(district.Db, Trail, lastSeen));
        await using var client = await server.ConnectAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => client.SubscribeAsync(9, lastSeen));
        Assert.Contains($"Changes in grid 9 (东洲社区第2网格) since seq {lastSeen} are older than the live stream keeps (0 days): " +
                        "reload the cases, then subscribe with lastSeq -1", error.Message);

        await client.SubscribeAsync(9, -1);
        var live = await district.ReportAsync(9);
        Assert.Equal(live, (await client.NextAsync()).Seq);
    }

    [Fact]
    public async Task The_service_may_clear_a_snapshot_and_no_one_may_rewrite_anything_else_of_the_trail()
    {
        var seq = await district.ReportAsync(8);
        var service = district.Server.Services.GetRequiredService<NpgsqlDataSource>();
        await using var owner = NpgsqlDataSource.Create(district.Database.OwnerConnectionString);

        async Task RefusedAsync(NpgsqlDataSource db, string sql)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<object>(db, sql, seq));
            Assert.Equal("case_events is an append-only audit trail", refused.MessageText);
        }
        await RefusedAsync(service, "UPDATE case_events SET snapshot = '{}' WHERE seq = $1");
        await RefusedAsync(owner, "UPDATE case_events SET note = 'rewritten' WHERE seq = $1");
        await RefusedAsync(owner, "UPDATE case_events SET snapshot = NULL, assignee_id = 1 WHERE seq = $1");
        await RefusedAsync(owner, "DELETE FROM case_events WHERE seq = $1");

        var trail = await ScalarAsync<string>(district.Db, Trail, seq - 1);
        await using (var clear = service.CreateCommand("UPDATE case_events SET snapshot = NULL WHERE seq = $1"))
        {
            clear.Parameters.Add(new() { Value = seq });
            Assert.Equal(1, await clear.ExecuteNonQueryAsync());
        }
        Assert.Equal(trail, await ScalarAsync<string>(district.Db, Trail, seq - 1));
    }
}
