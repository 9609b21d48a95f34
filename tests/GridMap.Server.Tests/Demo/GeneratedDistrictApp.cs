using GridMap.Demo;
using GridMap.Server.Demo;

namespace GridMap.Tests.Demo;

/// <summary>A district generated with <paramref name="options"/> and loaded by demo load (through the area import's checks) into a throwaway database, with its demo users (password <see cref="GridMapApp.Password"/>).</summary>
public abstract class GeneratedDistrictApp(DemoOptions options) : GridMapApp
{
    public DemoDistrictData Generated { get; } = DemoDistrict.Generate(options);

    /// <summary>What demo load said.</summary>
    public StringWriter Log { get; } = new();

    /// <summary>Whether demo load loaded the district (it loads only into an empty database).</summary>
    public bool Loaded { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var folder = Directory.CreateTempSubdirectory("gridmap-demo-");
        try
        {
            DemoGeoJson.Write(Generated, folder.FullName);
            DemoCasesFile.Write(Generated.Cases, folder.FullName);
            var db = Services.GetRequiredService<SchemaOwner>().Db;
            Loaded = await DemoLoader.LoadIfEmptyAsync(db, folder.FullName, Log);
            await DemoUsers.SeedIfNoneAsync(db, Services.GetRequiredService<CaseCatalogue>(), Password, Log);
        }
        finally { folder.Delete(recursive: true); }
    }
}
