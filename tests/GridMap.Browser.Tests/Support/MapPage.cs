namespace GridMap.Browser.Tests.Support;

/// <summary>What a test needs from the page: readiness, the debug counts, a click at a place, a zoom, a redirect waited out and the sign-in form.</summary>
static class MapPage
{
    /// <summary>
    /// For a navigation the page makes itself (a redirect, a sign-in): the URL is polled, since
    /// waiting for a navigation event can miss one that commits just as the wait begins.
    /// </summary>
    public static readonly PageAssertionsToHaveURLOptions Navigated = new() { Timeout = 30_000 };

    /// <summary>Fills in the sign-in page (login.html, in Chinese) as <paramref name="user"/> and sends it.</summary>
    public static async Task SignInAsync(IPage page, string user, string password = GridMapApp.Password)
    {
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
    }

    public static Task WaitUntilReadyAsync(IPage page) =>
        page.WaitForSelectorAsync("#map[data-ready='true']", new() { Timeout = 30_000 });

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

    /// <summary>
    /// The RGBA of the vector canvas at (lon, lat): what the canvas renderer painted there,
    /// alpha 0 where it painted nothing. Read after the next two animation frames: the renderer
    /// paints a layer just added (or changed) in the next one, not when it is added.
    /// </summary>
    public static Task<int[]> CanvasPixelAsync(IPage page, double lon, double lat) =>
        page.EvaluateAsync<int[]>("""
            async ([lon, lat]) => {
              await new Promise(painted => requestAnimationFrame(() => requestAnimationFrame(painted)));
              const canvas = document.querySelector('.leaflet-overlay-pane canvas');
              const box = canvas.getBoundingClientRect(), map = document.getElementById('map').getBoundingClientRect();
              const p = gridmap.map.latLngToContainerPoint([lat, lon]);
              const x = Math.round((map.left + p.x - box.left) * canvas.width / box.width);
              const y = Math.round((map.top + p.y - box.top) * canvas.height / box.height);
              return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data);
            }
            """, new[] { lon, lat });

    /// <summary>
    /// Jumps to (lon, lat) at zoom and waits out the marker clusters' split-and-merge animation
    /// that follows: a click during it can land on a pin that is about to be replaced. A zoom
    /// animation the page started (a search result's setView) is waited out first: Leaflet ends
    /// it by moving to its own target, which would undo this jump.
    /// </summary>
    public static async Task ZoomToAsync(IPage page, double lon, double lat, int zoom)
    {
        const string Still = "() => !['leaflet-zoom-anim', 'leaflet-cluster-anim'].some(c => gridmap.map.getPane('mapPane').classList.contains(c))";
        await page.WaitForFunctionAsync(Still);
        await page.EvaluateAsync("([lon, lat, zoom]) => { gridmap.map.setView([lat, lon], zoom, { animate: false }); }", new[] { lon, lat, zoom });
        await page.WaitForFunctionAsync(Still);
    }
}
