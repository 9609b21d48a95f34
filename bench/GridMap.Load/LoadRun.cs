namespace GridMap.Load;

/// <summary>The connected clients and the steps run against them.</summary>
sealed class LoadRun(Uri hub, string token, CaseWriter writer, District district, LoadOptions options, TextWriter log, Func<TimeSpan>? serverCpu) : IAsyncDisposable
{
    public const int MaxClients = 12_000;   // the server and this tool each keep one socket per client
    static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    readonly List<LoadClient> clients = [];

    /// <summary>Connects and subscribes clients until there are <paramref name="count"/>, fifty at a time.</summary>
    public async Task GrowToAsync(int count)
    {
        count = Math.Min(count, MaxClients);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var indexes = Enumerable.Range(clients.Count, Math.Max(0, count - clients.Count));
        var added = new List<LoadClient>();
        await Parallel.ForEachAsync(indexes, new ParallelOptions { MaxDegreeOfParallelism = 50, CancellationToken = timeout.Token }, async (i, ct) =>
        {
            var client = await LoadClient.ConnectAsync(hub, token, district.AreaOf(i, options.Seed), ct);
            lock (added) added.Add(client);
        });
        clients.AddRange(added);
        var watching = clients.GroupBy(c => district.Grids.Any(g => g.Id == c.AreaId) ? "grid" : district.Communities.Contains(c.AreaId) ? "community" : district.Streets.Contains(c.AreaId) ? "street" : "district")
            .Select(g => $"{g.Count()} {g.Key}");
        log.WriteLine($"{clients.Count} clients subscribed: {string.Join(", ", watching)}");
    }

    /// <summary>Writes at <paramref name="rate"/> for <paramref name="seconds"/>, waits for the deliveries, and measures.</summary>
    public async Task<StepResult> StepAsync(int rate, int seconds)
    {
        foreach (var client in clients) client.TakeReceived();
        var cpuBefore = (Server: serverCpu?.Invoke() ?? TimeSpan.Zero, Tool: Environment.CpuUsage.TotalTime);
        var started = DateTime.UtcNow;
        var written = await writer.RunAsync(district, rate, seconds, options.InFlight, options.Seed + rate + clients.Count);
        var watchersOf = clients.GroupBy(c => c.AreaId).ToDictionary(g => g.Key, g => g.Count());
        var expected = written.Sum(w => w.Grid.Areas.Sum(a => (long)watchersOf.GetValueOrDefault(a)));
        var receipts = clients.Select(c => (c.AreaId, Received: new List<(long, long)>())).ToList();
        var deadline = DateTime.UtcNow + DrainLimit;
        do
        {
            await Task.Delay(100);
            for (var i = 0; i < clients.Count; i++) receipts[i].Received.AddRange(clients[i].TakeReceived());
        } while (receipts.Sum(r => (long)r.Received.Count) < expected && DateTime.UtcNow < deadline);
        var wall = DateTime.UtcNow - started;
        var result = StepResult.Compute(rate, written, receipts) with
        {
            ServerCpu = serverCpu is null ? null : (serverCpu() - cpuBefore.Server) / wall,
            ToolCpu = (Environment.CpuUsage.TotalTime - cpuBefore.Tool) / wall,
        };
        if (clients.Any(c => !c.Open)) log.WriteLine($"warning: {clients.Count(c => !c.Open)} clients were disconnected");
        return result;
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(clients.Select(c => c.CloseAsync().AsTask()));
}
