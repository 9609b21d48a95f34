namespace GridMap.Browser.Tests;

/// <summary>
/// <see cref="KnownTerritory"/> with 320 more service stations (a lattice over 东风社区): more than
/// the map page draws as markers (300), so it draws them, with their circles, on one canvas layer.
/// </summary>
public class CrowdedStationsSite : MapSite
{
    public const string Station = "第205号网格党群服务站";
    public static readonly (double Lon, double Lat) StationAt = (116.3021 + 5 * 0.0004, 39.9021 + 10 * 0.0004);

    protected override string SeedSql => KnownTerritory.Sql + """
        ;
        INSERT INTO service_stations (name, level, status, location, radius_m, opening_hours, services)
        SELECT '第' || i || '号网格党群服务站', 'grid', 'open', ST_SetSRID(ST_MakePoint(116.3021 + (i % 20) * 0.0004, 39.9021 + (i / 20) * 0.0004), 4326),
               100, NULL, ARRAY[]::text[]
        FROM generate_series(0, 319) i;
        """;
}

public class StationDotsTests(CrowdedStationsSite site) : IClassFixture<CrowdedStationsSite>
{
    [Fact]
    public async Task A_district_with_more_stations_than_markers_draws_them_on_canvas_and_a_click_names_one()
    {
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page, failedRequests: false);
        await page.GotoAsync(site.BaseUrl + "/");
        await MapPage.WaitUntilReadyAsync(page);

        Assert.Equal(0, await page.Locator(".leaflet-marker-pane .station-pin").CountAsync());
        Assert.Equal(KnownTerritory.Stations + 320, await page.EvaluateAsync<int>("gridmap.counts.stations"));

        var (lon, lat) = CrowdedStationsSite.StationAt;
        await MapPage.ZoomToAsync(page, lon, lat, 18);
        await MapPage.ClickAtAsync(page, lon, lat);
        await Assertions.Expect(page.Locator(".leaflet-popup .station-popup h3")).ToHaveTextAsync(CrowdedStationsSite.Station);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Dots_shrink_zoomed_out_as_their_layer_says_and_clusters_fit_their_cells()
    {
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page, failedRequests: false);
        await page.GotoAsync(site.BaseUrl + "/");
        await MapPage.WaitUntilReadyAsync(page);

        // One dot of radius 6 (no outline) at a spot with nothing else on it, full size from zoom
        // 16, half size at 15, not drawn below; read back from its canvas tile at its centre and 4
        // pixels east of it.
        var painted = await page.EvaluateAsync<bool[]>("""
            async () => {
              const { canvasDots } = await import('/js/canvasdots.js');
              const map = gridmap.map, at = [39.95, 116.45];
              const layer = canvasDots({ dotScale: z => (z >= 16 ? 1 : z >= 15 ? 0.5 : 0) })
                .setDots([at[1], at[0]], { radius: 6, weight: 0, fillColor: '#000', fillOpacity: 1 }).addTo(map);
              const paintedAt = async (zoom, dx) => {
                map.setView(at, zoom, { animate: false });
                await new Promise(resolve => (layer.isLoading() ? layer.once('load', resolve) : resolve()));
                const p = map.project(at, zoom).round(), size = layer.getTileSize();
                const tile = layer._tiles[`${Math.floor(p.x / size.x)}:${Math.floor(p.y / size.y)}:${zoom}`].el;
                return tile.getContext('2d').getImageData(p.x % size.x + dx, p.y % size.y, 1, 1).data[3] > 0;
              };
              const found = [await paintedAt(16, 0), await paintedAt(16, 4), await paintedAt(15, 0), await paintedAt(15, 4), await paintedAt(14, 0)];
              layer.remove();
              return found;
            }
            """);
        Assert.Equal([true, true, true, false, false], painted);

        // A vector tile's clusters are one per 16-pixel cell (docs/tiles.md): at most half a cell across.
        Assert.True(await page.EvaluateAsync<bool>("async () => { const { clusterRadius } = await import('/js/tiles.js'); return [1, 2, 10, 1e3, 1e6].every(n => clusterRadius(n) <= 8); }"));
        Assert.Empty(errors);
    }
}
