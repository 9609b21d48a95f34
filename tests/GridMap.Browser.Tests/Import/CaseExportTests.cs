namespace GridMap.Browser.Tests.Import;

/// <summary>The command centre's export links: the file holds what the view shows, as GDAL reads it.</summary>
public class CaseExportTests(CasesSite site) : IClassFixture<CasesSite>
{
    /// <summary>The features GDAL's <c>ogrinfo -so -al</c> counts in a file the page downloaded.</summary>
    static async Task<int> GdalCountAsync(IDownload download)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gridmap-browser-export-{Guid.NewGuid():N}-{download.SuggestedFilename}");
        try
        {
            await download.SaveAsAsync(path);
            var info = await ExternalProgram.RunAsync("ogrinfo", "-ro", "-so", "-al", path);
            return int.Parse(Regex.Match(info, @"Feature Count: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_case_list_and_evaluation_export_what_they_show_with_their_filters()
    {
        await site.ReportAsync(CaseAt, "楼道堆放杂物");
        await site.ReportAsync(CaseAt, "夜间施工噪声", "noise_nuisance");
        await site.ReportAsync(CaseAt, "深夜广场舞噪声", "noise_nuisance");
        var community = await site.AreaIdAsync(HepingCommunity);
        var page = await site.OpenCasePageAsync($"/command.html?area={community}");

        await page.SelectOptionAsync("#filter-category", "noise_nuisance");
        var noisy = await site.ScalarAsync<long>(
            "SELECT count(*) FROM cases WHERE community_id = $1 AND category_code = 'noise_nuisance' AND status NOT IN ('closed', 'voided')", community);
        await Expect(page.Locator("#case-count")).ToHaveTextAsync($"{noisy} 件");
        var cases = await page.RunAndWaitForDownloadAsync(() => page.Locator("section.cases .export-links a[data-format='geojson']").ClickAsync());

        Assert.Contains($"areaId={community}", cases.Url);
        Assert.Contains("category=noise_nuisance", cases.Url);
        Assert.Equal(noisy, await GdalCountAsync(cases));

        // The evaluation ranks the area's grids with cases; its file has a feature (the grid's boundary) for each.
        var ranked = page.Locator(".kpi-ranking tbody tr[data-grid-id]:not([data-grid-id=''])");
        await Expect(ranked.First).ToBeVisibleAsync();
        var kpis = await page.RunAndWaitForDownloadAsync(() => page.Locator("#kpis .export-links a[data-format='csv']").ClickAsync());
        Assert.Contains($"areaId={community}", kpis.Url);
        Assert.Equal(await ranked.CountAsync(), await GdalCountAsync(kpis));
    }
}
