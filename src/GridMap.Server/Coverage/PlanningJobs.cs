namespace GridMap.Server.Coverage;

/// <summary>
/// One heavy planning job per server at a time: two at once would each get half the cores and
/// together twice the memory, and the next would be refused anyway. A caller who finds the slot
/// taken is told to come back (429 with Retry-After) rather than queued behind an unknown wait.
/// </summary>
public class PlanningJobs
{
    /// <summary>What a client is told to wait: the time a job within the budget takes at most.</summary>
    public const int RetryAfterSeconds = 5;

    int _running;

    /// <summary>The slot, or null when another heavy job holds it; disposing the slot frees it.</summary>
    public IDisposable? TryStart() => Interlocked.CompareExchange(ref _running, 1, 0) == 0 ? new Slot(this) : null;

    /// <summary>Called once a heavy job holds the slot, before its work: a test holds a job here to make the slot's contention certain.</summary>
    public virtual Task StartedAsync(CancellationToken ct) => Task.CompletedTask;

    sealed class Slot(PlanningJobs jobs) : IDisposable
    {
        int _freed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _freed, 1) == 0) Volatile.Write(ref jobs._running, 0);
        }
    }

    /// <summary>429 ProblemDetails with Retry-After.</summary>
    public static RetryLater Busy() => new(RetryAfterSeconds, TypedResults.Problem(
        title: "Planner busy",
        detail: $"Another heavy planning job is running on this server; try again in {RetryAfterSeconds} s, or ask for less work (a smaller radiusM, a wider latticeSpacingM, a smaller k or area).",
        statusCode: StatusCodes.Status429TooManyRequests));
}

/// <summary>A ProblemDetails answer that also tells the client when to try again.</summary>
public sealed class RetryLater(int seconds, IResult problem) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status429TooManyRequests;

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(http);
    }
}
