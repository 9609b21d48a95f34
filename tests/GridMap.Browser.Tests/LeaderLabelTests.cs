namespace GridMap.Browser.Tests;

/// <summary><see cref="CasesSite"/> with one more person on duty by the case, whose name is markup.</summary>
public class MarkupNameSite : CasesSite
{
    public const string Name = "<img src=x onerror=\"document.body.dataset.injected='yes'\"><b>周强</b>";

    protected override string SeedSql => base.SeedSql + $"""
        INSERT INTO staff (name, role, home_grid_id, on_duty, location, located_at)
        SELECT '{Name.Replace("'", "''")}', 'grid_worker', id, true, ST_SetSRID(ST_MakePoint(116.3268, 39.9152), 4326), now()
        FROM areas WHERE name = '{HepingFirstGrid}' AND layer = 'party';
        """;
}

/// <summary>Names on the grid leader's map are text, whatever characters they hold.</summary>
public class LeaderLabelTests(MarkupNameSite site) : IClassFixture<MarkupNameSite>
{
    [Fact]
    public async Task A_candidates_label_on_the_map_shows_a_name_with_markup_as_text()
    {
        var c = await site.MoveAsync(await site.ReportAsync(CaseStaff.CaseAt, "楼道灯坏了"), "register", "command_centre");
        var id = c.GetProperty("id").GetInt64();
        var page = await site.OpenCasePageAsync($"/leader.html?grid={await site.AreaIdAsync(HepingFirstGrid)}");
        await page.Locator($"#case-list li[data-case-id='{id}'] button").ClickAsync();
        await Expect(page.Locator("#case-detail h2")).ToHaveTextAsync(new Regex($"^#{id} "));

        var label = page.Locator(".candidate-label", new() { HasText = "周强" });
        await Expect(label).ToHaveCountAsync(1);
        Assert.StartsWith(MarkupNameSite.Name + " ", await label.TextContentAsync());
        Assert.Equal(0, await page.Locator(".leaflet-tooltip-pane img, .leaflet-tooltip-pane b").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => document.body.dataset.injected ?? null"));
    }
}
