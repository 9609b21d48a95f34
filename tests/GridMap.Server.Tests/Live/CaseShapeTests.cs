using System.Text.Encodings.Web;

namespace GridMap.Tests.Live;

/// <summary>
/// One read model for a case (Data/Sql/case_snapshots.sql): the list, one case, the answer to a
/// report or a move and the hub's <c>caseChanged</c> show the same case with the same properties
/// and the same values, on the real server and the official SignalR client.
/// </summary>
public class CaseShapeTests(LiveDistrict district) : IClassFixture<LiveDistrict>
{
    [Fact]
    public async Task One_case_has_identical_fields_in_the_list_in_get_and_in_the_hub_message()
    {
        using var http = await district.Server.ClientForAsync(SmallDistrict.Admin);
        await using var live = await district.Server.ConnectAsync(SmallDistrict.Admin);
        await live.SubscribeAsync(6, -1);

        var response = await http.PostAsJsonAsync("/api/cases",
            new { lon = 121.12, lat = 31.87, categoryCode = "environmental_sanitation", description = "垃圾桶满溢 \"东门\"", reporter = "王小明 13912345678" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var filed = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = filed.GetProperty("id").GetInt64();
        var reported = await live.NextAsync();
        Assert.Equal(id, reported.CaseId);
        await AssertSameEverywhereAsync(http, id, reported.Case, filed);
        Assert.Equal(1, filed.GetProperty("districtId").GetInt64());
        Assert.False(filed.GetProperty("finished").GetBoolean());
        Assert.Equal("王*************8", filed.GetProperty("reporter").GetString()); // personal data never leaves in a snapshot

        var moved = await http.PostAsJsonAsync($"/api/cases/{id}/transitions", new { action = "register", version = 1, actorRole = "command_centre" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var registered = await live.NextAsync();
        Assert.Equal("registered", registered.Case.GetProperty("status").GetString());
        await AssertSameEverywhereAsync(http, id, registered.Case, await moved.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>The case as the hub sent it equals the answer, GET /api/cases/{id} and its feature's properties in the list.</summary>
    static async Task AssertSameEverywhereAsync(HttpClient http, long id, JsonElement pushed, JsonElement answered)
    {
        var got = await http.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        var list = await http.GetFromJsonAsync<JsonElement>("/api/cases?areaId=6");
        var listed = list.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetInt64() == id).GetProperty("properties");
        var expected = Fields(pushed);
        Assert.Contains(expected, f => f.Name == "districtId");
        Assert.Equal(expected, Fields(answered));
        Assert.Equal(expected, Fields(got));
        Assert.Equal(expected, Fields(listed));
    }

    /// <summary>
    /// Every property with its value as JSON text, in name order, so that a difference in either
    /// shows in the assertion. Written afresh, as the HTTP answer and the hub message may escape
    /// the same text differently.
    /// </summary>
    static List<(string Name, string Value)> Fields(JsonElement c) =>
        [.. c.EnumerateObject().Select(p => (p.Name, JsonSerializer.Serialize(p.Value, Canonical))).OrderBy(p => p.Name, StringComparer.Ordinal)];

    static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
