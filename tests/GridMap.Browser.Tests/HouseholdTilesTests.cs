namespace GridMap.Browser.Tests;

/// <summary>
/// <see cref="KnownTerritory"/> with 5,100 more households (a lattice over 东风社区): more than the
/// map page draws as pins (5,000), so it draws them from vector tiles.
/// </summary>
public class CrowdedMapSite : MapSite
{
    public const string Household = "住户5050号";
    public static readonly (double Lon, double Lat) HouseholdAt = (116.3021 + 50 * 0.00015, 39.9021 + 50 * 0.0003);

    protected override string SeedSql => Sql;

    /// <summary>The territory and the households, for other sites with as many.</summary>
    public static string Sql => KnownTerritory.Sql + """
        ;
        INSERT INTO households (name, members, kind, phone, location)
        SELECT '住户' || i || '号', 2, 'leading', '1390000' || lpad(i::text, 4, '0'),
               ST_SetSRID(ST_MakePoint(116.3021 + (i % 100) * 0.00015, 39.9021 + (i / 100) * 0.0003), 4326)
        FROM generate_series(0, 5099) i;
        """;
}

public class HouseholdTilesTests(CrowdedMapSite site) : IClassFixture<CrowdedMapSite>
{
    [Fact]
    public async Task A_district_with_more_households_than_pins_draws_them_from_vector_tiles_and_a_click_names_one()
    {
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page, failedRequests: false);
        var tiles = new List<int>();
        page.Response += (_, response) => { if (response.Url.Contains("/tiles/households/")) lock (tiles) tiles.Add(response.Status); };
        await page.GotoAsync(site.BaseUrl + "/");
        await MapPage.WaitUntilReadyAsync(page);

        Assert.Equal(0, await page.Locator(".leaflet-marker-pane .hh-pin").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => { let found = false; gridmap.map.eachLayer(l => { if (l instanceof L.VectorGrid) found = true; }); return found; }"));

        var (lon, lat) = CrowdedMapSite.HouseholdAt;
        // Waiting from before the move: the tile may arrive before the move's call returns.
        var tile = page.WaitForResponseAsync(r => r.Url.Contains("/tiles/households/17/") && r.Status == 200);
        await MapPage.ZoomToAsync(page, lon, lat, 17);
        await tile;
        // The tile is drawn on the next animation frame after it arrives.
        await page.WaitForTimeoutAsync(500);
        await MapPage.ClickAtAsync(page, lon, lat);
        await Assertions.Expect(page.Locator(".leaflet-popup .household-popup h3")).ToHaveTextAsync(CrowdedMapSite.Household);

        lock (tiles) Assert.All(tiles, status => Assert.Contains(status, new[] { 200, 204, 304 }));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task After_the_first_draw_a_zoom_makes_the_new_vector_tiles_in_a_task_after_its_own()
    {
        var page = await site.NewPageAsync();
        var errors = PageChecks.Errors(page, failedRequests: false);
        await page.GotoAsync(site.BaseUrl + "/");
        await MapPage.WaitUntilReadyAsync(page);

        // The tiles of the new zoom counted in the zoom's own task, then in the task after it.
        var (lon, lat) = CrowdedMapSite.HouseholdAt;
        var tile = page.WaitForResponseAsync(r => r.Url.Contains("/tiles/households/17/") && r.Status == 200);
        var counts = await page.EvaluateAsync<int[]>("""
            ([lon, lat]) => new Promise(resolve => {
              const tilesAt = z => { let n = 0; gridmap.map.eachLayer(l => { if (l instanceof L.VectorGrid) n += Object.values(l._tiles).filter(t => t.coords.z === z).length; }); return n; };
              gridmap.map.setView([lat, lon], 17, { animate: false });
              const inTheZoom = tilesAt(17);
              setTimeout(() => resolve([inTheZoom, tilesAt(17)]), 0);
            })
            """, new[] { lon, lat });
        Assert.Equal(0, counts[0]);
        Assert.True(counts[1] > 0, "no household tile of zoom 17 after the zoom's task");

        // And they are drawn (on the animation frame after the tile arrives): a click names the household.
        await tile;
        await page.WaitForTimeoutAsync(500);
        await MapPage.ClickAtAsync(page, lon, lat);
        await Assertions.Expect(page.Locator(".leaflet-popup .household-popup h3")).ToHaveTextAsync(CrowdedMapSite.Household);
        Assert.Empty(errors);
    }
}
