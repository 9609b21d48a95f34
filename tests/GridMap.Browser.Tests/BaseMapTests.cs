namespace GridMap.Browser.Tests;

/// <summary>
/// Published WGS 84 → GCJ-02 pairs: the test table of googollee/eviltransform
/// (javascript/test.js: Shanghai, Shenzhen, Beijing) and the example of
/// wandergis/coordtransform (test/app.js: wgs84togcj02(116.404, 39.915)).
/// </summary>
static class Gcj02ControlPoints
{
    public static readonly (double WgsLon, double WgsLat, double GcjLon, double GcjLat)[] All =
    [
        (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),    // Shanghai
        (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),    // Shenzhen
        (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),    // Beijing
        (116.404, 39.915, 116.41024449916938, 39.91640428150164),          // Beijing, coordtransform
    ];

    /// <summary>Great-circle distance in metres (spherical, radius 6,371,008.8 m): ample for half a metre.</summary>
    public static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * 6_371_008.8 * Math.Asin(Math.Sqrt(a));
    }

    /// <summary>Web Mercator world pixel of (lon, lat) at zoom (256-pixel tiles), the slippy-map formula.</summary>
    public static (double X, double Y) WorldPixel(double lon, double lat, int zoom)
    {
        var size = 256 * Math.Pow(2, zoom);
        var sin = Math.Sin(lat * Math.PI / 180);
        return ((lon + 180) / 360 * size, (0.5 - Math.Log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size);
    }
}

public class XyzBaseMapTests(XyzBaseMapSite site) : IClassFixture<XyzBaseMapSite>
{
    [Fact]
    public async Task The_map_asks_the_configured_tile_server_for_the_tiles_in_view_with_the_token()
    {
        var page = await site.OpenAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('img.leaflet-tile')].some(i => i.complete && i.naturalWidth > 0)");
        var (zoom, lon, lat) = await CentreAsync(page);

        var requests = site.Tiles.Requests.ToArray();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Matches($@"^/\d+/\d+/\d+\.png\?tk={BaseMapSite.Token}$", r));
        var (x, y) = Gcj02ControlPoints.WorldPixel(lon, lat, zoom);
        Assert.Contains($"/{zoom}/{(int)(x / 256)}/{(int)(y / 256)}.png?tk={BaseMapSite.Token}", requests);
        Assert.Contains("Test tiles", await page.Locator(".leaflet-control-attribution").InnerTextAsync());
    }

    [Fact]
    public async Task The_javascript_transform_gives_the_published_gcj02_coordinates_and_inverts_them_within_half_a_metre()
    {
        var page = await site.NewPageAsync(user: null);
        await page.GotoAsync(site.BaseUrl + "/login.html");
        foreach (var (wgsLon, wgsLat, gcjLon, gcjLat) in Gcj02ControlPoints.All)
        {
            var got = await page.EvaluateAsync<double[]>("async ([lon, lat, gLon, gLat]) => { const m = await import('/js/gcj02.js'); return [...m.toGcj02(lon, lat), ...m.fromGcj02(gLon, gLat)]; }",
                new[] { wgsLon, wgsLat, gcjLon, gcjLat });
            Assert.True(Gcj02ControlPoints.Metres(got[0], got[1], gcjLon, gcjLat) < 0.01, $"GCJ-02 of {wgsLon}, {wgsLat}: {got[0]}, {got[1]}");
            Assert.True(Gcj02ControlPoints.Metres(got[2], got[3], wgsLon, wgsLat) < 0.5, $"WGS 84 of {gcjLon}, {gcjLat}: {got[2]}, {got[3]}");
        }
        // Outside China the two are the same.
        Assert.Equal(new[] { 2.35, 48.85 }, await page.EvaluateAsync<double[]>("async () => (await import('/js/gcj02.js')).toGcj02(2.35, 48.85)"));
    }

    internal static async Task<(int Zoom, double Lon, double Lat)> CentreAsync(IPage page)
    {
        var c = await page.EvaluateAsync<double[]>("() => { const c = gridmap.map.getCenter(); return [gridmap.map.getZoom(), c.lng, c.lat]; }");
        return ((int)c[0], c[1], c[2]);
    }
}

public class AmapBaseMapTests(AmapBaseMapSite site) : IClassFixture<AmapBaseMapSite>
{
    const int Zoom = 19;

    [Fact]
    public async Task A_wgs84_point_is_drawn_where_the_gcj02_tiles_show_it_and_a_click_there_answers_the_wgs84_point()
    {
        var (wgsLon, wgsLat, gcjLon, gcjLat) = Gcj02ControlPoints.All[0];
        var page = await site.OpenAsync();
        await MapPage.ZoomToAsync(page, wgsLon, wgsLat, Zoom);

        // Where the GCJ-02 coordinate lies on the tiles: its tile's image on the page, plus its pixel inside that tile.
        var (x, y) = Gcj02ControlPoints.WorldPixel(gcjLon, gcjLat, Zoom);
        var (tileX, tileY) = ((int)(x / 256), (int)(y / 256));
        var tile = page.Locator($"img.leaflet-tile[src*='/{Zoom}/{tileX}/{tileY}.png']");
        await Assertions.Expect(tile).ToHaveCountAsync(1);
        var onTiles = await page.EvaluateAsync<double[]>("([src, dx, dy]) => { const t = document.querySelector(`img.leaflet-tile[src*='${src}']`).getBoundingClientRect(), m = document.getElementById('map').getBoundingClientRect(); return [t.left - m.left + dx, t.top - m.top + dy]; }",
            new object[] { $"/{Zoom}/{tileX}/{tileY}.png", x - tileX * 256, y - tileY * 256 });

        // Where the map draws the WGS 84 point.
        var drawn = await MapPage.PointOfAsync(page, wgsLon, wgsLat);
        var metresPerPixel = 2 * Math.PI * 6_378_137 * Math.Cos(gcjLat * Math.PI / 180) / (256 * Math.Pow(2, Zoom));
        var apart = Math.Sqrt(Math.Pow(drawn.X - onTiles[0], 2) + Math.Pow(drawn.Y - onTiles[1], 2)) * metresPerPixel;
        Assert.True(apart <= 0.5, $"drawn {apart:F2} m from where the tiles show the point");

        // A real click there reads back as the WGS 84 point.
        await page.EvaluateAsync("() => { window.clicks = []; gridmap.map.on('click', e => clicks.push([e.latlng.lng, e.latlng.lat])); }");
        await page.Locator("#map").ClickAsync(new() { Position = new() { X = (float)onTiles[0], Y = (float)onTiles[1] } });
        var click = await page.EvaluateAsync<double[]>("() => clicks[0]");
        var error = Gcj02ControlPoints.Metres(click[0], click[1], wgsLon, wgsLat);
        Assert.True(error <= 0.5, $"the click read as {click[0]}, {click[1]}: {error:F2} m from the WGS 84 point");
    }
}

public class AmapVectorTileTests(CrowdedAmapSite site) : IClassFixture<CrowdedAmapSite>
{
    [Fact]
    public async Task Vector_tiles_cut_in_wgs84_are_drawn_shifted_with_the_other_layers_and_a_click_names_the_household()
    {
        var page = await site.OpenAsync();
        var (lon, lat) = CrowdedMapSite.HouseholdAt;
        await MapPage.ZoomToAsync(page, lon, lat, 17);

        // The household's dot (the 'leading' orange, #ef6c00) is painted where the map puts its WGS 84 position,
        // which on GCJ-02 tiles lies some hundred metres from where the WGS 84 tile grid would put it.
        await page.WaitForFunctionAsync("""
            ([lon, lat]) => {
              const p = gridmap.map.latLngToContainerPoint([lat, lon]), m = document.getElementById('map').getBoundingClientRect();
              const [x, y] = [m.left + p.x, m.top + p.y];
              return [...document.querySelectorAll('.leaflet-vectorTiles-pane canvas')].some(c => {
                const b = c.getBoundingClientRect();
                if (x < b.left || x >= b.right || y < b.top || y >= b.bottom) return false;
                const [r, g, bl, a] = c.getContext('2d').getImageData(Math.floor((x - b.left) * c.width / b.width), Math.floor((y - b.top) * c.height / b.height), 1, 1).data;
                return a > 0 && r > 200 && g > 80 && g < 140 && bl < 60;
              });
            }
            """, new[] { lon, lat });
        await MapPage.ClickAtAsync(page, lon, lat);
        await Assertions.Expect(page.Locator(".leaflet-popup .household-popup h3")).ToHaveTextAsync(CrowdedMapSite.Household);
    }
}
