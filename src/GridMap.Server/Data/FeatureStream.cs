using Microsoft.AspNetCore.Http.Extensions;

namespace GridMap.Server.Data;

/// <summary>
/// One page of a list as a GeoJSON FeatureCollection that PostGIS writes, streamed to the client
/// as pg_featureserv does: no entities, no re-serialisation. The given query returns a key and a
/// Feature per row (<c>id</c> and text from <c>ST_AsGeoJSON(record)</c>), in the list's order,
/// one row more than the <see cref="Page"/> (<see cref="Page.OrderAndLimit"/>). PostGIS joins
/// the page's features into the collection as text (no JSON parsing on either side), adds
/// <c>numberReturned</c> and <c>links</c> (rel <c>next</c> when there is more, as OGC API Features
/// does), and the value is copied to the response as it is read.
/// </summary>
public sealed class FeatureStream(NpgsqlDataSource db, Page page, string featuresSql, params IEnumerable<(string Name, object? Value)> parameters) : IResult
{
    public const string ContentType = "application/geo+json";

    // The inner query's ORDER BY carries through row_number() over its rows.
    string Sql => $$"""
        SELECT '{"type":"FeatureCollection","features":['
               || coalesce(string_agg(f, ',' ORDER BY n) FILTER (WHERE n <= @pageLimit), '')
               || '],"numberReturned":' || count(*) FILTER (WHERE n <= @pageLimit)
               || ',"links":[' || CASE WHEN count(*) > @pageLimit THEN '{"rel":"next","type":"{{ContentType}}","href":'
                      || to_json(@nextLink::text || max(key) FILTER (WHERE n = @pageLimit))::text || '}' ELSE '' END
               || ']}'
        FROM (SELECT row_number() OVER () AS n, key, f FROM ({{featuresSql}}) AS features(key, f)) AS page
        """;

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        await using var cmd = db.Command(Sql, [.. parameters, ("pageLimit", page.Limit), ("nextLink", NextLinkStem(http.Request))]);
        // Run the query before the status line goes out, so that a database error still reaches the
        // exception handler and becomes a problem (503 when the database is out of reach).
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        await reader.ReadAsync(ct);
        http.Response.ContentType = ContentType;
        await using var collection = await reader.GetStreamAsync(0, ct);
        await collection.CopyToAsync(http.Response.Body, ct);
    }

    /// <summary>
    /// This request's path and query without <c>after</c>, ending in <c>after=</c>: the next page's
    /// link once the last id is appended. Relative to the server, so that it holds behind a proxy.
    /// </summary>
    public static string NextLinkStem(HttpRequest request)
    {
        var query = new QueryBuilder(request.Query.Where(q => q.Key != "after")) { { "after", "" } };
        return request.PathBase + request.Path + query;
    }
}
