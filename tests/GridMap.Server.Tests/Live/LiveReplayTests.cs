namespace GridMap.Tests.Live;

public class LiveReplayTests(LiveDistrict district) : IClassFixture<LiveDistrict>
{
    [Fact]
    public async Task Reconnecting_watchers_get_every_change_of_their_area_once_in_order_while_eight_writers_commit()
    {
        var start = await district.CurrentSeqAsync();
        var writing = Reporters.RunAsync(district, writers: 8, grids: [6, 7, 8, 9], perWriter: 120);
        (long Area, long[] Grids)[] watched = [(1, [6, 7, 8, 9]), (2, [6, 7]), (3, [8, 9]), (4, [6, 7]), (5, [8, 9]), (6, [6]), (9, [9])];

        var watching = watched.Select(w => WatchWithReconnectsAsync(w.Area, start)).ToArray();
        var written = await writing;
        var watchers = await Task.WhenAll(watching);

        Assert.Equal(8 * 120, written.Count);
        for (var i = 0; i < watched.Length; i++)
        {
            long[] expected = [.. written.Where(r => watched[i].Grids.Contains(r.GridId)).Select(r => r.Seq)];
            var (received, replays) = watchers[i];
            await using (var caughtUp = await district.Server.ConnectAsync())
            {
                await caughtUp.SubscribeAsync(watched[i].Area, received[^1]);
                if (received[^1] < expected[^1]) received.AddRange((await caughtUp.ReceiveThroughAsync(expected[^1])).Select(r => r.Seq));
            }
            Assert.All(replays.Skip(1), missed => Assert.True(missed > 0)); // every reconnect had something to replay
            Assert.Equal(expected, received);
        }
    }

    /// <summary>
    /// Ten times: subscribe with the last seq received, take a few changes, drop the connection.
    /// Each reconnect waits until something was committed in the area meanwhile, so that every
    /// one of them has something to replay, however fast the watcher and slow the writers.
    /// </summary>
    async Task<(List<long> Received, List<long> Replays)> WatchWithReconnectsAsync(long areaId, long lastSeq)
    {
        var received = new List<long>();
        var replays = new List<long>();
        for (var round = 0; round < 10; round++)
        {
            var giveUp = DateTime.UtcNow.AddMinutes(1);
            long missed;
            while ((missed = await CommittedInAreaAfterAsync(areaId, received.Count > 0 ? received[^1] : lastSeq)) == 0 && round > 0)
            {
                Assert.True(DateTime.UtcNow < giveUp, $"nothing more was committed in area {areaId}");
                await Task.Delay(10);
            }
            replays.Add(missed);
            await using var client = await district.Server.ConnectAsync();
            await client.SubscribeAsync(areaId, received.Count > 0 ? received[^1] : lastSeq);
            for (var i = 0; i < 5; i++) received.Add((await client.NextAsync()).Seq);
            await client.StopAsync(); // whatever was in flight is lost with the connection
        }
        return (received, replays);
    }

    async Task<long> CommittedInAreaAfterAsync(long areaId, long seq)
    {
        await using var cmd = district.Db.CreateCommand("""
            SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE e.seq > $1 AND $2 IN (c.grid_id, c.community_id, c.street_id, c.district_id)
            """);
        cmd.Parameters.Add(new() { Value = seq });
        cmd.Parameters.Add(new() { Value = areaId });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
