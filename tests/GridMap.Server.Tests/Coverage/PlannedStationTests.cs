namespace GridMap.Tests.Coverage;

/// <summary>
/// A planner plans in its own area: stations of its area's level or below, inside it, and it can
/// withdraw whatever it could place. The small district's planner has street W (id 2).
/// </summary>
public class PlannedStationTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    readonly HttpClient planner = app.ClientFor(SmallDistrict.Planner);

    Task<HttpResponseMessage> AcceptAsync(string level) =>
        planner.PostAsJsonAsync("/api/coverage/accept", new { lon = 121.12, lat = 31.87, radiusM = 500, level });

    [Fact]
    public async Task A_street_planner_cannot_place_a_district_station_and_can_withdraw_every_level_it_places()
    {
        var before = await Sql.QueryAsync(app.Database.ConnectionString, "SELECT count(*) FROM service_stations", r => r.GetInt64(0));
        var district = await AcceptAsync("district");
        Assert.Equal(HttpStatusCode.BadRequest, district.StatusCode);
        var problem = await district.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("street, community, grid", problem.GetProperty("errors").GetProperty("level")[0].GetString());
        Assert.Equal(before, await Sql.QueryAsync(app.Database.ConnectionString, "SELECT count(*) FROM service_stations", r => r.GetInt64(0)));

        foreach (var level in new[] { "street", "community", "grid" })
        {
            var accepted = await AcceptAsync(level);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
            var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteAsync($"/api/coverage/planned/{id}")).StatusCode);
        }
    }
}
