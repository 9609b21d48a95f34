using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace GridMap.Bench.Ogc;

/// <summary>
/// Benchmark (d): pages of <c>/ogc/collections/households/items</c> at the start and at the end of
/// a city-sized collection (keyset paging: a page costs the same wherever it is), against the same
/// pages of <c>/api/households</c> (the baseline) and against the bare query that has PostGIS build
/// the page without <c>numberMatched</c>; and reading the whole collection with GDAL's OAPIF
/// driver against following the /api's next links. The runs alternate so that load hits all alike.
/// </summary>
public static class OgcBench
{
    const int Page = 1000;

    const string BarePage = """
        SELECT '{"type":"FeatureCollection","features":[' || string_agg(f, ',' ORDER BY id) || ']}' FROM (
            SELECT t.id, '{"type":"Feature","id":' || t.id || ',"geometry":' || ST_AsGeoJSON(ST_ForcePolygonCCW(t.location), 7)
                || ',"properties":' || json_build_object('name', mask_name(t.name, true), 'members', t.members, 'kind', t.kind,
                   'phone', mask_phone(t.phone, true), 'gridId', t.grid_id)::text || '}' AS f
            FROM households t WHERE t.id > @after ORDER BY t.id LIMIT @limit) p
        """;

    public static async Task<int> RunAsync(Options options)
    {
        int runs = options.Int("runs", 20), extra = options.Int("households", 100_000);
        var load = Measure.LoadAverage();
        await using var server = await DemoServer.StartAsync();
        var http = server.Http;
        await server.Database.ExecuteAsync($"""
            INSERT INTO households (name, members, kind, phone, location)
            SELECT '党员' || i, 1 + i % 5, 'member', '139' || lpad(i::text, 8, '0'),
                   ST_SetSRID(ST_MakePoint(ST_XMin(e) + (i % 317) / 317.0 * (ST_XMax(e) - ST_XMin(e)),
                                           ST_YMin(e) + (i / 317) / ({extra} / 317 + 1.0) * (ST_YMax(e) - ST_YMin(e))), 4326)
            FROM generate_series(1, {extra}) i, (SELECT ST_Extent(boundary)::geometry AS e FROM areas WHERE level = 'district') d;
            ANALYZE households;
            """);
        await using var connection = new NpgsqlConnection(server.Database.ConnectionString);
        await connection.OpenAsync();
        long total, lastAfter;
        await using (var cmd = new NpgsqlCommand($"SELECT count(*), (SELECT id FROM households ORDER BY id DESC OFFSET {Page} LIMIT 1) FROM households", connection))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (total, lastAfter) = (r.GetInt64(0), r.GetInt64(1));
        }

        async Task Get(string url)
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }
        async Task Bare(long after, bool count = false)
        {
            await using var cmd = new NpgsqlCommand(count ? BarePage.Replace("'{\"type\":\"FeatureCollection\",", "'{\"type\":\"FeatureCollection\",\"numberMatched\":' || (SELECT count(*) FROM households) || ',") : BarePage, connection);
            cmd.Parameters.AddWithValue("after", after);
            cmd.Parameters.AddWithValue("limit", Page);
            await cmd.ExecuteScalarAsync();
        }
        var cases = new (string What, Func<Task> Run)[]
        {
            ($"`GET /ogc/…/households/items?limit={Page}` first page", () => Get($"/ogc/collections/households/items?limit={Page}")),
            ($"`GET /ogc/…/households/items?limit={Page}` last page", () => Get($"/ogc/collections/households/items?limit={Page}&after={lastAfter}")),
            ($"`GET /api/households?limit={Page}` first page (baseline)", () => Get($"/api/households/?limit={Page}")),
            ($"`GET /api/households?limit={Page}` last page (baseline)", () => Get($"/api/households/?limit={Page}&after={lastAfter}")),
            ("bare page query, no numberMatched (Npgsql), first page", () => Bare(0)),
            ("bare page query, no numberMatched (Npgsql), last page", () => Bare(lastAfter)),
            ("bare page query with numberMatched = count(*) (Npgsql), first page", () => Bare(0, count: true)),
            ("`GET /ogc/collections` (every collection's extent)", () => Get("/ogc/collections")),
        };
        foreach (var c in cases) await c.Run();
        var times = cases.Select(_ => new List<TimeSpan>()).ToArray();
        for (int run = 0; run < runs; run++)
            for (int i = 0; i < cases.Length; i++) times[i].Add(await Measure.OnceAsync(cases[i].Run));
        var medians = times.Select(Measure.Median).ToArray();

        // The whole collection: GDAL following next links, against a client following /api's.
        var headers = Path.GetTempFileName();
        await File.WriteAllTextAsync(headers, $"Authorization: Bearer {http.DefaultRequestHeaders.Authorization!.Parameter}\n");
        async Task Gdal()
        {
            var psi = new ProcessStartInfo("ogr2ogr", ["-f", "GeoJSON", "/vsimem/all.geojson", $"OAPIF:{http.BaseAddress!.ToString().TrimEnd('/')}/ogc", "households",
                "-oo", "PAGE_SIZE=10000", "--config", "GDAL_HTTP_HEADER_FILE", headers]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new InvalidOperationException($"ogr2ogr failed: {await err}");
        }
        async Task Ogc() => await Follow("/ogc/collections/households/items?limit=10000");
        async Task Api() => await Follow("/api/households/?limit=10000");
        async Task Follow(string first)
        {
            string? url = first;
            while (url is not null)
            {
                var page = JsonDocument.Parse(await http.GetStringAsync(url)).RootElement;
                url = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                    .Select(l => l.GetProperty("href").GetString()).FirstOrDefault();
            }
        }
        int wholeRuns = Math.Max(1, runs / 5);
        await Gdal();
        await Api();
        await Ogc();
        var gdal = new List<TimeSpan>();
        var api = new List<TimeSpan>();
        var ogc = new List<TimeSpan>();
        for (int run = 0; run < wholeRuns; run++)
        {
            gdal.Add(await Measure.OnceAsync(Gdal));
            ogc.Add(await Measure.OnceAsync(Ogc));
            api.Add(await Measure.OnceAsync(Api));
        }
        File.Delete(headers);

        Console.WriteLine($"load average: {load} at the start, {Measure.LoadAverage()} at the end; {total:N0} households; {runs} alternating runs each ({wholeRuns} for whole reads)");
        Console.WriteLine();
        Console.WriteLine("| what | median |");
        Console.WriteLine("|---|---:|");
        for (int i = 0; i < cases.Length; i++) Console.WriteLine($"| {cases[i].What} | {Ms(medians[i])} |");
        Console.WriteLine($"| whole collection: `ogr2ogr` OAPIF, PAGE_SIZE=10000 (process start included) | {Ms(Measure.Median(gdal))} |");
        Console.WriteLine($"| whole collection: /ogc next links, limit=10000 (HttpClient) | {Ms(Measure.Median(ogc))} |");
        Console.WriteLine($"| whole collection: /api/households next links, limit=10000 (baseline) | {Ms(Measure.Median(api))} |");
        Console.WriteLine();
        Console.WriteLine($"last page / first page, /ogc: {medians[1] / medians[0]:F2}× (keyset: about 1×)");
        Console.WriteLine($"/ogc first page / /api first page: {medians[0] / medians[2]:F2}×; last pages: {medians[1] / medians[3]:F2}×");
        Console.WriteLine($"/ogc first page / bare page query: {medians[0] / medians[4]:F2}× (numberMatched, links, HTTP); with count(*): {medians[0] / medians[6]:F2}×");
        Console.WriteLine($"whole collection, /ogc / /api: {Measure.Median(ogc) / Measure.Median(api):F2}×");
        return 0;
    }

    static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";
}
