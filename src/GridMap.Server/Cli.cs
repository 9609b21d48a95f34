namespace GridMap.Server;

/// <summary>The server's command line (behind ./gridmap): one verb per admin task, run as the schema owner.</summary>
static class Cli
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await app.Services.GetRequiredService<Data.Migrator>().MigrateAsync();
        var db = app.Services.GetRequiredService<Data.SchemaOwner>().Db;
        switch (args)
        {
            case ["migrate"]:
                return 0;
            case ["import", var file]:
                return await Territory.ImportCommand.RunAsync(db, file, Console.Out, Console.Error);
            case ["demo", "load", .. var rest] when rest.Length <= 1:
                // The folder demo generate writes by default: data/demo.
                var dir = rest is [var given] ? given : Path.Combine(Cases.ReferenceData.Find(), "demo");
                if (!File.Exists(Path.Combine(dir, "households.geojson")))
                {
                    Console.Error.WriteLine($"demo data: nothing to load in {dir}");
                    return 0;
                }
                await Demo.DemoLoader.LoadAsync(db, dir, Console.Error, TimeProvider.System, new GridMap.Demo.ConsoleProgress(Console.Error));
                await Demo.DemoUsers.SeedIfNoneAsync(db, app.Configuration["GRIDMAP_DEMO_PASSWORD"], Console.Error);
                return 0;
            case ["user", "add", var username, .. var options]:
                return await Auth.UserCommand.AddAsync(db, username, options, Console.Out, Console.Error);
            case ["apikey", .. var rest]:
                return await Auth.ApiKeyCommand.RunAsync(db, rest, Console.Out, Console.Error);
            default:
                Console.Error.WriteLine($"unknown command: {string.Join(' ', args)}");
                if (args is ["user", ..]) Console.Error.WriteLine(Auth.UserCommand.Usage);
                return 2;
        }
    }
}
