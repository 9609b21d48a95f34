using GridMap.Load;
using Npgsql;

// GridMap live-push load tool: see LoadOptions.Usage and docs/benchmarks-live.md.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var log = Console.Error;
await using var self = options.SelfHost ? await SelfHost.StartAsync(log) : null;
var url = self?.Url ?? options.Url!;
var connectionString = self?.ConnectionString
    ?? options.Db ?? Environment.GetEnvironmentVariable("GRIDMAP_DB") ?? Repo.Gridmap("db-url");
await using var db = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 100 }.ConnectionString).Build();
var district = await District.LoadAsync(db);
log.WriteLine($"district: {district.Grids.Length} grids, {district.Communities.Length} communities, {district.Streets.Length} streets");

// The hub lets in signed-in users only; these clients send the token as programs do, in the Authorization header.
var token = await SignIn.TokenAsync(url, self?.User ?? options.User, self?.Password ?? options.Password
    ?? throw new ArgumentException("give --password (or set GRIDMAP_DEMO_PASSWORD) for --url"));
using var writer = new CaseWriter(url, token, options.Connections);
await using var run = new LoadRun(new Uri(url + "/hubs/live"), token, writer, district, options, log, self is null ? null : () => self.ServerCpu);
await run.GrowToAsync(options.Clients);
// Warm-up at the measured rate: the server's tiered JIT (which takes some 30 s under load) and its pools settle first.
await run.StepAsync(options.Rate, options.WarmUpSeconds);

// Each run on its own: the figure to quote is the median, and the spread says how steady it is.
Console.WriteLine($"Sustained: {options.Clients} clients, {options.Rate} reports/s for {options.Seconds} s, {options.Runs} runs");
Console.WriteLine(StepResult.Header);
var runs = new List<StepResult>();
for (var i = 0; i < options.Runs; i++)
{
    runs.Add(await run.StepAsync(options.Rate, options.Seconds));
    Console.WriteLine(runs[^1]);
    if (runs[^1].SlowSeconds.Count > 0)
        log.WriteLine($"  seconds with a delivery over {StepResult.SlowMs} ms: {string.Join("; ", runs[^1].SlowSeconds)}");
}
var median = runs.OrderBy(r => r.P99Ms).ElementAt(runs.Count / 2);
var worst = runs.MaxBy(r => r.P99Ms)!;
Console.WriteLine($"Median run by p99: {median.AchievedRate:F0} reports/s achieved, p50 {median.P50Ms:F1} ms, p99 {median.P99Ms:F1} ms");
Console.WriteLine($"Worst run by p99:  {worst.AchievedRate:F0} reports/s achieved, p50 {worst.P50Ms:F1} ms, p99 {worst.P99Ms:F1} ms");
if (runs.Count > 1)
{
    // Sustained: every delivery of every run as one population, so a bad minute cannot hide in a median.
    var all = runs.SelectMany(r => r.Latencies).Order().ToList();
    Console.WriteLine($"All {runs.Count} runs together ({runs.Sum(r => r.Cases):N0} reports, {all.Count:N0} deliveries): " +
        $"{runs.Sum(r => r.Cases) / runs.Sum(r => r.SecondsWriting):F0} reports/s, p50 {StepResult.Percentile(all, 0.50):F1} ms, " +
        $"p99 {StepResult.Percentile(all, 0.99):F1} ms, max {all[^1]:F1} ms");
}

if (options.Ramp)
{
    // The ceiling: the last step whose p99 stays within a second, raising one load at a time.
    const double Ceiling = 1000;
    Console.WriteLine($"\nRamp of reports/s with {options.Clients} clients, {options.StepSeconds} s a step:");
    Console.WriteLine(StepResult.Header);
    for (var (rate, step) = (options.Rate * 5 / 4, 0); step < 12; rate = rate * 5 / 4, step++)
    {
        var result = await run.StepAsync(rate, options.StepSeconds);
        Console.WriteLine(result);
        if (result.P99Ms > Ceiling || result.AchievedRate < 0.9 * rate) break;
    }
    Console.WriteLine($"\nRamp of clients at {options.Rate} reports/s:");
    Console.WriteLine(StepResult.Header);
    for (var (count, step) = (options.Clients * 3 / 2, 0); step < 8; count = count * 3 / 2, step++)
    {
        await run.GrowToAsync(count);
        var result = await run.StepAsync(options.Rate, options.StepSeconds);
        Console.WriteLine(result);
        if (result.P99Ms > Ceiling || result.Clients < Math.Min(count, LoadRun.MaxClients)) break;
    }
}
return 0;
