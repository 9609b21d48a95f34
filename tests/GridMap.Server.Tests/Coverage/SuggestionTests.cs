using GridMap.Server.Coverage;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridMap.Tests.Coverage;

/// <summary>Suggesting sites and accepting one; these tests write, so they have a district of their own.</summary>
public class SuggestionTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    string Db => app.Database.ConnectionString;

    static long Covered(JsonElement figures) => figures.GetProperty("households").GetProperty("covered").GetInt64();

    [Fact]
    public async Task Suggestion_through_the_api_covers_at_least_95_percent_of_the_exhaustive_optimum()
    {
        // A community, its grid stations only (so that much is uncovered), 300 m sites, 14 candidates:
        // a point in each grid plus random points in the community.
        const string community = "320614001003";
        var area = (await Sql.QueryAsync(Db, "SELECT id FROM areas WHERE code = $1 AND layer IS NULL", r => r.GetInt64(0), community)).Single();
        var candidates = await Sql.QueryAsync(Db, """
            SELECT ST_X(p), ST_Y(p) FROM (
                SELECT ST_PointOnSurface(boundary) AS p FROM areas WHERE parent_id = $1
                UNION ALL SELECT (ST_Dump(ST_GeneratePoints(boundary, 14 - (SELECT count(*)::int FROM areas WHERE parent_id = $1), 7))).geom
                FROM areas WHERE id = $1) c
            """, r => (Lon: r.GetDouble(0), Lat: r.GetDouble(1)), area);
        Assert.Equal(14, candidates.Count);

        // PostGIS: the households each candidate would win (in the community, outside every grid station's radius).
        var wins = new List<HashSet<long>>();
        foreach (var c in candidates)
            wins.Add((await Sql.QueryAsync(Db, """
                WITH RECURSIVE sub AS (SELECT id FROM areas WHERE id = $1 UNION ALL SELECT a.id FROM areas a JOIN sub ON a.parent_id = sub.id)
                SELECT h.id FROM households h
                WHERE h.grid_id IN (SELECT id FROM sub)
                  AND NOT EXISTS (SELECT 1 FROM service_stations s WHERE s.level = 'grid'
                                  AND ST_DWithin(h.location::geography, s.location::geography, s.radius_m))
                  AND ST_DWithin(h.location::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 300)
                """, r => r.GetInt64(0), area, c.Lon, c.Lat)).ToHashSet());
        int optimum = 0;
        for (int a = 0; a < wins.Count; a++)
            for (int b = a + 1; b < wins.Count; b++)
                for (int c = b + 1; c < wins.Count; c++)
                    optimum = Math.Max(optimum, wins[a].Union(wins[b]).Union(wins[c]).Count());
        Assert.True(optimum > 10, $"optimum {optimum}: too small an instance to prove anything");

        var body = new
        {
            areaId = area, k = 3, radiusM = 300, stationLevel = "grid",
            candidates = new
            {
                type = "FeatureCollection",
                features = candidates.Select((c, i) => new { type = "Feature", geometry = new { type = "Point", coordinates = new[] { c.Lon, c.Lat } }, properties = new { name = $"候选{i}" } }),
            },
        };
        var response = await app.AdminClient().PostAsJsonAsync("/api/coverage/suggest", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var suggestion = await response.Content.ReadFromJsonAsync<JsonElement>();

        var sites = suggestion.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal(3, sites.Count);
        Assert.Equal("uploaded", suggestion.GetProperty("candidateSource").GetString());
        long gained = sites.Sum(s => s.GetProperty("gainHouseholds").GetInt64());
        Assert.True(gained >= 0.95 * optimum, $"suggestion covers {gained}, the optimum {optimum}");
        // The sites' gains are what PostGIS says those three candidates win together.
        var chosen = sites.Select(s => candidates.FindIndex(c => s.GetProperty("name").GetString() == $"候选{candidates.IndexOf(c)}")).ToList();
        Assert.Equal(wins[chosen[0]].Union(wins[chosen[1]]).Union(wins[chosen[2]]).Count(), gained);
        Assert.Equal(Covered(suggestion.GetProperty("before")) + gained, Covered(suggestion.GetProperty("after")));
        var gains = sites.Select(s => s.GetProperty("gainHouseholds").GetInt64()).ToList();
        Assert.Equal(gains.OrderDescending(), gains);
    }

    [Fact]
    public async Task Accepting_a_suggested_site_makes_a_planned_station_and_coverage_rises_by_its_gain()
    {
        var http = app.AdminClient();
        var before = await http.GetFromJsonAsync<JsonElement>("/api/coverage?radiusM=500");
        var suggestion = await (await http.PostAsJsonAsync("/api/coverage/suggest", new { k = 2, radiusM = 500, existingRadiusM = 500 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Covered(before), Covered(suggestion.GetProperty("before")));
        var site = suggestion.GetProperty("sites")[0];
        long gain = site.GetProperty("gainHouseholds").GetInt64();
        Assert.True(gain > 0);

        var accepted = await http.PostAsJsonAsync("/api/coverage/accept",
            new { lon = site.GetProperty("lon").GetDouble(), lat = site.GetProperty("lat").GetDouble(), radiusM = 500, level = "community" });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var station = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("planned", station.GetProperty("status").GetString());
        Assert.EndsWith("党群服务中心（规划）", station.GetProperty("name").GetString());
        long id = station.GetProperty("id").GetInt64();
        var stored = (await Sql.QueryAsync(Db, """
            SELECT s.status, s.radius_m, a.level, ST_Covers(a.boundary, s.location) FROM service_stations s JOIN areas a ON a.id = s.area_id WHERE s.id = $1
            """, r => (r.GetString(0), r.GetDouble(1), r.GetString(2), r.GetBoolean(3)), id)).Single();
        Assert.Equal(("planned", 500.0, "community", true), stored);

        var after = await http.GetFromJsonAsync<JsonElement>("/api/coverage?radiusM=500");
        Assert.Equal(Covered(before) + gain, Covered(after));
        Assert.Equal(Covered(before), Covered(await http.GetFromJsonAsync<JsonElement>("/api/coverage?radiusM=500&includePlanned=false")));
        // The next suggestion starts from the new station: its first site is the old second one.
        var next = await (await http.PostAsJsonAsync("/api/coverage/suggest", new { k = 1, radiusM = 500, existingRadiusM = 500 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Covered(after), Covered(next.GetProperty("before")));
        Assert.Equal(suggestion.GetProperty("sites")[1].GetProperty("gainHouseholds").GetInt64(), next.GetProperty("sites")[0].GetProperty("gainHouseholds").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/coverage/planned/{id}")).StatusCode);
        Assert.Equal(Covered(before), Covered(await http.GetFromJsonAsync<JsonElement>("/api/coverage?radiusM=500")));
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/api/coverage/planned/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.DeleteAsync("/api/coverage/planned/1")).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_a_station_that_is_not_there_is_404_and_changes_no_data_version()
    {
        Task<List<string>> Versions() => Sql.QueryAsync(Db, "SELECT name || ' ' || version FROM data_versions ORDER BY name", r => r.GetString(0));
        var before = await Versions();

        Assert.Equal(HttpStatusCode.NotFound, (await app.AdminClient().DeleteAsync("/api/coverage/planned/987654")).StatusCode);

        Assert.Equal(before, await Versions());
        // A statement that does change a row still counts.
        await Sql.ExecuteAsync(Db, "UPDATE service_stations SET radius_m = radius_m WHERE id = (SELECT min(id) FROM service_stations)");
        Assert.NotEqual(before, await Versions());
    }

    [Fact]
    public async Task A_household_written_after_the_cache_warmed_counts_at_once()
    {
        var http = app.AdminClient();
        var before = await http.GetFromJsonAsync<JsonElement>("/api/coverage");
        // Far from every station: in the grid whose centre is farthest from any.
        var (lon, lat) = (await Sql.QueryAsync(Db, """
            SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_PointOnSurface(boundary) AS c FROM areas WHERE level = 'grid') g
            ORDER BY (SELECT min(ST_Distance(c::geography, s.location::geography)) FROM service_stations s) DESC LIMIT 1
            """, r => (r.GetDouble(0), r.GetDouble(1)))).Single();
        var id = (await Sql.QueryAsync(Db, "INSERT INTO households (name, members, kind, location) VALUES ('新党员户', 3, 'member', ST_SetSRID(ST_MakePoint($1, $2), 4326)) RETURNING id",
            r => r.GetInt64(0), lon, lat)).Single();
        try
        {
            var after = await http.GetFromJsonAsync<JsonElement>("/api/coverage");
            Assert.Equal(before.GetProperty("households").GetProperty("total").GetInt64() + 1, after.GetProperty("households").GetProperty("total").GetInt64());
            Assert.Equal(before.GetProperty("members").GetProperty("total").GetInt64() + 3, after.GetProperty("members").GetProperty("total").GetInt64());
            var uncovered = await http.GetFromJsonAsync<JsonElement>("/api/coverage/uncovered");
            Assert.Contains(uncovered.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("id").GetInt64() == id);
        }
        finally
        {
            await Sql.ExecuteAsync(Db, "DELETE FROM households WHERE id = $1", id);
        }
        Assert.Equal(before.GetProperty("households").GetProperty("total").GetInt64(),
            (await http.GetFromJsonAsync<JsonElement>("/api/coverage")).GetProperty("households").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_household_write_reloads_the_households_alone_and_gives_what_a_fresh_load_gives()
    {
        var cache = app.Services.GetRequiredService<CoverageCache>();
        var before = await cache.CurrentAsync(CancellationToken.None);
        await Sql.ExecuteAsync(Db, "UPDATE households SET members = members + 2 WHERE id = (SELECT min(id) FROM households)");
        try
        {
            var after = await cache.CurrentAsync(CancellationToken.None);

            Assert.NotSame(before.Territory, after.Territory);
            Assert.Equal(before.Territory.Members.Sum() + 2, after.Territory.Members.Sum());
            // The residents spread over the grids depend on the areas alone: kept, not spread again.
            Assert.Same(before.Territory.Residents, after.Territory.Residents);
            Assert.Same(before.Territory.ResidentIndex, after.Territory.ResidentIndex);
            await using var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
            var fresh = await CoverageTerritory.LoadAsync(conn, NullLogger.Instance, CancellationToken.None);
            Assert.Equal(fresh.HouseholdIds, after.Territory.HouseholdIds);
            Assert.Equal(fresh.HouseholdLon, after.Territory.HouseholdLon);
            Assert.Equal(fresh.HouseholdLat, after.Territory.HouseholdLat);
            Assert.Equal(fresh.Members, after.Territory.Members);
            Assert.Equal(fresh.HouseholdGrid, after.Territory.HouseholdGrid);
            Assert.Equal(fresh.Residents.Lon, after.Territory.Residents.Lon);
            Assert.Equal(fresh.Residents.Lat, after.Territory.Residents.Lat);
            Assert.Equal(fresh.Residents.Residents, after.Territory.Residents.Residents);
            Assert.Equal(fresh.Residents.Grid, after.Territory.Residents.Grid);
        }
        finally
        {
            await Sql.ExecuteAsync(Db, "UPDATE households SET members = members - 2 WHERE id = (SELECT min(id) FROM households)");
        }
    }
}
