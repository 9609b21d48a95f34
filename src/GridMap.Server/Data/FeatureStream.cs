using Npgsql;

namespace GridMap.Server.Data;

/// <summary>
/// A GeoJSON FeatureCollection that PostGIS writes, streamed to the client as pg_featureserv
/// does: no entities, no re-serialisation. The given query returns one Feature per row (text
/// from <c>ST_AsGeoJSON(record)</c>); PostGIS joins them into the collection as text (no JSON
/// parsing on either side) and the value is copied to the response as it is read.
/// </summary>
public sealed class FeatureStream(NpgsqlDataSource db, string featuresSql, params object?[] parameters) : IResult
{
    public const string ContentType = "application/geo+json";

    // The inner query's ORDER BY carries through to string_agg over its rows.
    string Sql => $"""
        SELECT '{"{"}"type":"FeatureCollection","features":[' || coalesce(string_agg(f, ','), '') || ']{"}"}'
        FROM ({featuresSql}) AS features(f)
        """;

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        await using var cmd = db.CreateCommand(Sql);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        // Run the query before the status line goes out, so that a database error still reaches the
        // exception handler and becomes a problem (503 when the database is out of reach).
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        await reader.ReadAsync(ct);
        http.Response.ContentType = ContentType;
        await using var collection = await reader.GetStreamAsync(0, ct);
        await collection.CopyToAsync(http.Response.Body, ct);
    }
}
