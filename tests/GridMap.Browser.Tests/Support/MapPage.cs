using System.Text.Json;
using Microsoft.Playwright;

namespace GridMap.Browser.Tests.Support;

/// <summary>What a test needs from the page: readiness, the debug counts, a click at a place.</summary>
static class MapPage
{
    public static Task WaitUntilReadyAsync(IPage page) =>
        page.WaitForSelectorAsync("#map[data-ready='true']", new() { Timeout = 15_000 });

    /// <summary>Features drawn per layer, as the page reports them in window.gridmap.counts.</summary>
    public static async Task<Dictionary<string, int>> CountsAsync(IPage page) =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(await page.EvaluateAsync<string>("JSON.stringify(gridmap.counts)"))!;

    /// <summary>Where (lon, lat) is on screen, relative to the map element.</summary>
    public static async Task<(double X, double Y)> PointOfAsync(IPage page, double lon, double lat)
    {
        var xy = await page.EvaluateAsync<double[]>("([lon, lat]) => { const p = gridmap.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", new[] { lon, lat });
        return (xy[0], xy[1]);
    }

    /// <summary>A real mouse click on the map at (lon, lat).</summary>
    public static async Task ClickAtAsync(IPage page, double lon, double lat)
    {
        var (x, y) = await PointOfAsync(page, lon, lat);
        await page.Locator("#map").ClickAsync(new() { Position = new() { X = (float)x, Y = (float)y } });
    }

    public static Task ZoomToAsync(IPage page, double lon, double lat, int zoom) =>
        page.EvaluateAsync("([lon, lat, zoom]) => { gridmap.map.setView([lat, lon], zoom, { animate: false }); }", new[] { lon, lat, zoom });
}
