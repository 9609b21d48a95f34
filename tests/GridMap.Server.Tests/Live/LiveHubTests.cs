using Microsoft.AspNetCore.SignalR;

namespace GridMap.Tests.Live;

public class LiveHubTests(LiveDistrict district) : IClassFixture<LiveDistrict>
{
    [Fact]
    public async Task Grid_watcher_receives_its_grids_case_as_caseChanged_and_not_the_neighbours()
    {
        await using var client = await district.Server.ConnectAsync();
        await client.SubscribeAsync(6, -1);

        await district.ReportAsync(7);
        var seq = await district.ReportAsync(6, "井盖缺失");

        var change = await client.NextAsync();
        Assert.Equal(seq, change.Seq);
        Assert.Equal("report", change.Action);
        Assert.Contains("\"description\":\"井盖缺失\"", change.Raw); // not \u escapes
        var shown = change.Case;
        Assert.Equal("reported", shown.GetProperty("status").GetString());
        Assert.Equal("井盖缺失", shown.GetProperty("description").GetString());
        Assert.Equal("street_light", shown.GetProperty("categoryCode").GetString());
        Assert.Equal(6, shown.GetProperty("gridId").GetInt64());
        Assert.Equal(4, shown.GetProperty("communityId").GetInt64());
        Assert.Equal(2, shown.GetProperty("streetId").GetInt64());
        Assert.Equal(1, shown.GetProperty("version").GetInt32());
        Assert.InRange(shown.GetProperty("lon").GetDouble(), 121.10, 121.15);
    }

    [Theory]
    [InlineData(1, new long[] { 6, 7, 8, 9 })]
    [InlineData(2, new long[] { 6, 7 })]
    [InlineData(3, new long[] { 8, 9 })]
    [InlineData(4, new long[] { 6, 7 })]
    [InlineData(5, new long[] { 8, 9 })]
    [InlineData(9, new long[] { 9 })]
    public async Task Watcher_receives_exactly_the_cases_inside_its_area(long areaId, long[] gridsInside)
    {
        await using var client = await district.Server.ConnectAsync();
        await client.SubscribeAsync(areaId, -1);

        var reported = new List<Reported>();
        foreach (var grid in new long[] { 6, 8, 7, 9, 9, 6 })
            reported.Add(new(await district.ReportAsync(grid), grid));
        // A last case inside the area: once it arrives, anything else would have arrived before it.
        var last = await district.ReportAsync(gridsInside[0]);

        var received = await client.ReceiveThroughAsync(last);
        long[] expected = [.. reported.Where(r => gridsInside.Contains(r.GridId)).Select(r => r.Seq), last];
        Assert.Equal(expected, received.Select(r => r.Seq));
    }

    [Fact]
    public async Task An_unknown_area_and_one_outside_the_callers_area_get_the_same_answer_naming_no_area()
    {
        await using var leader = await district.Server.ConnectAsync(SmallDistrict.Leader);
        var unknown = await Assert.ThrowsAsync<HubException>(() => leader.SubscribeAsync(999, 0));
        var elsewhere = await Assert.ThrowsAsync<HubException>(() => leader.SubscribeAsync(9, 0));

        Assert.EndsWith(LiveHub.NotYourArea, unknown.Message);
        Assert.Equal(unknown.Message, elsewhere.Message);
        Assert.DoesNotContain("东洲", elsewhere.Message);
        await leader.SubscribeAsync(6, -1); // still connected: a wrong id is no reason to close
    }

    [Fact]
    public async Task Subscribing_to_an_area_overlapping_a_watched_one_fails_clearly()
    {
        await using var client = await district.Server.ConnectAsync();
        await client.SubscribeAsync(6, -1);
        var error = await Assert.ThrowsAsync<HubException>(() => client.SubscribeAsync(2, -1));
        Assert.Contains("already watches grid 6 (秀山社区第1网格), which overlaps street 2 (海门街道)", error.Message);
    }

    [Fact]
    public async Task One_connection_may_watch_two_separate_grids()
    {
        await using var client = await district.Server.ConnectAsync();
        await client.SubscribeAsync(6, -1);
        await client.SubscribeAsync(9, -1);

        var in6 = await district.ReportAsync(6);
        await district.ReportAsync(7);
        var in9 = await district.ReportAsync(9);

        Assert.Equal([in6, in9], (await client.ReceiveThroughAsync(in9)).Select(r => r.Seq));
    }

    [Fact]
    public async Task After_unsubscribing_an_area_its_cases_no_longer_arrive()
    {
        await using var client = await district.Server.ConnectAsync();
        await client.SubscribeAsync(6, -1);
        await client.UnsubscribeAsync(6);
        await client.SubscribeAsync(8, -1);

        await district.ReportAsync(6);
        var in8 = await district.ReportAsync(8);

        Assert.Equal(in8, (await client.NextAsync()).Seq);
    }

    [Fact]
    public async Task Subscribing_with_a_last_seq_replays_what_the_area_missed_then_goes_live()
    {
        var lastSeen = await district.CurrentSeqAsync();
        var missed6 = await district.ReportAsync(6);
        await district.ReportAsync(8);
        var missed7 = await district.ReportAsync(7);

        await using var client = await district.Server.ConnectAsync();
        await client.SubscribeAsync(2, lastSeen);
        var live = await district.ReportAsync(7);

        Assert.Equal([missed6, missed7, live], (await client.ReceiveThroughAsync(live)).Select(r => r.Seq));
    }

    [Fact]
    public async Task A_replay_longer_than_the_limit_is_refused_with_advice()
    {
        await using var strict = district.StartServer(("Live:ReplayLimit", "3"));
        var lastSeen = await district.CurrentSeqAsync();
        for (var i = 0; i < 4; i++) await district.ReportAsync(9);

        await using var client = await strict.ConnectAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => client.SubscribeAsync(9, lastSeen));
        Assert.Contains($"More than 3 changes in grid 9 (东洲社区第2网格) since seq {lastSeen}: reload the cases, then subscribe with lastSeq -1", error.Message);

        await client.SubscribeAsync(9, lastSeen + 1);
        Assert.Equal(3, (await client.ReceiveThroughAsync(lastSeen + 4)).Count);
    }
}
