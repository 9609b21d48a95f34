using System.Diagnostics;

namespace GridMap.Load;

/// <summary>
/// What one step measured: the write rate, and the latency to each watching client's receipt,
/// from the start of the write (as from sending a POST) and from its return after commit.
/// </summary>
sealed record StepResult(
    int Clients, int TargetRate, int Cases, double SecondsWriting, double WriteP50Ms, double WriteP99Ms,
    long Expected, long Delivered, long Duplicates, double P50Ms, double P99Ms, double MaxMs,
    double FromReturnP50Ms, double FromReturnP99Ms)
{
    public double AchievedRate => Cases / SecondsWriting;
    /// <summary>Cores used by the server process and by this tool (hub clients and reports), averaged over the step.</summary>
    public double? ServerCpu { get; init; }
    public double ToolCpu { get; init; }
    public long Lost => Expected - (Delivered - Duplicates);
    /// <summary>Every delivery's latency from the due time, sorted; a lost one counts as infinite.</summary>
    public IReadOnlyList<double> Latencies { get; init; } = [];
    /// <summary>
    /// The seconds (by due time) whose slowest delivery took over <see cref="SlowMs"/>, so that a stall can
    /// be lined up with the server's and PostgreSQL's logs: was it before the 201 (write) or after it?
    /// </summary>
    public IReadOnlyList<SlowSecond> SlowSeconds { get; init; } = [];

    public const double SlowMs = 250;

    public const string Header =
        "| clients | target/s | achieved/s | deliveries | lost | dup | p50 ms | p99 ms | max ms | from commit p50/p99 ms | write p50/p99 ms | cores server/tool |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public override string ToString() =>
        $"| {Clients} | {TargetRate} | {AchievedRate:F0} | {Delivered} | {Lost} | {Duplicates} | {P50Ms:F1} | {P99Ms:F1} | {MaxMs:F1} | {FromReturnP50Ms:F1} / {FromReturnP99Ms:F1} | {WriteP50Ms:F1} / {WriteP99Ms:F1} | {(ServerCpu is { } s ? s.ToString("F2") : "?")} / {ToolCpu:F2} |";

    /// <summary>
    /// Matches receipts to writes. A delivery that never arrived counts as infinitely late, so the
    /// percentiles cannot look better by losing messages.
    /// </summary>
    public static StepResult Compute(int targetRate, IReadOnlyList<Written> written, IReadOnlyList<(long AreaId, List<(long CaseId, long At)> Received)> clients)
    {
        var byId = written.ToDictionary(w => w.CaseId);
        var watchersOf = clients.GroupBy(c => c.AreaId).ToDictionary(g => g.Key, g => (long)g.Count());
        var expected = written.Sum(w => w.Grid.Areas.Sum(a => watchersOf.GetValueOrDefault(a)));
        var latencies = new List<double>();
        var fromReturn = new List<double>();
        var slowest = new Dictionary<long, double>();
        long delivered = 0, duplicates = 0;
        foreach (var (_, received) in clients)
        {
            var seen = new HashSet<long>();
            foreach (var (caseId, at) in received)
            {
                if (!byId.TryGetValue(caseId, out var w)) continue;
                delivered++;
                if (!seen.Add(caseId)) { duplicates++; continue; }
                latencies.Add(Stopwatch.GetElapsedTime(w.StartedAt, at).TotalMilliseconds);
                slowest[w.CaseId] = Math.Max(slowest.GetValueOrDefault(w.CaseId), latencies[^1]);
                // NOTIFY leaves at commit, so a client may hear of a case before its writer does.
                fromReturn.Add(Math.Max(0, Stopwatch.GetElapsedTime(w.ReturnedAt, at).TotalMilliseconds));
            }
        }
        var lost = (int)Math.Max(0, expected - latencies.Count);
        latencies.AddRange(Enumerable.Repeat(double.PositiveInfinity, lost));
        latencies.Sort();
        fromReturn.AddRange(Enumerable.Repeat(double.PositiveInfinity, lost));
        fromReturn.Sort();
        var writes = written.Select(w => Stopwatch.GetElapsedTime(w.StartedAt, w.ReturnedAt).TotalMilliseconds).Order().ToList();
        var seconds = written.Count == 0 ? 1 : Stopwatch.GetElapsedTime(written.Min(w => w.StartedAt), written.Max(w => w.ReturnedAt)).TotalSeconds;
        return new(clients.Count, targetRate, written.Count, seconds, Percentile(writes, 0.50), Percentile(writes, 0.99),
            expected, delivered, duplicates, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count == 0 ? 0 : latencies[^1],
            Percentile(fromReturn, 0.50), Percentile(fromReturn, 0.99)) { Latencies = latencies, SlowSeconds = SlowSecondsOf(written, slowest) };
    }

    static List<SlowSecond> SlowSecondsOf(IReadOnlyList<Written> written, Dictionary<long, double> slowest)
    {
        var now = (Wall: DateTime.Now, Ticks: Stopwatch.GetTimestamp());
        return written
            .GroupBy(w => w.StartedAt / Stopwatch.Frequency)
            .Select(second => new SlowSecond(
                now.Wall - Stopwatch.GetElapsedTime(second.Min(w => w.StartedAt), now.Ticks),
                second.Max(w => Stopwatch.GetElapsedTime(w.StartedAt, w.ReturnedAt).TotalMilliseconds),
                second.Max(w => slowest.GetValueOrDefault(w.CaseId))))
            .Where(s => s.DeliveryMaxMs > SlowMs)
            .OrderBy(s => s.At)
            .ToList();
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>One second of reports (by due time): its slowest 201 and its slowest delivery.</summary>
sealed record SlowSecond(DateTime At, double WriteMaxMs, double DeliveryMaxMs)
{
    public override string ToString() => $"{At:HH:mm:ss} write {WriteMaxMs:F0} ms, delivery {DeliveryMaxMs:F0} ms";
}
