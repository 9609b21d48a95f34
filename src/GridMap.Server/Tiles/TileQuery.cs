using GridMap.Server.Cases;
using System.Data;
using NpgsqlTypes;

namespace GridMap.Server.Tiles;

/// <summary>What a tile is built from: the layer, the tile, who asks, and for cases the filter of <c>/api/cases</c>.</summary>
public sealed record TileRequest(TileLayer Layer, TileAddress Tile, Caller Caller, CaseFilter? Cases = null)
{
    /// <summary>The request as recorded in <c>personal_data_reads</c>.</summary>
    public string What => $"GET /tiles/{Layer.Id}/{Tile}.mvt";

    /// <summary>The tile's ETag at the data's counters: everything the tile's bytes depend on but the data.</summary>
    public string Etag(string versions, TileOptions options) => TileEtag.Of(versions, Layer.Id, Tile, Caller.Scope, Caller.SeesPersonalData,
        CaseAccess.OnlyAssignedTo(Caller), Cases?.Key, options.PointLimit, options.FeatureLimit);
}

/// <summary>
/// Runs a tile's statement and returns the MVT bytes (none for an empty tile): the one statement
/// of a tile, for the endpoint and the benchmark's bare query alike (the tag's counters come from
/// <see cref="TileCounters"/>). It runs under its own <c>statement_timeout</c>:
/// <c>set_config(…, true)</c> goes in the same batch, so it holds for that one implicit
/// transaction and the pooled connection keeps its default; one round trip in all.
/// </summary>
public static class TileQuery
{
    public static async Task<byte[]> RunAsync(NpgsqlDataSource db, TileOptions options, TileRequest request, CancellationToken ct)
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
                new(string.Create(CultureInfo.InvariantCulture, $"SELECT set_config('statement_timeout', '{options.TimeoutMs}', true)")),
                command,
            },
        };
        // Sequential: the tile's bytes go from the socket into their array, not first into a row buffer of their size.
        await using var reader = await batch.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return reader.IsDBNull(0) ? [] : reader.GetFieldValue<byte[]>(0);
    }

    /// <summary>Whether a failure is this tile's statement running out of time (not the client going away).</summary>
    public static bool TimedOut(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };
}
