namespace GridMap.Tests.Cases;

public class ReportFilingTests(CasesApp app) : IClassFixture<CasesApp>
{
    static async Task UntilAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"still not true after 60 s: {what()}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Reports_that_arrive_while_a_batch_is_filed_share_the_next_transaction_and_each_gets_its_own_case()
    {
        var http = app.ClientFor(SmallDistrict.Admin);
        var filer = app.Services.GetRequiredService<ReportFiler>();
        // Reports 3 and 7 lie outside the district: the batch files the others, each with its own case.
        var outside = new[] { 3, 7 };
        Task<HttpResponseMessage> Report(int n) => http.PostAsJsonAsync("/api/cases",
            new { lon = outside.Contains(n) ? 100.0 : 121.13 + n * 0.01, lat = 31.87, categoryCode = "environmental_sanitation", description = $"楼道堆放杂物 {n}" });

        // The live stream's lock, held here, stops the first report inside the database.
        await using var holder = new NpgsqlConnection(app.Database.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var lockSeq = new NpgsqlCommand("SELECT last FROM live_seq FOR UPDATE", holder, tx))
            await lockSeq.ExecuteScalarAsync();
        var first = Report(0);
        await UntilAsync(async () => await app.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%report_case%'") == 1,
            () => $"the first report waits for the lock ({(first.IsCompleted ? first.Result.StatusCode + first.Result.Content.ReadAsStringAsync().Result : "pending")})");
        var rest = Enumerable.Range(1, 9).Select(Report).ToList();
        await UntilAsync(() => Task.FromResult(filer.Queued == 9), () => "the other nine reports wait for the next batch");
        await tx.RollbackAsync();

        var responses = await Task.WhenAll([first, .. rest]);
        Assert.Equal(Enumerable.Range(0, 10).Select(n => outside.Contains(n) ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Created),
            responses.Select(r => r.StatusCode));
        var filed = new List<JsonElement>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
            filed.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(Enumerable.Range(0, 10).Except(outside).Select(n => $"楼道堆放杂物 {n}"), filed.Select(c => c.Str("description")));
        var ids = filed.Select(c => c.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(8, ids.Distinct().Count());
        Assert.Equal(filed.Select(c => c.Str("description")),
            await Sql.QueryAsync(app.Database.ConnectionString, "SELECT description FROM cases WHERE id = ANY ($1) ORDER BY array_position($1, id)", r => r.GetString(0), ids));
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM cases WHERE id = ANY ($1)", ids));
        Assert.Equal(8L, await app.ScalarAsync<long>("SELECT count(DISTINCT seq) FROM case_events WHERE case_id = ANY ($1) AND action = 'report'", ids));
    }
}
