using GridMap.Server.Cases;
using NpgsqlTypes;

namespace GridMap.Server.Ogc;

/// <summary>
/// A page of a collection's features as one GeoJSON FeatureCollection that PostGIS writes whole
/// (features, <c>numberMatched</c> on the first page, <c>numberReturned</c>, <c>timeStamp</c>, the links), copied to
/// the response as it is read, as <c>Data/FeatureStream.cs</c> does. The page is a keyset range of
/// ids: <c>after</c> reads forward, <c>before</c> backward; one row more than the limit tells whether
/// there is a further page in that direction, and an existence check whether there is one behind.
/// When the caller reads households' names unmasked, the page's ids are recorded in
/// <c>personal_data_reads</c> first, and the page is then read pinned to exactly those ids. A
/// page of no features (limit 0, the count alone) has no paging links: it could not move on.
/// </summary>
public sealed class OgcFeatures(NpgsqlDataSource db, Caller caller, OgcCollection collection, OgcItemsQuery query, OgcFormat format, OgcPageLinks links) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        long[]? pinned = null;
        if (collection.PersonalData && caller.SeesPersonalData && query.Limit > 0)
        {
            await using var record = db.CreateCommand($$"""
                WITH page AS ({{PageIds}}),
                sent AS (SELECT id FROM page ORDER BY id{{Direction}} LIMIT @limit),
                recorded AS (
                    INSERT INTO personal_data_reads (user_id, username, what, household_ids)
                    SELECT @user, @username, @what, array_agg(id ORDER BY id) FROM sent HAVING count(*) > 0)
                SELECT coalesce(array_agg(id), '{}') FROM page
                """);
            Bind(record);
            OgcSql.Reader(record, caller, $"GET /ogc/collections/{collection.Id}/items");
            pinned = (long[])(await record.ExecuteScalarAsync(ct))!;
        }
        await using var cmd = db.CreateCommand(Sql(pinned is not null));
        Bind(cmd);
        if (pinned is not null) cmd.Parameters.Add(new("pinned", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = pinned });
        cmd.Parameters.Add(new("links", NpgsqlDbType.Text) { Value = links.Fixed });
        cmd.Parameters.Add(new("next", NpgsqlDbType.Text) { Value = links.NextStem });
        cmd.Parameters.Add(new("prev", NpgsqlDbType.Text) { Value = links.PrevStem });
        cmd.Parameters.Add(new("type", NpgsqlDbType.Text) { Value = format.MediaType });
        // The query runs before the status line goes out, so that a database error still becomes a problem (503).
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        await reader.ReadAsync(ct);
        http.Response.ContentType = format.MediaType;
        await using var body = await reader.GetStreamAsync(0, ct);
        await body.CopyToAsync(http.Response.Body, ct);
    }

    void Bind(NpgsqlCommand cmd)
    {
        OgcSql.BindCaller(cmd, caller);
        OgcSql.BindFilters(cmd, query);
        cmd.Parameters.Add(new("limit", NpgsqlDbType.Integer) { Value = query.Limit });
        cmd.Parameters.Add(new("after", NpgsqlDbType.Bigint) { Value = (object?)query.After ?? DBNull.Value });
        cmd.Parameters.Add(new("before", NpgsqlDbType.Bigint) { Value = (object?)query.Before ?? DBNull.Value });
    }

    bool Backward => query.Before is not null;
    string Direction => Backward ? " DESC" : "";
    string Filters => OgcSql.Filters(collection, query);
    string Cursor => Backward ? "t.id < @before" : "(@after::bigint IS NULL OR t.id > @after)";
    string PageIds => $"SELECT t.id FROM {collection.From} WHERE {Filters} AND {Cursor} ORDER BY t.id{Direction} LIMIT @limit + 1";

    /// <summary>Whether a matching feature lies beyond <paramref name="bound"/> (SQL: <c>t.id &lt; x</c> and the like).</summary>
    string Exists(string bound) => $"EXISTS (SELECT 1 FROM {collection.From} WHERE {Filters} AND {bound})";

    static string Link(string rel, string title, string key) =>
        $"',' || json_build_object('rel', '{rel}', 'type', @type, 'title', '{title}', 'href', @{rel} || {key})::text";

    /// <summary>
    /// <c>numberMatched</c> on the first page only: it is a count of every matching row, so on
    /// every page it would make a page's cost grow with the collection and reading a collection
    /// quadratic in its size (17-069r4 makes the member optional; a page without it is valid).
    /// </summary>
    string Matched => query.After is null && query.Before is null
        ? $"""',"numberMatched":' || (SELECT count(*) FROM {collection.From} WHERE {Filters})"""
        : "''";

    string Sql(bool pinned)
    {
        // Forward: next when the extra row came; prev when there is anything before the page (on an empty page, up to the cursor).
        // Backward: the mirror image. The count alone (limit 0): none.
        var (next, prev) = query.Limit == 0 ? ("''", "''") : Backward
            ? ($"CASE WHEN CASE WHEN edge.last IS NOT NULL THEN {Exists("t.id > edge.last")} ELSE {Exists("t.id >= @before")} END THEN {Link("next", "next page", "coalesce(edge.last, greatest(@before - 1, 0))")} ELSE '' END",
               $"CASE WHEN edge.more THEN {Link("prev", "previous page", "edge.first")} ELSE '' END")
            : ($"CASE WHEN edge.more THEN {Link("next", "next page", "edge.last")} ELSE '' END",
               $"CASE WHEN @after::bigint IS NULL THEN '' WHEN CASE WHEN edge.first IS NOT NULL THEN {Exists("t.id < edge.first")} ELSE {Exists("t.id <= @after")} END THEN {Link("prev", "previous page", "coalesce(edge.first::numeric, @after::numeric + 1)")} ELSE '' END");
        return $$"""
            WITH page AS (
                SELECT t.id, {{OgcSql.Feature(collection)}} AS f FROM {{collection.From}}
                WHERE {{Filters}} AND {{Cursor}}{{(pinned ? " AND t.id = ANY (@pinned)" : "")}}
                ORDER BY t.id{{Direction}} LIMIT @limit + 1),
            kept AS (SELECT id, f FROM page ORDER BY id{{Direction}} LIMIT @limit),
            edge AS (SELECT min(id) AS first, max(id) AS last, count(*) AS returned, (SELECT count(*) FROM page) > @limit AS more FROM kept)
            SELECT '{"type":"FeatureCollection"' || {{Matched}}
                || ',"numberReturned":' || edge.returned
                || ',"timeStamp":"' || {{OgcCollection.Cst("now()")}}
                || '","links":[' || @links || {{next}} || {{prev}}
                || '],"features":[' || coalesce((SELECT string_agg(f, ',' ORDER BY id) FROM kept), '') || ']}'
            FROM edge
            """;
    }
}

/// <summary>One feature as a GeoJSON Feature that PostGIS writes, with its links; null when the caller sees no such feature.</summary>
public static class OgcFeature
{
    public static async Task<string?> ReadAsync(NpgsqlDataSource db, Caller caller, OgcCollection collection, long id, string links, CancellationToken ct)
    {
        if (collection.PersonalData && caller.SeesPersonalData)
        {
            await using var record = db.CreateCommand($"""
                INSERT INTO personal_data_reads (user_id, username, what, household_ids)
                SELECT @user, @username, @what, ARRAY[t.id] FROM {collection.From} WHERE {collection.Visible} AND t.id = @id
                """);
            OgcSql.BindCaller(record, caller);
            OgcSql.Reader(record, caller, $"GET /ogc/collections/{collection.Id}/items/{{featureId}}");
            record.Parameters.Add(new("id", NpgsqlDbType.Bigint) { Value = id });
            await record.ExecuteNonQueryAsync(ct);
        }
        await using var cmd = db.CreateCommand($"""
            SELECT {OgcSql.Feature(collection, ",\"links\":[' || @links || ']")} FROM {collection.From} WHERE {collection.Visible} AND t.id = @id
            """);
        OgcSql.BindCaller(cmd, caller);
        cmd.Parameters.Add(new("id", NpgsqlDbType.Bigint) { Value = id });
        cmd.Parameters.Add(new("links", NpgsqlDbType.Text) { Value = links });
        return await cmd.ExecuteScalarAsync(ct) as string;
    }
}

/// <summary>The SQL pieces every OGC query shares, and their parameters.</summary>
static class OgcSql
{
    /// <summary>
    /// A row as a GeoJSON Feature: the id at the top (the featureId of its URL), the geometry with
    /// 7 decimals as the /api lists write it, its polygons' outer rings counterclockwise and holes
    /// clockwise (RFC 7946 §3.1.6, the right-hand rule; imported boundaries may wind either way).
    /// <paramref name="members"/> adds members (SQL text inside a string literal, e.g. the links).
    /// </summary>
    public static string Feature(OgcCollection c, string members = "") =>
        $$"""'{"type":"Feature","id":' || t.id || ',"geometry":' || ST_AsGeoJSON(ST_ForcePolygonCCW({{c.Geometry}}), 7) || ',"properties":' || ({{c.Properties}})::text || '{{members}}}'""";

    /// <summary>The collection's rows the caller sees, inside the bbox and the time asked for.</summary>
    public static string Filters(OgcCollection c, OgcItemsQuery q)
    {
        var filters = c.Visible;
        if (q.Bbox is { } box)
            filters += box.CrossesAntimeridian
                ? $" AND (ST_Intersects({c.Geometry}, {Box("@west", "@south", "180.0", "@north")}) OR ST_Intersects({c.Geometry}, {Box("-180.0", "@south", "@east", "@north")}))"
                : $" AND ST_Intersects({c.Geometry}, {Box("@west", "@south", "@east", "@north")})";
        // Features without a time match any datetime (17-069r4 /req/core/fc-time-response C).
        if (q.Time is not null && c.Time is { } time)
            filters += $" AND ({time} IS NULL OR ((@start::timestamptz IS NULL OR {time} >= @start) AND (@end::timestamptz IS NULL OR {time} <= @end)))";
        return filters;
    }

    /// <summary>The box as a geometry; a degenerate box is the point or line it is (17-069r4 7.15.4).</summary>
    static string Box(string west, string south, string east, string north) =>
        $"ST_SetSRID(ST_Envelope(ST_MakeLine(ST_MakePoint({west}, {south}), ST_MakePoint({east}, {north}))), 4326)";

    public static void BindCaller(NpgsqlCommand cmd, Caller caller)
    {
        cmd.Parameters.Add(new("scope", NpgsqlDbType.Bigint) { Value = (object?)caller.Scope ?? DBNull.Value });
        cmd.Parameters.Add(new("assignedTo", NpgsqlDbType.Bigint) { Value = (object?)CaseAccess.OnlyAssignedTo(caller) ?? DBNull.Value });
        cmd.Parameters.Add(new("reportedBy", NpgsqlDbType.Bigint) { Value = (object?)CaseAccess.OnlyReportedBy(caller) ?? DBNull.Value });
        cmd.Parameters.Add(new("summoned", NpgsqlDbType.Text) { Value = (object?)CaseAccess.OnlySummoned(caller) ?? DBNull.Value });
        cmd.Parameters.Add(new("unmasked", NpgsqlDbType.Boolean) { Value = caller.SeesPersonalData });
    }

    public static void BindFilters(NpgsqlCommand cmd, OgcItemsQuery q)
    {
        var box = q.Bbox;
        cmd.Parameters.Add(new("west", NpgsqlDbType.Double) { Value = (object?)box?.West ?? DBNull.Value });
        cmd.Parameters.Add(new("south", NpgsqlDbType.Double) { Value = (object?)box?.South ?? DBNull.Value });
        cmd.Parameters.Add(new("east", NpgsqlDbType.Double) { Value = (object?)box?.East ?? DBNull.Value });
        cmd.Parameters.Add(new("north", NpgsqlDbType.Double) { Value = (object?)box?.North ?? DBNull.Value });
        cmd.Parameters.Add(new("start", NpgsqlDbType.TimestampTz) { Value = (object?)q.Time?.Start?.ToUniversalTime() ?? DBNull.Value });
        cmd.Parameters.Add(new("end", NpgsqlDbType.TimestampTz) { Value = (object?)q.Time?.End?.ToUniversalTime() ?? DBNull.Value });
    }

    /// <summary>Who reads, for <c>personal_data_reads</c>.</summary>
    public static void Reader(NpgsqlCommand cmd, Caller caller, string what)
    {
        cmd.Parameters.Add(new("user", NpgsqlDbType.Bigint) { Value = caller.UserId });
        cmd.Parameters.Add(new("username", NpgsqlDbType.Text) { Value = caller.Username });
        cmd.Parameters.Add(new("what", NpgsqlDbType.Text) { Value = what });
    }
}
