namespace GridMap.Browser.Tests.Support;

/// <summary>
/// <see cref="CasesSite"/> with the people in the field signed in on phones (390 × 844, touch):
/// the grid worker <see cref="CaseStaff.Worker"/> of 和平第一网格 as <see cref="WorkerUser"/>, the
/// resident <see cref="KnownTerritory.Reporter"/>, and the department <see cref="DepartmentUser"/>.
/// </summary>
public class FieldSite : CasesSite
{
    public const string WorkerUser = "worker-wangxiaoming";
    /// <summary>城市管理 (a department of the catalogue) for the whole district.</summary>
    public const string DepartmentUser = "dept-urban", Department = "urban_management";

    protected override async Task ReadyAsync()
    {
        await base.ReadyAsync();
        await AddUserAsync(WorkerUser, Role.GridWorker, await AreaIdAsync(KnownTerritory.HepingFirstGrid), await StaffIdAsync(CaseStaff.Worker));
        await AddUserAsync(DepartmentUser, Role.Department, await AreaIdAsync(KnownTerritory.District), departmentCode: Department);
    }

    /// <summary>
    /// A blank tab on a phone signed in as <paramref name="user"/>, its position (GPS) at
    /// <paramref name="at"/>. Without <paramref name="serviceWorkers"/> the pages' requests can be
    /// routed by the test (Playwright does not see those a service worker makes).
    /// </summary>
    public Task<IPage> PhoneAsync(string user, (double Lon, double Lat)? at = null, bool serviceWorkers = true)
    {
        var phone = Phone();
        phone.ServiceWorkers = serviceWorkers ? ServiceWorkerPolicy.Allow : ServiceWorkerPolicy.Block;
        phone.Permissions = at is null ? [] : ["geolocation"];
        phone.Geolocation = at is { } p ? new() { Longitude = (float)p.Lon, Latitude = (float)p.Lat, Accuracy = 10 } : null;
        return NewPageAsync(user, phone);
    }

    /// <summary>
    /// A field page (worker.html, report.html, dept.html) or the map on a phone, once it has read
    /// what it shows; without <paramref name="serviceWorkers"/> when the field pages' shell being
    /// installed as the page opens is not what a test is about.
    /// </summary>
    public async Task<IPage> OpenFieldAsync(string path, string user, (double Lon, double Lat)? at = null, bool serviceWorkers = true)
    {
        var page = await PhoneAsync(user, at, serviceWorkers);
        await page.GotoAsync(BaseUrl + path);
        await ReadyAsync(page);
        return page;
    }

    /// <summary>
    /// A field page opened on a slow network: the names of its cases' places and handlers that the
    /// user's own areas do not hold (GET /api/cases/names) come half a second after the cases.
    /// Without the service worker, whose requests the route would not see.
    /// </summary>
    public async Task<IPage> OpenWithSlowNamesAsync(string path, string user)
    {
        var page = await PhoneAsync(user, serviceWorkers: false);
        await page.RouteAsync(new Regex("/api/cases/names"), async route => { await Task.Delay(500); await route.ContinueAsync(); });
        await page.GotoAsync(BaseUrl + path);
        await ReadyAsync(page);
        return page;
    }

    /// <summary>
    /// Waits until the page has drawn what it read (its data-ready): not the worker page's visits
    /// section, which marks its own, and may do so before the tasks are drawn.
    /// </summary>
    public static Task ReadyAsync(IPage page) => page.WaitForSelectorAsync("[data-ready='true']:not(section.visits)", new() { Timeout = 30_000 });

    /// <summary>A case reported (at <see cref="CaseStaff.CaseAt"/> unless <paramref name="at"/> says), registered and dispatched to <paramref name="staff"/> through the API; the case after it.</summary>
    public async Task<System.Text.Json.JsonElement> DispatchedAsync(string description, string staff = CaseStaff.Worker, (double Lon, double Lat)? at = null)
    {
        var c = await ReportAsync(at ?? CaseStaff.CaseAt, description);
        c = await MoveAsync(c, "register", "command_centre");
        return await MoveAsync(c, "dispatch", "command_centre", new { assigneeId = await StaffIdAsync(staff) });
    }
}
