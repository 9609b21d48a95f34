namespace GridMap.Tests.Live;

/// <summary>A listener that waits 5 s before reconnecting: time enough to commit cases while nobody listens.</summary>
public sealed class SlowReconnectDistrict : LiveDistrict
{
    protected override (string Key, string Value)[] Settings => [("Live:ListenerRetryMilliseconds", "5000")];
}

public class LiveListenerTests(SlowReconnectDistrict district) : IClassFixture<SlowReconnectDistrict>
{
    [Fact]
    public async Task Listener_survives_a_dropped_connection_and_delivers_what_committed_meanwhile()
    {
        await using var client = await district.Server.ConnectAsync();
        await client.SubscribeAsync(1, -1);
        var before = await district.ReportAsync(6);
        Assert.Equal(before, (await client.NextAsync()).Seq);
        var listener = await ListenerPidAsync();
        Assert.NotNull(listener);

        await using (var kill = district.Db.CreateCommand("SELECT pg_terminate_backend($1)"))
        {
            kill.Parameters.Add(new() { Value = listener!.Value });
            await kill.ExecuteNonQueryAsync();
        }
        while (await ListenerPidAsync() == listener) await Task.Delay(10);
        long[] whileDown = [await district.ReportAsync(7), await district.ReportAsync(8), await district.ReportAsync(9)];
        var listeningAgain = await ListenerPidAsync();

        Assert.Equal(whileDown, (await client.ReceiveThroughAsync(whileDown[^1])).Select(r => r.Seq));
        Assert.Null(listeningAgain); // the three were committed while nobody listened: caught up from the table
        var after = await district.ReportAsync(6);
        Assert.Equal(after, (await client.NextAsync()).Seq);
        Assert.NotEqual(listener, await ListenerPidAsync());
    }

    async Task<int?> ListenerPidAsync()
    {
        await using var cmd = district.Db.CreateCommand(
            "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()");
        cmd.Parameters.Add(new() { Value = LiveListener.ApplicationName });
        return (int?)await cmd.ExecuteScalarAsync();
    }
}
