namespace GridMap.Server;

/// <summary>The server's command line (behind ./gridmap): one verb per admin task.</summary>
static class Cli
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await app.Services.GetRequiredService<Data.Migrator>().MigrateAsync();
        switch (args)
        {
            case ["migrate"]:
                return 0;
            case ["import", var file]:
                return await Territory.ImportCommand.RunAsync(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), file, Console.Out, Console.Error);
            case ["demo", "load", var dir]:
                Console.Error.WriteLine($"demo data: {dir} (loader not built yet)");
                return 0;
            default:
                Console.Error.WriteLine($"unknown command: {string.Join(' ', args)}");
                return 2;
        }
    }
}
