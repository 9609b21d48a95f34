using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GridMap.Tests.Ogc;

/// <summary>
/// <see cref="AuthApp"/>'s district on a real port, for GDAL (which cannot reach the in-memory
/// test server), with <see cref="ExtraHouseholds"/> more households in the west (grids 6 and 7) so
/// that a collection runs to more than the largest page.
/// </summary>
public sealed class OgcApp : AuthApp
{
    public const int ExtraHouseholds = 10_050;

    public OgcApp() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await ExecuteAsync($"""
            INSERT INTO households (name, members, kind, phone, location)
            SELECT '党员' || i, 1 + i % 5, 'member', '139' || lpad(i::text, 8, '0'),
                   ST_SetSRID(ST_MakePoint(121.101 + (i % 97) * 0.00098, 31.851 + (i / 97) * 0.00046), 4326)
            FROM generate_series(1, {ExtraHouseholds}) i;
            """);
    }

    /// <summary>
    /// Runs a GDAL program as <paramref name="username"/> (its bearer token in a header file, as
    /// docs/gis.md tells users to); its standard output, or an exception with its error output.
    /// </summary>
    public async Task<string> GdalAsync(string username, string program, params string[] arguments)
    {
        var headers = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(headers, $"Authorization: Bearer {await TokenFor(username)}\n");
            return await ExternalProgram.RunAsync(program, [.. arguments, "--config", "GDAL_HTTP_HEADER_FILE", headers]);
        }
        finally
        {
            File.Delete(headers);
        }
    }
}
