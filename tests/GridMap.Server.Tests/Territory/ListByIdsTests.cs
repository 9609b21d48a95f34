namespace GridMap.Tests.Territory;

/// <summary>
/// <c>ids=</c> on the areas and staff lists: a case page names the grid and the assignee of the
/// cases it shows as it shows them, and gets no more of them than the list gives the caller.
/// </summary>
public class ListByIdsTests(AuthApp app) : IClassFixture<AuthApp>
{
    async Task<long[]> IdsAsync(string username, string url)
    {
        using var http = app.ClientFor(username);
        var list = await http.GetFromJsonAsync<JsonElement>(url);
        return [.. list.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetInt64()).Order()];
    }

    [Fact]
    public async Task Areas_named_by_id_are_those_of_the_callers_area_only()
    {
        var grids = (await app.QueryAsync("SELECT id FROM areas WHERE level = 'grid' ORDER BY id", r => r.GetInt64(0))).ToArray();
        var asked = string.Join(',', grids);
        Assert.Equal(grids, await IdsAsync(SmallDistrict.Admin, $"/api/areas?ids={asked}"));

        // The west street's command centre: the grids its own list gives, and not the east's.
        var own = await IdsAsync(SmallDistrict.Centre, "/api/areas?level=grid");
        Assert.InRange(own.Length, 1, grids.Length - 1);
        Assert.Equal(own, await IdsAsync(SmallDistrict.Centre, $"/api/areas?ids={asked}"));
    }

    [Fact]
    public async Task Staff_named_by_id_come_with_their_names()
    {
        var id = (await app.QueryAsync("SELECT id FROM staff WHERE name = '孙丽'", r => r.GetInt64(0)))[0];
        using var http = app.ClientFor(SmallDistrict.Admin);
        var list = await http.GetFromJsonAsync<JsonElement>($"/api/staff?ids={id}");
        var person = Assert.Single(list.GetProperty("features").EnumerateArray());
        Assert.Equal("孙丽", person.GetProperty("properties").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/api/areas?ids=1,x")]
    [InlineData("/api/staff?ids=-1")]
    public async Task Ids_that_are_not_ids_are_a_problem_naming_ids(string url)
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        await ProblemAssert.NamesFieldAsync(await http.GetAsync(url), "ids");
    }

    [Fact]
    public async Task More_than_500_ids_are_refused()
    {
        using var http = app.ClientFor(SmallDistrict.Admin);
        await ProblemAssert.NamesFieldAsync(await http.GetAsync($"/api/areas?ids={string.Join(',', Enumerable.Range(1, 501))}"), "ids");
    }
}
