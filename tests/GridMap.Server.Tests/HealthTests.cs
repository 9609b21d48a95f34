using Microsoft.Extensions.Logging;

namespace GridMap.Tests;

public class HealthTests(GridMapApp app) : IClassFixture<GridMapApp>
{
    [Fact]
    public async Task Health_reports_ok_and_the_postgis_version_when_the_database_answers()
    {
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"postgis\":\"3.", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The server reaching its database through a <see cref="TcpRelay"/> that the test cuts; every log line captured.</summary>
public class RelayedDatabaseApp : GridMapApp, IAsyncLifetime
{
    TcpRelay? relay;
    public TcpRelay Relay => relay!;
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var direct = new NpgsqlConnectionStringBuilder(builder.GetSetting("GRIDMAP_DB"));
        relay = new TcpRelay(direct.Host!, direct.Port);
        builder.UseSetting("GRIDMAP_DB", new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        relay?.Dispose();
    }
}

public class UnreachableDatabaseTests(RelayedDatabaseApp app) : IClassFixture<RelayedDatabaseApp>
{
    [Fact]
    public async Task Health_tells_anyone_only_that_the_database_does_not_answer_and_logs_why()
    {
        using var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        app.Relay.Cut();
        var response = await http.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("Database unreachable", "The database does not answer."), (problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));
        foreach (var secret in new[] { "127.0.0.1", app.Relay.Port.ToString(), app.Database.Name, "Exception", "stream" })
            Assert.DoesNotContain(secret, body);
        Assert.Contains(app.Logs.Lines, line => line.Contains("Health") && line.Contains("Npgsql"));
    }
}
