using GridMap.Server.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace GridMap.Tests.Support;

/// <summary>The server on a throwaway database holding the committed demo district (data/demo) and its demo users (password <see cref="GridMapApp.Password"/>).</summary>
public class DemoDistrictApp : GridMapApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var db = Services.GetRequiredService<GridMap.Server.Data.SchemaOwner>().Db;
        await DemoLoader.LoadIfEmptyAsync(db, Path.Combine(TestDatabase.RepoRoot, "data", "demo"), TextWriter.Null);
        await DemoUsers.SeedIfNoneAsync(db, Services.GetRequiredService<GridMap.Core.Cases.CaseCatalogue>(), Password, TextWriter.Null);
    }
}
