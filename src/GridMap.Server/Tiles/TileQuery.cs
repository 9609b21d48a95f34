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
/// query alike (the tag's counters come from <see cref="TileCounters"/>), on the tiles' own
/// connections (<see cref="TileDatabase"/>, which carry its settings); one round trip.
/// </summary>
public static class TileQuery
{
    /// <param name="Mvt">The tile's bytes, none for an empty tile.</param>
    /// <param name="Households">The households recorded as read (an unmasked households tile of points).</param>
    public sealed record Built(byte[] Mvt, long[]? Households);

    public static async Task<Built> RunAsync(TileDatabase db, TileRequest request, CancellationToken ct)
    {
        var (layer, tile, caller, options) = (request.Layer, request.Tile, request.Caller, db.Options);
        await using var command = db.Connections.CreateCommand(layer.Sql(caller.SeesPersonalData));
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

        // Sequential: the tile's bytes go from the socket into their array, not first into a row buffer of their size.
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        await reader.ReadAsync(ct);
        var mvt = reader.IsDBNull(0) ? [] : reader.GetFieldValue<byte[]>(0);
        // The households recorded as read, from the statement that records them (PointTiles).
        var households = reader.FieldCount > 1 && !reader.IsDBNull(1) ? reader.GetFieldValue<long[]>(1) : null;
        return new(mvt, households);
    }

    /// <summary>Whether a failure is this tile's statement running out of time (not the client going away).</summary>
    public static bool TimedOut(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };
}
