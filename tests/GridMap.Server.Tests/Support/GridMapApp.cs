using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridMap.Tests.Support;

/// <summary>The real server on a throwaway PostGIS database (schema applied at start-up).</summary>
public class GridMapApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        CreateClient().Dispose(); // start the host: runs the migrations
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("GRIDMAP_DB", Database.ConnectionString);

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
