using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridMap.Tests.Faults;

/// <summary>A server process on its own cluster, which the tests stop and start; the overdue scan runs five times a second.</summary>
public sealed class OutageDistrict : IAsyncLifetime
{
    public ThrowawayCluster Cluster { get; } = new();
    public FaultDistrict District { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        District = await FaultDistrict.StartAsync(Cluster, ("GRIDMAP_OVERDUE_SCAN_SECONDS", "0.2"));
    }

    /// <summary>Runs <paramref name="during"/> while the cluster is stopped, and starts it again whatever happens.</summary>
    public async Task DuringOutageAsync(Func<Task> during)
    {
        await Cluster.StopAsync("fast");
        try
        {
            await during();
        }
        finally
        {
            await Cluster.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (District is not null) await District.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>
/// While the database is out of reach, every way into the server answers so, in its own shape and
/// never as a 500 or in PostgreSQL's words; background work carries on once it is back.
/// </summary>
[Collection(FaultsCollection.Name)]
public class OutageTests(OutageDistrict outage) : IClassFixture<OutageDistrict>
{
    FaultDistrict District => outage.District;

    [Fact]
    public async Task Api_requests_during_an_outage_are_answered_503_with_Retry_After_in_the_servers_own_words()
    {
        using var admin = await District.ClientFor(SmallDistrict.Admin);
        var id = await ReportAsync(admin);
        using var anonymous = new HttpClient { BaseAddress = District.Address };
        (string What, Func<Task<HttpResponseMessage>> Send)[] requests =
        [
            ("sign-in", () => anonymous.PostAsJsonAsync("/api/auth/login", new { username = SmallDistrict.Reporter, password = TestUsers.Password })),
            ("report", () => admin.PostAsJsonAsync("/api/cases", Report())),
            ("case list (streamed GeoJSON)", () => admin.GetAsync("/api/cases")),
            ("case (EF Core)", () => admin.GetAsync($"/api/cases/{id}")),
            ("audit trail", () => admin.GetAsync($"/api/cases/{id}/events")),
            ("move", () => admin.PostAsJsonAsync($"/api/cases/{id}/transitions", new { action = "register", version = 1 })),
            ("areas", () => admin.GetAsync("/api/areas")),
        ];

        await outage.DuringOutageAsync(async () =>
        {
            foreach (var (what, send) in requests)
            {
                using var answer = await send();
                await AssertOutageProblemAsync(what, answer);
            }
        });

        await Eventually.WaitAsync(async () => (await admin.GetAsync($"/api/cases/{id}")).IsSuccessStatusCode, () => "the case is served again");
    }

    [Fact]
    public async Task A_request_whose_session_PostgreSQL_ends_midway_is_answered_503_and_the_next_is_served()
    {
        using var admin = await District.ClientFor(SmallDistrict.Admin);
        await using (var conn = await District.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await LockAreasAsync(conn, tx);
            var ended = admin.GetAsync("/api/areas");
            await WaitingForLockAsync();
            await District.ScalarAsync<bool>("""
                SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                """);
            using var answer = await ended;
            await AssertOutageProblemAsync("areas, their session ended (57P01)", answer);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/areas")).StatusCode);
    }

    [Fact]
    public async Task A_request_that_waits_in_vain_for_a_pooled_connection_is_answered_503()
    {
        // One connection, and no overdue scan to take it. Npgsql's Timeout bounds both the wait for
        // a pooled connection and opening one: five seconds, so that a busy machine still opens
        // the server's first connection (one second did not, under a parallel build).
        var oneConnection = new NpgsqlConnectionStringBuilder(District.ConnectionString) { MaxPoolSize = 1, Timeout = 5 }.ConnectionString;
        await using var server = await District.StartAnotherServerAsync(oneConnection, ("GRIDMAP_OVERDUE_SCAN_SECONDS", "0"));
        using var admin = await District.ClientFor(SmallDistrict.Admin, server.Address);
        var id = await ReportAsync(admin);

        Task<HttpResponseMessage> holding;
        await using (var conn = await District.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await LockAreasAsync(conn, tx);
            holding = admin.GetAsync("/api/areas");
            await WaitingForLockAsync();

            using var waiting = await admin.GetAsync($"/api/cases/{id}/events");
            await AssertOutageProblemAsync("a request with no connection to have", waiting);
        }
        Assert.Equal(HttpStatusCode.OK, (await holding).StatusCode);
    }

    [Fact]
    public async Task Open311_answers_an_outage_in_its_own_error_shape_with_Retry_After()
    {
        (string What, Func<HttpClient, Task<HttpResponseMessage>> Send)[] requests =
        [
            ("POST requests.json", http => http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = "gm311_any-key", ["service_code"] = "environmental_sanitation", ["lat"] = "31.87", ["long"] = "121.12", ["description"] = "楼道堆放杂物",
            }))),
            ("GET requests.json", http => http.GetAsync("/open311/v2/requests.json")),
            ("GET requests/1.json", http => http.GetAsync("/open311/v2/requests/1.json")),
        ];
        // Staff read requests (signed in before the outage); a post's key is looked up in the database.
        using var staff = new HttpClient { BaseAddress = District.Address };
        staff.DefaultRequestHeaders.Authorization = new("Bearer", await District.TokenFor(SmallDistrict.Admin));

        await outage.DuringOutageAsync(async () =>
        {
            foreach (var (what, send) in requests)
            {
                using var answer = await send(staff);
                var body = await answer.Content.ReadAsStringAsync();
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)answer.StatusCode} {body}");
                Assert.Equal(TimeSpan.FromSeconds(DatabaseOutage.RetryAfterSeconds), answer.Headers.RetryAfter?.Delta);
                var error = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
                Assert.Equal(503, error.GetProperty("code").GetInt32());
                Assert.Equal(DatabaseOutage.Detail, error.GetProperty("description").GetString());
            }
        });
    }

    [Fact]
    public async Task Subscribing_to_the_live_hub_during_an_outage_fails_with_a_hub_error_that_says_so()
    {
        var token = await District.TokenFor(SmallDistrict.Admin);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(District.Address, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await hub.StartAsync();

        await outage.DuringOutageAsync(async () =>
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", 1L, 0L));
            Assert.Contains($"{DatabaseOutage.Title}: {DatabaseOutage.Detail}", refused.Message);
        });

        await Eventually.WaitAsync(async () =>
        {
            try
            {
                await hub.InvokeAsync("Subscribe", 1L, -1L);
                return true;
            }
            catch (HubException e) when (e.Message.Contains(DatabaseOutage.Title)) { return false; }
        }, () => "subscribing works again");
    }

    [Fact]
    public async Task The_overdue_watcher_survives_an_outage_and_marks_cases_after_it()
    {
        const string ScanFailed = "Overdue scan failed";
        using var admin = await District.ClientFor(SmallDistrict.Admin);
        var failedBefore = District.Server.Output.Split('\n').Count(line => line.Contains(ScanFailed));

        await outage.DuringOutageAsync(() => Eventually.WaitAsync(
            () => District.Server.Output.Split('\n').Count(line => line.Contains(ScanFailed)) > failedBefore || District.Server.HasExited,
            () => "an overdue scan met the outage"));
        Assert.False(District.Server.HasExited, $"The server stopped:\n{District.Server.Output}");

        var id = await ReportAsync(admin);
        await District.ScalarAsync<int>("UPDATE cases SET dispatch_due = now() - interval '1 minute' WHERE id = $1 RETURNING 0", id);
        await Eventually.WaitAsync(async () => await District.ScalarAsync<bool>("SELECT overdue_notified_at IS NOT NULL FROM cases WHERE id = $1", id),
            () => $"case {id} marked overdue:\n{District.Server.Output}");
    }

    /// <summary>Holds every request that reads areas (no background work of the server reads them) until the transaction ends.</summary>
    static async Task LockAreasAsync(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        await using var lockAreas = new NpgsqlCommand("LOCK TABLE areas IN ACCESS EXCLUSIVE MODE", conn, tx);
        await lockAreas.ExecuteNonQueryAsync();
    }

    Task WaitingForLockAsync() => Eventually.WaitAsync(async () => await District.ScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0,
        () => "a request waits for the lock on areas");

    static object Report() => new { lon = 121.12, lat = 31.87, categoryCode = "environmental_sanitation", description = "楼道堆放杂物" };

    static async Task<long> ReportAsync(HttpClient http)
    {
        using var answer = await http.PostAsJsonAsync("/api/cases", Report());
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    static async Task AssertOutageProblemAsync(string what, HttpResponseMessage answer)
    {
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)answer.StatusCode} {body}");
        Assert.Equal(TimeSpan.FromSeconds(DatabaseOutage.RetryAfterSeconds), answer.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal(DatabaseOutage.Title, problem.GetProperty("title").GetString());
        Assert.Equal(DatabaseOutage.Detail, problem.GetProperty("detail").GetString());
    }
}
