using GridMap.Server.Cases;
using System.Data;
using NpgsqlTypes;

namespace GridMap.Server.Tiles;

/// <summary>What a tile is built from: the layer, the tile, who asks, and for cases the filter of <c>/api/cases</c>.</summary>
public sealed record TileRequest(TileLayer Layer, TileAddress Tile, Caller Caller, CaseFilter? Cases = null)
{
    /// <summary>The request as recorded in <c>personal_data_reads</c>.</summary>
    public string What => $"GET /tiles/{Layer.Id}/{Tile}.mvt";

    /// <summary>
    /// The tile's ETag at the data's counters: everything the tile's bytes depend on but the data,
    /// each of the caller's restrictions among them (<see cref="TileCache"/> hands a tile to any
    /// caller whose tag it is).
    /// </summary>
    public string Etag(string versions, TileOptions options) => TileEtag.Of(versions, Layer.Id, Tile, Caller.Scope, Caller.SeesPersonalData,
        CaseAccess.OnlyAssignedTo(Caller), CaseAccess.OnlyReportedBy(Caller), CaseAccess.OnlySummoned(Caller), Cases?.Key, options.PointLimit, options.FeatureLimit);
}

/// <summary>
/// Runs a tile's statement: the one statement of a tile, for the endpoint and the benchmark's bare
/// query alike (the tag's counters come from <see cref="TileCounters"/>). It runs under settings
/// of its own (<see cref="Settings"/>): <c>set_config(…, true)</c> goes in the same batch, so they
/// hold for that one implicit transaction and the pooled connection keeps its defaults; one round
/// trip in all.
/// </summary>
public static class TileQuery
{
    /// <param name="Mvt">The tile's bytes, none for an empty tile.</param>
    /// <param name="Households">The households recorded as read (an unmasked households tile of points).</param>
    public sealed record Built(byte[] Mvt, long[]? Households);

    public static async Task<Built> RunAsync(NpgsqlDataSource db, TileOptions options, TileRequest request, CancellationToken ct)
    {
        var (layer, tile, caller) = (request.Layer, request.Tile, request.Caller);
        var sql = layer.Sql(caller.SeesPersonalData);
        var command = new NpgsqlBatchCommand(sql);
        var p = command.Parameters;
        p.Add(new("z", NpgsqlDbType.Integer) { Value = tile.Z });
        p.Add(new("x", NpgsqlDbType.Integer) { Value = tile.X });
        p.Add(new("y", NpgsqlDbType.Integer) { Value = tile.Y });
        p.Add(new("scope", NpgsqlDbType.Bigint) { Value = (object?)caller.Scope ?? DBNull.Value });
        p.Add(new("layer", NpgsqlDbType.Text) { Value = layer.Id });
        p.Add(new("unmasked", NpgsqlDbType.Boolean) { Value = caller.SeesPersonalData });
        if (layer.Area is { } area)
        {
            p.Add(new("level", NpgsqlDbType.Text) { Value = area.Level });
            p.Add(new("areaLayer", NpgsqlDbType.Text) { Value = (object?)area.Layer ?? DBNull.Value });
            p.Add(new("featureLimit", NpgsqlDbType.Integer) { Value = options.FeatureLimit });
        }
        else p.Add(new("pointLimit", NpgsqlDbType.Integer) { Value = options.PointLimit });
        if (layer.FiltersCases)
        {
            p.Add(new("assignedTo", NpgsqlDbType.Bigint) { Value = (object?)CaseAccess.OnlyAssignedTo(caller) ?? DBNull.Value });
            p.Add(new("reportedBy", NpgsqlDbType.Bigint) { Value = (object?)CaseAccess.OnlyReportedBy(caller) ?? DBNull.Value });
            p.Add(new("summoned", NpgsqlDbType.Text) { Value = (object?)CaseAccess.OnlySummoned(caller) ?? DBNull.Value });
            foreach (var (name, value) in (request.Cases ?? CaseFilter.None).Parameters) p.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }
        if (layer.RecordsReads && caller.SeesPersonalData)
        {
            p.Add(new("userId", NpgsqlDbType.Bigint) { Value = caller.UserId });
            p.Add(new("username", NpgsqlDbType.Text) { Value = caller.Username });
            p.Add(new("what", NpgsqlDbType.Text) { Value = request.What });
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new(Settings(options)),
                command,
            },
        };
        // Sequential: the tile's bytes go from the socket into their array, not first into a row buffer of their size.
        await using var reader = await batch.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var mvt = reader.IsDBNull(0) ? [] : reader.GetFieldValue<byte[]>(0);
        // The households recorded as read, from the statement that records them (PointTiles).
        var households = reader.FieldCount > 1 && !reader.IsDBNull(1) ? reader.GetFieldValue<long[]>(1) : null;
        return new(mvt, households);
    }

    /// <summary>
    /// The tile statement's settings. <c>statement_timeout</c>: its time limit
    /// (<see cref="TileOptions.TimeoutMs"/>). <c>plan_cache_mode</c>: planned for its own tile
    /// every time, since the plan depends on how many rows the tile's box holds
    /// (<see cref="TileSql.Near"/>); were the statement prepared (<c>Max Auto Prepare</c> in
    /// <c>GRIDMAP_DB</c>), PostgreSQL would switch to a generic plan after five runs, one that
    /// plans for no tile in particular. <c>max_parallel_workers_per_gather</c>: no parallel
    /// workers. A map asks for tiles a dozen at a time, so the cores are busy with other tiles
    /// already, and once the planner knows a tile's size it starts workers for a tile of a few
    /// hundred points, which costs more on a busy machine than the work they share. <c>jit</c>:
    /// off. The planner's cost of a point statement counts both branches of its CASE, the one
    /// not taken too (<see cref="PointTiles"/>), so a tile of clusters looks costly enough to
    /// compile, and compiling takes longer than the tile.
    /// </summary>
    static string Settings(TileOptions options) => string.Create(CultureInfo.InvariantCulture, $"""
        SELECT set_config('statement_timeout', '{options.TimeoutMs}', true), set_config('plan_cache_mode', 'force_custom_plan', true),
               set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)
        """);

    /// <summary>Whether a failure is this tile's statement running out of time (not the client going away).</summary>
    public static bool TimedOut(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };
}
