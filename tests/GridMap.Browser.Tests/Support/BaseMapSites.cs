using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GridMap.Browser.Tests.Support;

/// <summary>
/// A tile server of our own on a free local port (no network): every GET answers a PNG and is
/// recorded with its path and query, so a test sees which tiles a page asked for.
/// </summary>
public sealed class FakeTileServer : IAsyncDisposable
{
    // A 1×1 grey PNG; Leaflet stretches it over the tile.
    static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGM4AAAAwgDBUl5XUQAAAABJRU5ErkJggg==");

    readonly WebApplication app;
    public ConcurrentQueue<string> Requests { get; } = new();
    public string Url { get; }

    public FakeTileServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(async http =>
        {
            Requests.Enqueue(http.Request.Path + http.Request.QueryString);
            http.Response.ContentType = "image/png";
            await http.Response.Body.WriteAsync(Png);
        });
        app.StartAsync().GetAwaiter().GetResult();
        Url = app.Urls.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary><see cref="MapSite"/> with a base map of <paramref name="kind"/> whose tiles come from a <see cref="FakeTileServer"/>.</summary>
public abstract class BaseMapSite(string kind) : MapSite
{
    public FakeTileServer Tiles { get; } = new();

    /// <summary>The configured template: <c>{token}</c> stands for the key the setting gives.</summary>
    public const string Token = "test-key";

    protected override IEnumerable<(string Name, string Value)> Settings => [
        ("GridMap:BaseMap:Kind", kind), ("GridMap:BaseMap:Url", Tiles.Url + "/{z}/{x}/{y}.png?tk={token}"),
        ("GridMap:BaseMap:Token", Token), ("GridMap:BaseMap:Attribution", "Test tiles")];

    protected override void Dispose(bool disposing)
    {
        if (disposing) Tiles.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}

/// <summary>Tiles in WGS 84 (an OpenStreetMap- or Tianditu-style XYZ URL).</summary>
public sealed class XyzBaseMapSite() : BaseMapSite("xyz");

/// <summary>Tiles in GCJ-02, as Amap's are.</summary>
public sealed class AmapBaseMapSite() : BaseMapSite("amap");

/// <summary><see cref="CrowdedMapSite"/>'s households (drawn from vector tiles) on GCJ-02 tiles.</summary>
public sealed class CrowdedAmapSite() : BaseMapSite("amap")
{
    protected override string SeedSql => CrowdedMapSite.Sql;
}
