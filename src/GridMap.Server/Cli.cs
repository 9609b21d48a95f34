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
            case ["import", var kind, var file, .. var options]:
                return await Import.ImportCommand.RunAsync(db, kind, file, options, Console.Out, Console.Error);
            case ["import", var file]:
                return await Territory.ImportCommand.RunAsync(db, file, Console.Out, Console.Error);
            case ["demo", "load", .. var rest] when rest is [] or [_] or ["--password-file", _] or [_, "--password-file", _]:
                // The folder demo generate writes by default: data/demo.
                var dir = rest is [var folder, ..] && folder != "--password-file" ? folder : Path.Combine(Cases.ReferenceData.Find(), "demo");
                var passwordFile = rest is [.., "--password-file", var path] ? path : null;
                if (!File.Exists(Path.Combine(dir, "households.geojson")))
                {
                    Console.Error.WriteLine($"demo data: nothing to load in {dir}");
                    return 0;
                }
                await Demo.DemoLoader.LoadAsync(db, dir, Console.Error, TimeProvider.System,
                    app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Cases.LiveOptions>>().Value.SnapshotDays,
                    new GridMap.Demo.ConsoleProgress(Console.Error));
                var kept = Demo.DemoPasswordFile.Read(passwordFile);
                var works = await Demo.DemoUsers.SeedIfNoneAsync(db, app.Services.GetRequiredService<GridMap.Core.Cases.CaseCatalogue>(),
                    app.Configuration["GRIDMAP_DEMO_PASSWORD"] is { Length: > 0 } given ? given : kept, Console.Error);
                if (passwordFile is null) return 0;
                if (works is not null) Demo.DemoPasswordFile.Keep(passwordFile, works);
                else if (kept is not null) Console.Error.WriteLine($"demo data: {passwordFile} holds a password that does not sign admin in: not shown");
                return 0;
            case ["user", "add", var username, .. var options]:
                return await Auth.UserCommand.AddAsync(db, username, options, Console.Out, Console.Error,
                    [.. app.Services.GetRequiredService<GridMap.Core.Cases.CaseCatalogue>().Departments.Select(d => d.Code)]);
            case ["user", "passwd", var username]:
                return await Auth.UserCommand.PasswdAsync(db, username,
                    Console.IsInputRedirected ? Console.In : new Auth.HiddenPrompt(Console.Error), Console.Out, Console.Error);
            case ["apikey", .. var rest]:
                return await Auth.ApiKeyCommand.RunAsync(db, rest, Console.Out, Console.Error);
            default:
                Console.Error.WriteLine($"unknown command: {string.Join(' ', args)}");
                if (args is ["user", ..]) Console.Error.WriteLine(Auth.UserCommand.Usage);
                return 2;
        }
    }
}
