using System.Net;
using GridMap.Tests.Support;

namespace GridMap.Tests;

public class HealthTests(GridMapApp app) : IClassFixture<GridMapApp>
{
    [Fact]
    public async Task Health_reports_ok_and_the_postgis_version_when_the_database_answers()
    {
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"postgis\":\"3.", await response.Content.ReadAsStringAsync());
    }
}
