using Npgsql;

namespace GridMap.Server.Data;

/// <summary>
/// Streams a GeoJSON FeatureCollection that PostGIS writes: the query returns one Feature
/// (text from <c>ST_AsGeoJSON(record)</c>) per row, and the rows go to the client as they
/// arrive, as pg_featureserv does — no entities, no re-serialisation, no buffering.
/// </summary>
public sealed class FeatureStream(NpgsqlDataSource db, string sql, params object?[] parameters) : IResult
{
    public const string ContentType = "application/geo+json";
    static readonly byte[] Head = "{\"type\":\"FeatureCollection\",\"features\":["u8.ToArray();
    static readonly byte[] Tail = "]}"u8.ToArray();
    static readonly byte[] Comma = ","u8.ToArray();

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        // Run the query before the status line goes out, so a database error is still a 500 problem.
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        http.Response.ContentType = ContentType;
        var body = http.Response.Body;
        await body.WriteAsync(Head, ct);
        var first = true;
        while (await reader.ReadAsync(ct))
        {
            if (!first) await body.WriteAsync(Comma, ct);
            first = false;
            await using var feature = await reader.GetStreamAsync(0, ct);
            await feature.CopyToAsync(body, ct);
        }
        await body.WriteAsync(Tail, ct);
    }
}
