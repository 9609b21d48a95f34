using GridMap.Server.Demo;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridMap.Tests.Support;

/// <summary>The server on a throwaway database holding the committed demo district (data/demo).</summary>
public class DemoDistrictApp : GridMapApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoLoader.LoadIfEmptyAsync(Services.GetRequiredService<NpgsqlDataSource>(),
            Path.Combine(TestDatabase.RepoRoot, "data", "demo"), TextWriter.Null);
    }
}
