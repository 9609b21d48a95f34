using System.Diagnostics;
using Npgsql;

namespace GridMap.Load;

/// <summary>A case written by the load: when its write started and returned (Stopwatch ticks).</summary>
sealed record Written(long CaseId, Grid Grid, long StartedAt, long ReturnedAt);

/// <summary>Writers reporting cases at a target rate, each on its own connection.</summary>
static class CaseWriter
{
    /// <summary>
    /// Reports one case at a point and returns its id. This is the one place to switch to
    /// <c>POST /api/cases</c>: until then it runs what a case write runs, in one transaction, the
    /// grid and its parents derived from the point, and <c>append_case_event</c> last. A batch
    /// is one implicit transaction that commits on the server, so the seq row lock taken by
    /// <c>append_case_event</c> is not held across a round trip to this process.
    /// </summary>
    public static async Task<long> CreateCaseAsync(NpgsqlConnection conn, double lon, double lat, string description)
    {
        await using var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new("""
                    INSERT INTO cases (category_code, description, location, grid_id, community_id, street_id, district_id)
                    SELECT 'street_light', $3, x.p, g.id, c.id, s.id, s.parent_id
                    FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS p) x
                    LEFT JOIN areas g ON g.id = grid_at(x.p)
                    LEFT JOIN areas c ON c.id = g.parent_id
                    LEFT JOIN areas s ON s.id = c.parent_id
                    RETURNING id
                    """) { Parameters = { new() { Value = lon }, new() { Value = lat }, new() { Value = description } } },
                new("SELECT append_case_event(currval(pg_get_serial_sequence('cases', 'id')), 'load', 'reporter', 'report', NULL)"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.ReadAsync();
        var id = reader.GetInt64(0);
        while (await reader.NextResultAsync()) { } // the batch has committed once every result is read
        return id;
    }

    /// <summary>
    /// Reports <paramref name="rate"/> cases a second for <paramref name="seconds"/>, in grids
    /// picked at random, case i due at start + i / rate. Late writers do not wait.
    /// </summary>
    public static async Task<List<Written>> RunAsync(NpgsqlDataSource db, District district, int rate, int seconds, int writers, int seed)
    {
        var total = rate * seconds;
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        var perWriter = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed * 7919 + w);
            var written = new List<Written>();
            await using var conn = await db.OpenConnectionAsync();
            for (int i; (i = Interlocked.Increment(ref next)) < total;)
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                var grid = district.Grids[random.Next(district.Grids.Length)];
                var startedAt = Stopwatch.GetTimestamp();
                var id = await CreateCaseAsync(conn, grid.Lon, grid.Lat, $"load case {i}");
                written.Add(new(id, grid, startedAt, Stopwatch.GetTimestamp()));
            }
            return written;
        })));
        return [.. perWriter.SelectMany(w => w)];
    }
}
