using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace GridMap.Tests.Auth;

/// <summary>
/// A fresh <see cref="AuthApp"/> for the fuzz test alone: its overdue watcher off (nothing may
/// write behind its back), and public intake unlimited and open to Open311 posts without a key,
/// so that the public's payloads reach the checks instead of the rate limit or the key check
/// (which have their own tests).
/// </summary>
public class FuzzApp : AuthApp
{
    protected override IEnumerable<(string Name, string Value)> Settings =>
        [("GRIDMAP_OVERDUE_SCAN_SECONDS", "0"), ("GRIDMAP_INTAKE_PER_MINUTE", "1000000"), ("GRIDMAP_OPEN311_ANONYMOUS_POST", "true")];
}

/// <summary>
/// Hostile requests (<see cref="HostilePayloads"/>) from several seeds: no answer is a 5xx or a
/// success, every refusal is a ProblemDetails (Open311: the spec's error array) that names what
/// is at fault, none carries PostgreSQL's own words, and nothing is written. A failure names its
/// seed; <c>GRIDMAP_FUZZ_SEEDS=1,2,3</c> (and <c>GRIDMAP_FUZZ_COUNT</c>) replay or add seeds.
/// </summary>
public class FuzzTests(FuzzApp app, ITestOutputHelper output) : IClassFixture<FuzzApp>
{
    static int Count => int.TryParse(Environment.GetEnvironmentVariable("GRIDMAP_FUZZ_COUNT"), out var n) ? n : 2_000;

    public static TheoryData<int> Seeds => [.. Environment.GetEnvironmentVariable("GRIDMAP_FUZZ_SEEDS") is { Length: > 0 } seeds
        ? seeds.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))
        : [20260522, 1, 2, 3, 4]];

    /// <summary>Words of PostgreSQL's (and Npgsql's) own errors, which no answer may pass on.</summary>
    static readonly string[] PostgresWords =
    [
        "SQLSTATE", "Npgsql", "PostgresException", "violates", "syntax error at", "invalid input syntax", "invalid byte sequence",
        "out of range for type", "value too long for type", "null value in column", "duplicate key value", "relation \"", "column \"",
        "operator does not exist", "payload string too long", "numeric field overflow", "ERROR:", "DETAIL:", "current transaction is aborted",
        "permission denied", "does not exist", "unterminated", "invalid escape", "character with byte sequence",
    ];

    /// <summary>Every row of every table, as a digest per table: a write anywhere changes one.</summary>
    async Task<Dictionary<string, string>> SnapshotAsync()
    {
        var tables = await app.QueryAsync("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys'
            ORDER BY table_name
            """, r => r.GetString(0));
        var digests = new Dictionary<string, string>();
        foreach (var table in tables)
            digests[table] = (await app.QueryAsync(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t",
                r => r.GetString(0))).Single();
        return digests;
    }

    [Theory, MemberData(nameof(Seeds))]
    public async Task Hostile_requests_get_a_refusal_that_names_the_fault_and_write_nothing(int seed)
    {
        var payloads = new HostilePayloads(seed).Generate(Count);
        var wrong = await SendAsync(payloads);
        Assert.True(wrong.Count == 0,
            $"seed {seed} (replay: GRIDMAP_FUZZ_SEEDS={seed}), {wrong.Count} of {payloads.Count} wrong, the first:\n" + string.Join("\n", wrong.Take(25)));
    }

    [Fact]
    public async Task Huge_requests_are_refused_without_being_read_whole_and_write_nothing()
    {
        var wrong = await SendAsync([.. HostilePayloads.Huge()]);
        Assert.Empty(wrong);
    }

    async Task<List<string>> SendAsync(IReadOnlyList<Payload> payloads)
    {
        var clients = new Dictionary<string, HttpClient>
        {
            [SmallDistrict.Admin] = app.ClientFor(SmallDistrict.Admin),
            [SmallDistrict.Reporter] = app.ClientFor(SmallDistrict.Reporter),
            [""] = app.CreateClient(),
        };
        foreach (var user in new[] { SmallDistrict.Admin, SmallDistrict.Reporter }) await app.TokenFor(user); // sign in before the snapshot
        var before = await SnapshotAsync();

        var outcomes = new ConcurrentBag<(int Index, Payload Payload, int Status, string Body, string? Wrong)>();
        var started = Stopwatch.GetTimestamp(); // printed for docs/benchmarks.md, never asserted
        await Parallel.ForEachAsync(payloads.Select((p, i) => (p, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (x, ct) =>
        {
            using var response = await clients[x.p.User ?? ""].SendAsync(x.p.Message(), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            outcomes.Add((x.i, x.p, status, body, Wrong(x.p, status, response.Content.Headers.ContentType?.MediaType, body)));
        });
        output.WriteLine($"{payloads.Count} payloads in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        var after = await SnapshotAsync();

        foreach (var g in outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key)) output.WriteLine($"  {g.Key}: {g.Count()}");
        foreach (var g in outcomes.GroupBy(o => (o.Payload.Target, o.Payload.Kind)).OrderBy(g => g.Key))
            output.WriteLine($"  {g.Key.Target} / {g.Key.Kind}: {g.Count()} ({string.Join(", ", g.GroupBy(o => o.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Count()}"))})");

        var wrong = outcomes.Where(o => o.Wrong is not null).OrderBy(o => o.Index)
            .Select(o => $"#{o.Index}: {o.Wrong}: {o.Payload} → {o.Status} {o.Body[..Math.Min(o.Body.Length, 300)]}").ToList();
        wrong.AddRange(before.Where(t => after[t.Key] != t.Value).Select(t => $"table {t.Key} was written"));
        return wrong;
    }

    /// <summary>What is wrong with an answer, or null.</summary>
    static string? Wrong(Payload p, int status, string? mediaType, string body)
    {
        if (PostgresWords.FirstOrDefault(w => body.Contains(w, StringComparison.OrdinalIgnoreCase)) is { } words) return $"passes on PostgreSQL's words ({words})";
        if (status >= 500) return "a server error";
        if (status < 400) return p.MaySucceed && status < 300 ? null : $"not refused";
        JsonElement root;
        try { root = JsonDocument.Parse(body).RootElement; }
        catch (JsonException) { return "a refusal that is not JSON"; }

        string text;
        string[] fields;
        // Open311 answers in the spec's error array; what fails before it is reached (the body limit, a form that
        // cannot be decoded) answers as every other endpoint does.
        if (p.Url.StartsWith("/open311/") && root.ValueKind == JsonValueKind.Array)
        {
            if (mediaType != "application/json" || root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != 1
                || !root[0].TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || code.GetInt32() != status
                || !root[0].TryGetProperty("description", out var description) || description.ValueKind != JsonValueKind.String)
                return "not the Open311 error array";
            (text, fields) = (description.GetString()!, []);
        }
        else
        {
            if (mediaType != "application/problem+json") return $"{mediaType ?? "no media type"}, not application/problem+json";
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.Number || s.GetInt32() != status
                || !root.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
                return "a ProblemDetails without its status and title";
            text = title.GetString() + " " + (root.TryGetProperty("detail", out var detail) ? detail.GetString() : "");
            fields = Fields(root);
        }
        // Bad input names what is bad; a refusal for who asks (401, 403) or for the state of things (409, 429) need not.
        if (status is 400 or 404 or 413 or 415 or 422 && !p.Faults.Any(f => fields.Contains(f, StringComparer.OrdinalIgnoreCase) || Names(text, f)))
            return $"does not name {string.Join(" or ", p.Faults.Select(f => $"'{f}'"))}";
        return null;
    }

    /// <summary>The fields of a ProblemDetails' <c>errors</c>: its keys (a JSON path's first step), or each item's <c>field</c>.</summary>
    static string[] Fields(JsonElement problem)
    {
        if (!problem.TryGetProperty("errors", out var errors)) return [];
        if (errors.ValueKind == JsonValueKind.Object)
            return [.. errors.EnumerateObject().Select(e => Regex.Match(e.Name, @"^(\$\.)?([^.\[]*)").Groups[2].Value)];
        if (errors.ValueKind == JsonValueKind.Array)
            return [.. errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("field", out _)).Select(e => e.GetProperty("field").GetString() ?? "")];
        return [];
    }

    /// <summary>Whether text names a field: as a word of its own, not inside another (lon in long).</summary>
    static bool Names(string text, string name) =>
        Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(name)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase);
}
