using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using NpgsqlTypes;

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
        return ((int)response.StatusCode, await BodyAsync(response));
    }

    /// <summary>The answer as text; a vector tile as the JSON of its features (<see cref="Tiles.MvtText"/>).</summary>
    static async Task<string> BodyAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == Tiles.MvtText.ContentType
            ? Tiles.MvtText.From(await response.Content.ReadAsByteArrayAsync())
            : await response.Content.ReadAsStringAsync();

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
                    wrong.Add($"{probe} {place.Name}: {status}, expected {rule.Expected(probe, place)}: {body[..Math.Min(body.Length, 200)]}");
                // Open311 and SignalR answer errors in their protocols' own shapes.
                if (status >= 400 && body.Length > 0 && !body.Contains("\"status\":" + status) && !rule.Route.StartsWith("/open311/") && !rule.Route.StartsWith("/hubs/"))
                    wrong.Add($"{probe} {place.Name}: {status} is not a ProblemDetails: {body[..Math.Min(body.Length, 200)]}");
            }
        Assert.Empty(wrong);
    }

    /// <summary>
    /// The parameters of <see cref="Rows.Allowed"/> for a caller: the root of its area (NULL for
    /// the admin, -1 for a caller without an area, who sees no area's rows), the grid worker's
    /// staff id, its own area and the staff member it is.
    /// </summary>
    static (object? Value, NpgsqlDbType Type)[] Parameters(Probe probe)
    {
        if (probe.Role is not { } role) return [(-1L, NpgsqlDbType.Bigint), (null, NpgsqlDbType.Bigint), (null, NpgsqlDbType.Bigint), (null, NpgsqlDbType.Bigint),
            (null, NpgsqlDbType.Text), ("anonymous", NpgsqlDbType.Text)];
        var (_, area, staff) = SmallDistrict.Users[role];
        return [(role == Role.Admin ? null : area ?? -1, NpgsqlDbType.Bigint), (role == Role.GridWorker ? staff : null, NpgsqlDbType.Bigint),
            (area, NpgsqlDbType.Bigint), (staff, NpgsqlDbType.Bigint),
            (role == Role.Department ? SmallDistrict.DepartmentCode : null, NpgsqlDbType.Text), (role.Code(), NpgsqlDbType.Text)];
    }

    async Task<HashSet<long>> AllowedAsync(string sql, Probe probe)
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (value, type) in Parameters(probe))
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value ?? DBNull.Value });
        var ids = new HashSet<long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetInt64(0));
        return ids;
    }

    /// <summary>The rows of every page of an answer, following its next links (lists are paged).</summary>
    async Task<List<long>> ReadAllPagesAsync(Rows rows, Probe probe, string body)
    {
        var ids = new List<long>(rows.Read(body));
        using var http = ClientFor(probe);
        while (Next(body) is { } next)
        {
            body = await http.GetStringAsync(next);
            ids.AddRange(rows.Read(body));
        }
        return ids;
    }

    static string? Next(string body)
    {
        if (!body.StartsWith('{')) return null; // a CSV, or an array: not a paged list
        var root = JsonDocument.Parse(body).RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("links", out var links)
            ? links.EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next").Select(l => l.GetProperty("href").GetString()).SingleOrDefault()
            : null;
    }

    /// <summary>What names a row of the district: areas, households, stations, staff, cases.</summary>
    Task<List<string>> RowNamesAsync() => app.QueryAsync("""
        SELECT name FROM areas UNION SELECT name FROM households UNION SELECT name FROM service_stations
        UNION SELECT name FROM staff UNION SELECT description FROM cases
        """, r => r.GetString(0));

    [Theory, MemberData(nameof(Endpoints))]
    public async Task Each_caller_gets_exactly_the_rows_of_its_area_and_a_refusal_names_none(string endpoint)
    {
        var rule = Rule(endpoint);
        var wrong = new List<string>();
        var rowsSeen = 0;
        foreach (var place in new[] { Place.Inside, Place.Outside })
            foreach (var probe in Probe.All)
            {
                var expected = rule.Expected(probe, place);
                var rows = expected is 200 or 201 ? rule.Answer as Rows : null;
                var (status, body) = await SendAsync(rule, probe, place);
                // After the call, so that a row it wrote is there.
                var allowed = rows is null ? [] : await AllowedAsync(rows.Allowed(place), probe);
                if (status != expected)
                    wrong.Add($"{probe} {place.Name}: {status}, expected {expected}");
                else if (rows is null)
                    wrong.AddRange((await RowNamesAsync()).Where(body.Contains).Select(n => $"{probe} {place.Name}: {status} names '{n}'"));
                else
                {
                    var ids = (await ReadAllPagesAsync(rows, probe, body)).ToHashSet();
                    rowsSeen += ids.Count;
                    if (ids.Except(allowed).Any())
                        wrong.Add($"{probe} {place.Name}: rows {string.Join(",", ids.Except(allowed))} are not {rows.What}");
                    if (rows.Complete && !allowed.IsSubsetOf(ids))
                        wrong.Add($"{probe} {place.Name}: rows {string.Join(",", allowed.Except(ids))} of {rows.What} are missing");
                }
            }
        if (rule.Answer is Rows && rowsSeen == 0) wrong.Add("no caller got any row: the seed leaves nothing to check");
        Assert.Empty(wrong);
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
