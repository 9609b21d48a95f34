using System.Globalization;
using static GridMap.Browser.Tests.Support.FieldSite;
using static GridMap.Browser.Tests.Support.KnownTerritory;
using static GridMap.Browser.Tests.Support.PageChecks;

namespace GridMap.Browser.Tests;

/// <summary>走访 from the phone to the planner's table.</summary>
public partial class FieldTests
{
    /// <summary>The share of the grid's households visited in the last 30 days, as PostGIS counts it and the planner writes it.</summary>
    async Task<string> VisitShareAsync(long gridId)
    {
        var counts = (await site.ColumnAsync<long[]>("""
            SELECT ARRAY[count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id
                                                        AND v.visited_on > (now() AT TIME ZONE INTERVAL '+08:00')::date - 30)), count(*)]
            FROM households h JOIN areas g ON g.id = $1 AND ST_Covers(g.boundary, h.location)
            """, gridId)).Single();
        return string.Create(CultureInfo.InvariantCulture, $"{100.0 * counts[0] / counts[1]:0.0}%");
    }

    static ILocator ShareCell(IPage page, long gridId) => page.Locator($"#rows tr[data-area-id='{gridId}'] td.visit-share");

    [Fact]
    public async Task Recording_a_Visit_on_the_phone_raises_the_grids_share_on_the_planners_table()
    {
        var grid = await site.AreaIdAsync(HepingFirstGrid);
        var household = await site.ScalarAsync<long>("""
            SELECT h.id FROM households h JOIN areas g ON g.id = $1 AND ST_Covers(g.boundary, h.location)
            WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id) ORDER BY h.id LIMIT 1
            """, grid);
        var before = await VisitShareAsync(grid);
        var planner = await site.OpenAsync("/planner.html", Planner);
        await Expect(ShareCell(planner, grid)).ToHaveTextAsync(before);

        var phone = await site.OpenFieldAsync("/worker.html", WorkerUser);
        var errors = Errors(phone);
        var form = phone.Locator("#visit-form");
        await Expect(phone.Locator("section.visits[data-ready='true']")).ToHaveCountAsync(1);
        await form.GetByLabel("走访对象").SelectOptionAsync(household.ToString(CultureInfo.InvariantCulture));
        await form.GetByLabel("走访情况").FillAsync("独居老人，身体尚好，需定期探望");
        await form.GetByRole(AriaRole.Button, new() { Name = "记录走访" }).ClickAsync();
        await Expect(form.Locator(".form-message")).ToContainTextAsync("已记录");
        await phone.ScreenshotAsync(new() { Path = "/tmp/gridmap-worker-visit.png", FullPage = true });
        Assert.Equal(["独居老人，身体尚好，需定期探望"], await site.ColumnAsync<string>("SELECT note FROM visits WHERE household_id = $1", household));
        Assert.Empty(errors);

        var after = await VisitShareAsync(grid);
        Assert.NotEqual(before, after);
        await planner.ReloadAsync();
        await MapPage.WaitUntilReadyAsync(planner);
        await Expect(ShareCell(planner, grid)).ToHaveTextAsync(after);
    }
}
