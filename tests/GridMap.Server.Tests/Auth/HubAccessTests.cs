using System.Reflection;
using GridMap.Tests.Live;
using Microsoft.AspNetCore.SignalR;

namespace GridMap.Tests.Auth;

public class HubAccessTests(AuthApp app) : IClassFixture<AuthApp>
{
    public static TheoryData<string> Methods => [.. AccessMatrix.HubRules.Select(r => r.Method)];

    async Task<LiveClient> ConnectAsync(Probe probe) =>
        await LiveClient.ConnectAsync(app, probe.Role is { } r ? await app.TokenFor(SmallDistrict.Users[r].Username) : null);

    [Fact]
    public void Every_method_a_client_may_invoke_has_a_row_in_the_hub_matrix()
    {
        var invocable = typeof(LiveHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(LiveHub)) // not the connection events
            .Select(m => m.Name).ToHashSet();
        Assert.Equal(invocable.Order(), AccessMatrix.HubRules.Select(r => r.Method).Order());
    }

    [Theory, MemberData(nameof(Methods))]
    public async Task Each_role_may_invoke_the_hub_only_inside_its_area(string method)
    {
        var rule = AccessMatrix.HubRules.Single(r => r.Method == method);
        var wrong = new List<string>();
        foreach (var place in new[] { Place.Inside, Place.Outside })
            foreach (var probe in Probe.All)
            {
                string outcome;
                try
                {
                    await using var client = await ConnectAsync(probe);
                    try
                    {
                        await client.InvokeAsync(method, rule.Arguments(place));
                        outcome = "ok";
                    }
                    // Refused for being outside the caller's area, and for nothing else.
                    catch (HubException e) when (e.Message.EndsWith(LiveHub.NotYourArea)) { outcome = "refused"; }
                    catch (HubException e) { outcome = "error: " + e.Message; }
                }
                catch (HttpRequestException e) when (e.StatusCode is { } status)
                {
                    outcome = ((int)status).ToString();
                }
                if (outcome != rule.Expected(probe, place)) wrong.Add($"{probe} {place.Name}: {outcome}, expected {rule.Expected(probe, place)}");
            }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task A_grid_leader_watching_its_grid_hears_nothing_from_elsewhere_and_no_reporter_details()
    {
        await using var leader = await ConnectAsync(new(GridMap.Server.Auth.Role.GridLeader));
        await leader.SubscribeAsync(6, -1);
        var admin = app.ClientFor(SmallDistrict.Admin);
        async Task<long> Report(double lon) =>
            (await (await admin.PostAsJsonAsync("/api/cases", new { lon, lat = 31.87, categoryCode = "environmental_sanitation", description = "占道经营", reporter = "李秀英 13912345678" }))
                .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();

        var outside = await Report(121.28);
        var inside = await Report(121.12);
        var heard = await leader.NextAsync();
        Assert.Equal(inside, heard.CaseId);
        Assert.NotEqual(outside, heard.CaseId);
        Assert.Empty(leader.Drain());
        // Hub messages carry the case, never the resident who reported it.
        Assert.DoesNotContain(AuthApp.PersonalData, d => heard.Raw.Contains(d));
    }
}
