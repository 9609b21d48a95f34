namespace GridMap.Browser.Tests;

public class SignInPageTests(MapSite site) : IClassFixture<MapSite>
{
    [Fact]
    public async Task Someone_not_signed_in_lands_on_the_sign_in_page_and_comes_back_to_the_map()
    {
        var page = await site.NewPageAsync(user: null);
        await page.GotoAsync(site.BaseUrl + "/?lang=zh-CN");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\.html\\?next="), MapPage.Navigated);
        await Assertions.Expect(page.Locator("h2")).ToHaveTextAsync("登录");

        await MapPage.SignInAsync(page, Admin, "not-the-password");
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("用户名或密码错误");

        await MapPage.SignInAsync(page, Admin);
        await MapPage.WaitUntilReadyAsync(page);
        Assert.Equal(site.BaseUrl + "/?lang=zh-CN", page.Url);
        await Assertions.Expect(page.Locator("#user")).ToHaveTextAsync($"管理员 {KnownTerritory.District}");
        await Assertions.Expect(page.Locator("#user")).ToHaveAttributeAsync("title", Admin);

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\.html$"), MapPage.Navigated);
        await page.GotoAsync(site.BaseUrl + "/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\.html\\?next="), MapPage.Navigated);
    }

    [Fact]
    public async Task The_sign_in_page_speaks_English_too()
    {
        var page = await site.NewPageAsync(user: null);
        await page.GotoAsync(site.BaseUrl + "/login.html?lang=en");
        await Assertions.Expect(page.Locator("h2")).ToHaveTextAsync("Sign in");
        await page.GetByLabel("Username").FillAsync(Admin);
        await page.GetByLabel("Password").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("Wrong username or password");
    }

    [Fact]
    public async Task A_grid_leader_sees_only_its_grid_its_households_unmasked_and_its_staff()
    {
        var page = await site.OpenAsync(user: Leader);
        var counts = await MapPage.CountsAsync(page);
        var inGrid = await site.Database.ScalarAsync<long>("""
            SELECT count(*) FROM households h JOIN areas a ON ST_Covers(a.boundary, h.location)
            WHERE a.code = '110199002001001' AND a.layer = 'party'
            """);
        Assert.Equal(9, inGrid);
        Assert.Equal(inGrid, counts["households"]);
        Assert.Equal(1, counts["district"]); // its own area comes first: the grid
        Assert.Equal(1, counts["grid"]);
        Assert.Equal(0, counts["street"] + counts["community"]);
        Assert.Equal(1, counts["staff"]);
        await Assertions.Expect(page.Locator("#user")).ToHaveTextAsync($"网格长 {KnownTerritory.GridLeader}");

        await MapPage.ZoomToAsync(page, 116.3235, 39.903, 18);
        await page.Locator(".leaflet-marker-pane .hh-pin[title='住户15']").ClickAsync();
        await Assertions.Expect(page.Locator(".leaflet-popup-content .household-popup")).ToContainTextAsync("13900000015");

        // Elsewhere in the district the map says so, and names nothing there.
        await MapPage.ZoomToAsync(page, 116.32, 39.915, 14);
        await MapPage.ClickAtAsync(page, 116.306, 39.916);
        await Assertions.Expect(page.Locator(".leaflet-popup-content .chain")).ToHaveTextAsync("不在您的管辖区域内");
    }

    [Fact]
    public async Task A_planner_sees_household_pins_without_personal_data_and_no_staff_layer()
    {
        var page = await site.OpenAsync(user: Planner);
        var counts = await MapPage.CountsAsync(page);
        Assert.Equal(Households, counts["households"]);
        Assert.False(counts.ContainsKey("staff"));
        Assert.DoesNotContain("网格员与下沉党员", await page.Locator(".leaflet-control-layers").InnerTextAsync());

        await MapPage.ZoomToAsync(page, HouseholdAt.Lon, HouseholdAt.Lat, 18);
        await page.Locator(".leaflet-marker-pane .hh-pin[title='王**家']").ClickAsync();
        var popup = Regex.Replace(await page.Locator(".leaflet-popup-content .household-popup").InnerTextAsync(), @"\s+", " ").Trim();
        Assert.Equal("王**家 亮身份 · 党员示范户 类型 党员示范户 家庭成员 4 人 电话 138****8000", popup);
    }

    /// <summary>
    /// The address once the page is at <paramref name="path"/>, whatever query it then writes
    /// itself (the leader page adds the grid it watches).
    /// </summary>
    Regex At(string path) => new("^" + Regex.Escape(site.BaseUrl + path) + @"(\?.*)?$");

    [Theory]
    [InlineData(Leader, "/command.html", "/leader.html", "#grid option:checked", "^和平第一网格$", new[] { "地图", "网格长", "综合评价", "编辑" })]
    [InlineData(Planner, "/leader.html", "/planner.html", "#covered-households", @"^\d+ / 30（", new[] { "地图", "服务半径规划", "综合评价" })]
    [InlineData(Admin, "/leader.html", "/leader.html", "#grid option:checked", "^东风第一网格$", new[] { "地图", "指挥中心", "网格长", "服务半径规划", "综合评价", "编辑", "数据导入" })]
    public async Task Each_role_lands_on_its_own_views_and_is_offered_only_those(
        string user, string asked, string landed, string shows, string shown, string[] links)
    {
        var page = await site.NewPageAsync(user);
        await page.GotoAsync(site.BaseUrl + asked);
        await Assertions.Expect(page).ToHaveURLAsync(At(landed), MapPage.Navigated);
        await MapPage.WaitUntilReadyAsync(page);
        await Assertions.Expect(page.Locator(shows)).ToHaveTextAsync(new Regex(shown));
        Assert.Equal(links, await page.Locator(".pages a").AllInnerTextsAsync());
    }

    /// <summary>The desk pages' navigation (js/nav.js) as an admin meets it on each page: the same links in the same order, first in the tab order, the page itself marked.</summary>
    [Theory]
    [InlineData("/", "地图")]
    [InlineData("/command.html", "指挥中心")]
    [InlineData("/leader.html", "网格长")]
    [InlineData("/planner.html", "服务半径规划")]
    [InlineData("/import.html", "数据导入")]
    [InlineData("/kpi.html", "综合评价")]
    [InlineData("/edit.html", "编辑")]
    public async Task Each_desk_page_lists_the_desk_pages_in_one_order_and_marks_itself(string path, string current)
    {
        string[] links = ["地图", "指挥中心", "网格长", "服务半径规划", "综合评价", "编辑", "数据导入"];
        var page = await site.NewPageAsync(Admin);
        var errors = PageChecks.Errors(page);
        await page.GotoAsync(site.BaseUrl + path);
        // Ready: the map pages say so; kpi.html marks its first draw.
        await page.WaitForFunctionAsync("() => document.querySelector(\"[data-ready='true']\") || performance.getEntriesByName('gridmap:first-draw').length > 0",
            null, new() { Timeout = 30_000 });

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "页面" });
        Assert.Equal(links, await nav.GetByRole(AriaRole.Link).AllInnerTextsAsync());
        await Assertions.Expect(nav.Locator("a[aria-current='page']")).ToHaveTextAsync(current);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        var tabbed = new List<string>();
        foreach (var _ in links)
        {
            await page.Keyboard.PressAsync("Tab");
            tabbed.Add(await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        }
        Assert.Equal(links, tabbed);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });
        Assert.Equal(["Map", "Command centre", "Grid leader", "Service radius planner", "Evaluation", "Edit", "Import"],
            await nav.GetByRole(AriaRole.Link).AllInnerTextsAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task After_signing_in_a_grid_leader_lands_on_its_own_page_watching_its_own_grid()
    {
        var page = await site.NewPageAsync(user: null);
        await page.GotoAsync(site.BaseUrl + "/login.html");
        await MapPage.SignInAsync(page, Leader);
        await Assertions.Expect(page).ToHaveURLAsync(At("/leader.html"), MapPage.Navigated);
        await MapPage.WaitUntilReadyAsync(page);

        var grid = await site.Database.ScalarAsync<long>("SELECT id FROM areas WHERE code = '110199002001001' AND layer = 'party'");
        await Assertions.Expect(page.Locator("#grid option:checked")).ToHaveTextAsync(HepingFirstGrid);
        await Assertions.Expect(page).ToHaveURLAsync($"{site.BaseUrl}/leader.html?grid={grid}");
    }

    [Fact]
    public async Task A_public_reporter_lands_on_the_report_page_and_gets_no_map_data()
    {
        var page = await site.NewPageAsync(Reporter);
        var apiCalls = new List<string>();
        // Who the user is and which base map the page draws on (a setting, no rows) are not rows it reads.
        page.Request += (_, request) => { if (request.Url.Contains("/api/") && !request.Url.Contains("/api/auth/") && !request.Url.Contains("/api/settings/basemap")) apiCalls.Add(new Uri(request.Url).AbsolutePath); };
        await page.GotoAsync(site.BaseUrl + "/");
        await Assertions.Expect(page).ToHaveURLAsync(At("/report.html"), MapPage.Navigated);
        await MapPage.WaitUntilReadyAsync(page);
        Assert.Equal(["/api/case-categories", "/api/cases/mine"], apiCalls.Distinct().Order());
    }

    /// <summary>
    /// next= as an attacker writes it to send a user, once signed in, off this site: a tab or a
    /// newline (which URL parsing drops), a backslash (read as a slash), slashes encoded once or
    /// twice, another scheme. The page must stay on its own origin.
    /// </summary>
    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0A/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("%5C%5Cevil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("/%2F%2Fevil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(document.domain)")]
    [InlineData("%20//evil.example")]
    public async Task A_hostile_next_resolves_to_a_page_of_this_site(string next)
    {
        var page = await site.NewPageAsync(user: null);
        await page.GotoAsync($"{site.BaseUrl}/login.html?next={next}");
        // Where location.assign would go, resolved by the browser's own URL parser.
        var origin = await page.EvaluateAsync<string>("async () => new URL((await import('/js/auth.js')).nextPage('planner'), location.href).origin");
        Assert.Equal(site.BaseUrl, origin);
    }

    [Fact]
    public async Task Signing_in_from_a_link_with_a_tab_in_next_lands_on_the_users_own_page()
    {
        var page = await site.NewPageAsync(user: null);
        await page.GotoAsync(site.BaseUrl + "/login.html?next=/%09/evil.example");
        await MapPage.SignInAsync(page, Planner);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(site.BaseUrl) + "/planner\\.html"), MapPage.Navigated);
    }

    [Fact]
    public async Task A_next_on_this_site_is_kept_with_its_query()
    {
        var page = await site.NewPageAsync(user: null);
        await page.GotoAsync(site.BaseUrl + "/login.html?next=" + Uri.EscapeDataString("/planner.html?lang=en#x"));
        Assert.Equal("/planner.html?lang=en#x", await page.EvaluateAsync<string>("async () => (await import('/js/auth.js')).nextPage('admin')"));
    }
}
