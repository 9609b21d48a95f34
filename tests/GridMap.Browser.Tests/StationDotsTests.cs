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
}
