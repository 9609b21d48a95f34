using GridMap.Tests.Auth;

namespace GridMap.Tests.Data;

/// <summary>The loop of the background passes (overdue scan, coverage built ahead, old live snapshots, the audit's merge): a failed pass never ends it.</summary>
public class RecurringPassTests
{
    [Fact]
    public async Task A_pass_that_fails_is_logged_as_an_error_and_the_next_one_runs()
    {
        var failed = await LogOfAFirstPassThatThrowsAsync(new InvalidOperationException("the first pass went wrong"));
        Assert.StartsWith("Error test: Test pass failed; trying again in 00:00:00.0200000", failed);
        Assert.Contains("the first pass went wrong", failed);
    }

    [Fact]
    public async Task A_database_outage_is_logged_as_a_warning_and_the_next_pass_runs()
    {
        var failed = await LogOfAFirstPassThatThrowsAsync(new NpgsqlException("Exception while connecting", new System.Net.Sockets.SocketException(111)));
        Assert.StartsWith("Warning test: Test pass failed, the database being unavailable (", failed);
    }

    [Fact]
    public async Task At_start_the_first_pass_runs_at_once_however_long_the_period() =>
        await RunUntilPassAsync(TimeSpan.FromHours(1), 1, _ => { });

    /// <summary>Runs passes every 20 ms, the first throwing <paramref name="first"/>, until a second one ran; returns what the failure logged.</summary>
    static async Task<string> LogOfAFirstPassThatThrowsAsync(Exception first)
    {
        var logs = await RunUntilPassAsync(TimeSpan.FromMilliseconds(20), 2, pass => { if (pass == 1) throw first; });
        return Assert.Single(logs.Lines, line => line.Contains("Test pass failed"));
    }

    /// <summary>
    /// Runs the loop (the first pass at start) until pass number <paramref name="last"/> ran, each
    /// pass doing <paramref name="pass"/> with its number, then stops it; returns what it logged.
    /// </summary>
    static async Task<LogCapture> RunUntilPassAsync(TimeSpan every, int last, Action<int> pass)
    {
        var logs = new LogCapture();
        var (passes, lastRan) = (0, new TaskCompletionSource());
        using var stop = new CancellationTokenSource();
        var loop = RecurringPass.RunAsync(every, TimeProvider.System, atStart: true, "Test pass", logs.CreateLogger("test"), _ =>
        {
            var number = Interlocked.Increment(ref passes);
            pass(number);
            if (number >= last) lastRan.TrySetResult();
            return Task.CompletedTask;
        }, stop.Token);

        await lastRan.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        return logs;
    }
}
