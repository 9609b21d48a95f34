namespace GridMap.Tests.Live;

public class LiveTwoInstancesTests(LiveDistrict district) : IClassFixture<LiveDistrict>
{
    [Fact]
    public async Task Two_servers_on_one_database_each_deliver_every_change_to_their_own_clients()
    {
        await using var second = district.StartServer();
        await using var onFirst = await district.Server.ConnectAsync();
        await using var onSecond = await second.ConnectAsync();
        await using var gridOnSecond = await second.ConnectAsync();
        await onFirst.SubscribeAsync(1, -1);
        await onSecond.SubscribeAsync(1, -1);
        await gridOnSecond.SubscribeAsync(9, -1);

        var written = await Reporters.RunAsync(district, writers: 8, grids: [6, 7, 8, 9], perWriter: 10);
        long[] all = [.. written.Select(r => r.Seq)];

        Assert.Equal(all, (await onFirst.ReceiveThroughAsync(all[^1])).Select(r => r.Seq));
        Assert.Equal(all, (await onSecond.ReceiveThroughAsync(all[^1])).Select(r => r.Seq));
        long[] in9 = [.. written.Where(r => r.GridId == 9).Select(r => r.Seq)];
        Assert.Equal(in9, (await gridOnSecond.ReceiveThroughAsync(in9[^1])).Select(r => r.Seq));
    }

    [Fact]
    public async Task Client_moved_to_the_other_server_resumes_from_its_last_seq()
    {
        await using var second = district.StartServer();
        var start = await district.CurrentSeqAsync();
        var writing = Reporters.RunAsync(district, writers: 8, grids: [6, 7, 8, 9], perWriter: 40);

        var received = new List<long>();
        await using (var first = await district.Server.ConnectAsync())
        {
            await first.SubscribeAsync(3, start);
            for (var i = 0; i < 20; i++) received.Add((await first.NextAsync()).Seq);
            await first.StopAsync();
        }
        await using var moved = await second.ConnectAsync();
        await moved.SubscribeAsync(3, received[^1]);
        var written = await writing;
        long[] expected = [.. written.Where(r => r.GridId is 8 or 9).Select(r => r.Seq)];
        received.AddRange((await moved.ReceiveThroughAsync(expected[^1])).Select(r => r.Seq));

        Assert.Equal(expected, received);
    }
}
