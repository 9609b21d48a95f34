using System.Collections.Concurrent;

namespace GridMap.Tests.Faults;

/// <summary>
/// Residents reporting at a steady rate through <c>POST /api/cases</c> anywhere in
/// <see cref="Support.SmallDistrict"/>, as a client app does: a report answered 503, or whose
/// connection failed, is sent again until it gets another answer (after 0.2 s, sooner than
/// Retry-After asks, to keep the test short). Every answer is kept.
/// </summary>
public sealed class ReportFlow
{
    /// <summary>One answer of the server to one attempt.</summary>
    public sealed record Answer(int Status, string Description, long? CaseId, string? RetryAfter, string? ContentType, string Body);

    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    readonly HttpClient http;
    readonly ConcurrentQueue<Answer> answers = new();
    readonly ConcurrentBag<Task> reports = [];
    readonly CancellationTokenSource stop = new();
    readonly string run = Guid.NewGuid().ToString("N")[..6];
    Task pacing = Task.CompletedTask;
    int acknowledged, refused;

    ReportFlow(Uri server, string token)
    {
        http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Starts sending <paramref name="perSecond"/> new reports a second (retries come on top).</summary>
    public static ReportFlow Start(Uri server, string token, int perSecond)
    {
        var flow = new ReportFlow(server, token);
        flow.pacing = flow.PaceAsync(perSecond);
        return flow;
    }

    /// <summary>Reports answered 201.</summary>
    public int Acknowledged => Volatile.Read(ref acknowledged);

    /// <summary>Attempts that were not: answered otherwise, or the connection failed.</summary>
    public int Refused => Volatile.Read(ref refused);

    public IReadOnlyList<Answer> Answers => [.. answers];

    /// <summary>Stops sending new reports and waits until every report sent has had its last answer.</summary>
    public async Task StopAsync()
    {
        stop.Cancel();
        await pacing;
        await Task.WhenAll(reports);
        http.Dispose();
    }

    async Task PaceAsync(int perSecond)
    {
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var due = (int)(clock.Elapsed.TotalSeconds * perSecond); sent < due; sent++) reports.Add(ReportAsync(sent));
            await Task.Delay(5);
        }
    }

    async Task ReportAsync(int n)
    {
        await Task.Yield();
        var random = new Random(n);
        var description = $"fault run {run} report {n}";
        // Inside the district's box (121.10–121.30, 31.85–31.90), off its edges.
        var report = new
        {
            lon = 121.101 + 0.198 * random.NextDouble(),
            lat = 31.851 + 0.048 * random.NextDouble(),
            categoryCode = "environmental_sanitation",
            description,
        };
        var giveUp = Stopwatch.StartNew();
        while (giveUp.Elapsed < Eventually.Safety)
        {
            try
            {
                using var response = await http.PostAsJsonAsync("/api/cases", report);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                long? id = status == 201 ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64() : null;
                answers.Enqueue(new(status, description, id, response.Headers.RetryAfter?.ToString(),
                    response.Content.Headers.ContentType?.MediaType, body));
                if (status == 201)
                {
                    Interlocked.Increment(ref acknowledged);
                    return;
                }
                Interlocked.Increment(ref refused);
                if (status != 503) return;
            }
            // No answer, or half of one: the server is down, or went down mid-request or mid-answer.
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                Interlocked.Increment(ref refused);
            }
            await Task.Delay(Pause);
        }
    }
}
