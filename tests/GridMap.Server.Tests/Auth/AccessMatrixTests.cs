using System.Net.Http.Json;
using System.Text.Json;
using GridMap.Server.Auth;
using GridMap.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GridMap.Tests.Auth;

public class AccessMatrixTests(AuthApp app) : IClassFixture<AuthApp>
{
    public static TheoryData<string> Endpoints => [.. AccessMatrix.Rules.Select(r => r.ToString())];
    static EndpointRule Rule(string endpoint) => AccessMatrix.Rules.Single(r => r.ToString() == endpoint);

    HttpClient ClientFor(Probe probe) =>
        probe.Role is { } role ? app.ClientFor(SmallDistrict.Users[role].Username) : app.CreateClient();

    async Task<(int Status, string Body)> SendAsync(EndpointRule rule, Probe probe, Place place)
    {
        using var http = ClientFor(probe);
        using var response = await http.SendAsync(rule.Call(place).Message());
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Every_mapped_endpoint_has_a_row_in_the_matrix_and_every_row_an_endpoint()
    {
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var listed = AccessMatrix.Rules.Select(r => r.ToString()).ToHashSet();
        Assert.Empty(mapped.Except(listed));
        Assert.Empty(listed.Except(mapped));
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task Each_role_gets_the_expected_status_inside_and_outside_its_area(string endpoint)
    {
        var rule = Rule(endpoint);
        var wrong = new List<string>();
        foreach (var place in new[] { Place.Inside, Place.Outside })
            foreach (var probe in Probe.All)
            {
                var (status, body) = await SendAsync(rule, probe, place);
                if (status != rule.Expected(probe, place))
                    wrong.Add($"{probe} {place.Name}: {status}, expected {rule.Expected(probe, place)}: {GridMap.Server.Input.Text.Cut(body, 200)}");
                // Open311 and SignalR answer errors in their protocols' own shapes.
                if (status >= 400 && body.Length > 0 && !body.Contains("\"status\":" + status) && !rule.Route.StartsWith("/open311/") && !rule.Route.StartsWith("/hubs/"))
                    wrong.Add($"{probe} {place.Name}: {status} is not a ProblemDetails: {GridMap.Server.Input.Text.Cut(body, 200)}");
            }
        Assert.Empty(wrong);
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task Lists_hold_every_row_in_the_callers_area_and_none_outside_it(string endpoint)
    {
        var rule = Rule(endpoint);
        if (rule.Rows is not { } rows) return;
        var wrong = new List<string>();
        foreach (var probe in Probe.All.Where(p => p.Role is { } r && rule.Expected(p, Place.Inside) == 200))
        {
            var (_, area, staff) = SmallDistrict.Users[probe.Role!.Value];
            object?[] parameters = rows.AllowedSql.Contains("$2")
                ? [probe.Role == Role.Admin ? null : area, probe.Role == Role.GridWorker ? staff : null]
                : [probe.Role == Role.Admin ? null : area];
            var allowed = (await app.QueryAsync(rows.AllowedSql, r => r.GetInt64(0), parameters)).ToHashSet();
            foreach (var place in new[] { Place.Inside, Place.Outside })
            {
                var (status, body) = await SendAsync(rule, probe, place);
                if (status != 200) continue; // the status test's business
                var ids = await AllIds(probe, body, rows.IdProperty);
                if (ids.Except(allowed).Any()) wrong.Add($"{probe} {place.Name}: rows {string.Join(",", ids.Except(allowed))} are outside its area");
                if (place == Place.Inside && rows.Complete && !allowed.SetEquals(ids)) wrong.Add($"{probe}: got {string.Join(",", ids)}, its area holds {string.Join(",", allowed)}");
            }
            if (allowed.Count == 0) wrong.Add($"{probe}: the seed leaves nothing to see; the test would prove nothing");
        }
        Assert.Empty(wrong);
    }

    /// <summary>The ids of every page of a list, following its next links.</summary>
    async Task<long[]> AllIds(Probe probe, string body, string property)
    {
        var ids = new List<long>(Ids(body, property));
        using var http = ClientFor(probe);
        while (Next(body) is { } next)
        {
            body = await http.GetStringAsync(next);
            ids.AddRange(Ids(body, property));
        }
        return [.. ids];
    }

    static string? Next(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("links", out var links)
            ? links.EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next").Select(l => l.GetProperty("href").GetString()).SingleOrDefault()
            : null;
    }

    /// <summary>Ids of a GeoJSON FeatureCollection's features, or of a JSON array's items.</summary>
    static long[] Ids(string body, string property)
    {
        var root = JsonDocument.Parse(body).RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("features");
        return [.. items.EnumerateArray().Select(i => (i.TryGetProperty("properties", out var p) ? p : i).GetProperty(property).GetInt64())];
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task Personal_data_never_reaches_a_role_without_the_right_to_it(string endpoint)
    {
        var rule = Rule(endpoint);
        var leaks = new List<string>();
        foreach (var probe in Probe.All.Where(p => p.Role is not { } r || !Access.SeesPersonalData(r)))
            foreach (var place in new[] { Place.Inside, Place.Outside })
            {
                var (_, body) = await SendAsync(rule, probe, place);
                leaks.AddRange(AuthApp.PersonalData.Where(body.Contains).Select(d => $"{probe} {place.Name}: {d}"));
            }
        Assert.Empty(leaks);
    }
}
