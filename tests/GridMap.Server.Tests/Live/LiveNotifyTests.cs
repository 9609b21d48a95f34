namespace GridMap.Tests.Live;

/// <summary>What the <c>case_events</c> notification may carry: nothing a live map takes from it.</summary>
public class LiveNotifyTests(LiveDistrict district) : IClassFixture<LiveDistrict>
{
    [Fact]
    public async Task A_forged_notification_delivers_nothing_to_a_live_client()
    {
        await using var client = await district.Server.ConnectAsync();
        await client.SubscribeAsync(1, -1);
        var next = await district.CurrentSeqAsync() + 1;

        // Any role that may connect may NOTIFY: a made-up case with the seq the listener expects next, and junk.
        var forged = JsonSerializer.Serialize(new { seq = next, action = "report", areaIds = new[] { 6, 4, 2, 1 }, @case = new { id = 424242, description = "伪造的诉求" } });
        await using (var notify = district.Db.CreateCommand("SELECT pg_notify('case_events', $1), pg_notify('case_events', 'not json')"))
        {
            notify.Parameters.Add(new() { Value = forged });
            await notify.ExecuteNonQueryAsync();
        }
        var real = await district.ReportAsync(6, "真实的诉求");

        var first = await client.NextAsync();
        Assert.Equal(real, first.Seq);
        Assert.Equal("真实的诉求", first.Case.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_description_of_2000_characters_of_Chinese_and_emoji_is_reported_registered_and_arrives_intact()
    {
        // 4 bytes of UTF-8 each but for a few: the case's snapshot alone is over 8,000 bytes.
        var description = string.Concat(Enumerable.Range(0, 2000).Select(i => i % 100 == 0 ? "井" : char.ConvertFromUtf32(0x1F600 + i % 80)));
        Assert.Equal(2000, description.EnumerateRunes().Count());
        await using var watcher = await district.Server.ConnectAsync();
        await watcher.SubscribeAsync(6, -1);
        var cases = new CaseClient(await district.Server.ClientForAsync(SmallDistrict.Admin));

        var reported = await cases.ReportAsync(121.12, 31.87, description: description);
        var registered = await cases.MoveOkAsync(reported, "register");

        var heard = new[] { await watcher.NextAsync(), await watcher.NextAsync() };
        Assert.Equal(["report", "register"], heard.Select(h => h.Action));
        Assert.All(heard, h => Assert.Equal(reported.GetProperty("id").GetInt64(), h.CaseId));
        Assert.All(heard, h => Assert.Equal(description, h.Case.GetProperty("description").GetString()));
        Assert.Equal(description, registered.GetProperty("description").GetString());
    }
}
