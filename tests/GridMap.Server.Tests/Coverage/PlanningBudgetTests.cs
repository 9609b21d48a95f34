using GridMap.Server.Coverage;
using Microsoft.AspNetCore.TestHost;

namespace GridMap.Tests.Coverage;

/// <summary>
/// The planner's work is budgeted before it is done (422 naming the parameters and the limit),
/// and one heavy job runs per server at a time (429 with Retry-After).
/// </summary>
public class PlanningBudgetTests(PlanningBudgetTests.GatedApp app) : IClassFixture<PlanningBudgetTests.GatedApp>
{
    /// <summary>The demo district, with heavy planning jobs held on a gate the test opens.</summary>
    public sealed class GatedApp : DemoDistrictApp
    {
        public Gate Jobs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<PlanningJobs>(Jobs));
        }
    }

    /// <summary>Holds each heavy job, once it has the slot, until the test opens the gate.</summary>
    public sealed class Gate : PlanningJobs
    {
        public TaskCompletionSource Entered { get; private set; } = New();
        public TaskCompletionSource Open { get; private set; } = New();

        public void Reset() => (Entered, Open) = (New(), New());

        public override async Task StartedAsync(CancellationToken ct)
        {
            Entered.TrySetResult();
            await Open.Task.WaitAsync(ct);
        }

        static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A safety net only: the waits below end on the server's own signal.</summary>
    static readonly TimeSpan Never = TimeSpan.FromMinutes(3);

    Task<HttpResponseMessage> Suggest(string json) =>
        app.AdminClient().PostAsync("/api/coverage/suggest", new StringContent(json, Encoding.UTF8, "application/json"));

    static async Task<JsonElement> OverBudget(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    static string[] Named(JsonElement problem) => [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)];

    [Fact]
    public async Task The_request_that_ran_46_seconds_is_refused_at_once_naming_the_lattice_spacing_and_the_limit()
    {
        var problem = await OverBudget(await Suggest("""{"k":50,"radiusM":20000,"existingRadiusM":1,"latticeSpacingM":40}"""));

        Assert.Contains("latticeSpacingM", Named(problem));
        Assert.Equal(PlanningBudget.MaxLatticePoints, problem.GetProperty("limit").GetInt64());
        Assert.True(problem.GetProperty("estimate").GetInt64() > PlanningBudget.MaxLatticePoints);
        Assert.Contains(PlanningBudget.MaxLatticePoints.ToString("N0"), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Too_many_candidate_household_pairs_are_refused_naming_the_radius_and_the_lattice_spacing()
    {
        // About 10,000 lattice positions: within that budget, but each candidate reaches every household.
        var problem = await OverBudget(await Suggest("""{"k":50,"radiusM":20000,"existingRadiusM":1,"latticeSpacingM":150}"""));

        Assert.Equal(["radiusM", "latticeSpacingM", "areaId"], Named(problem));
        Assert.Equal(PlanningBudget.MaxPairs, problem.GetProperty("limit").GetInt64());
        // 20 km around any point of the district takes in all of it: every candidate is tested against every household.
        var households = (await Sql.QueryAsync(app.Database.ConnectionString, "SELECT count(*) FROM households", r => r.GetInt64(0))).Single();
        long estimate = problem.GetProperty("estimate").GetInt64();
        Assert.Equal(0, estimate % households);
        Assert.True(estimate > PlanningBudget.MaxPairs, $"estimate {estimate}");
    }

    [Fact]
    public async Task Uploaded_candidates_count_against_the_same_budget_and_are_named()
    {
        var points = Enumerable.Range(0, 5000).Select(i => new
        {
            type = "Feature", properties = new { }, geometry = new { type = "Point", coordinates = new[] { 121.10 + i % 100 * 0.001, 31.84 + i / 100 * 0.001 } },
        });
        var body = JsonSerializer.Serialize(new { k = 5, radiusM = 20000, candidates = new { type = "FeatureCollection", features = points } });
        var problem = await OverBudget(await Suggest(body));

        Assert.Equal(["radiusM", "candidates", "areaId"], Named(problem));
    }

    [Fact]
    public async Task A_walking_search_is_bounded_before_it_runs_by_the_road_ends_within_its_radius()
    {
        var cache = app.Services.GetRequiredService<CoverageCache>();
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        var state = await cache.CurrentAsync(CancellationToken.None);
        var network = await cache.WalkingAsync(state, CancellationToken.None);
        Assert.NotNull(network);
        // A set of stations no other request searched from, so nothing is cached for it.
        var stations = state.Stations.Where(s => s.Id % 7 == 3).ToList();

        var (refused, estimate) = await network.ReachAsync(db, state.Versions.Stations, stations, 3000, maxRows: 10, CancellationToken.None);
        Assert.Null(refused);
        var (reach, rows) = await network.ReachAsync(db, state.Versions.Stations, stations, 3000, maxRows: estimate, CancellationToken.None);

        Assert.NotNull(reach);
        Assert.InRange(rows, 11, estimate);
        // The widest walking radius on the demo district is within the budget.
        Assert.Equal(HttpStatusCode.OK, (await app.AdminClient().GetAsync("/api/coverage?mode=walking&radiusM=20000")).StatusCode);
    }

    [Fact]
    public async Task While_one_heavy_job_runs_the_next_is_told_to_retry_later_and_light_ones_still_answer()
    {
        app.Jobs.Reset();
        // Heavy (about 2 million pairs) yet within the budget.
        const string heavy = """{"k":50,"radiusM":3000,"existingRadiusM":1,"latticeSpacingM":300}""";
        var first = Suggest(heavy);
        await app.Jobs.Entered.Task.WaitAsync(Never);

        using var second = await Suggest(heavy);
        var body = await second.Content.ReadAsStringAsync();
        Assert.True(second.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)second.StatusCode}: {body}");
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(PlanningJobs.RetryAfterSeconds), second.Headers.RetryAfter?.Delta);
        Assert.Equal(429, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());

        using var light = await Suggest("""{"k":3,"radiusM":500}""");
        Assert.Equal(HttpStatusCode.OK, light.StatusCode);

        app.Jobs.Open.SetResult();
        using var done = await first.WaitAsync(Never);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(50, (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("k").GetInt32());

        // The slot is free again once the job is done.
        app.Jobs.Reset();
        app.Jobs.Open.SetResult();
        using var again = await Suggest(heavy);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(app.Jobs.Entered.Task.IsCompleted);
    }
}
