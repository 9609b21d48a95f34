using NetTopologySuite.IO;

namespace GridMap.Server.Territory;

/// <summary>What an import came to. Only <see cref="Imported"/> has written anything.</summary>
public abstract record ImportOutcome
{
    /// <param name="Ids">The areas' new ids, for the record of what the import added.</param>
    public sealed record Imported(int Count, IReadOnlyDictionary<string, int> ByLevel, IReadOnlyList<long> Ids) : ImportOutcome;
    /// <summary>Some features failed the checks; every problem is listed.</summary>
    public sealed record Rejected(int Features, IReadOnlyList<AreaProblem> Problems) : ImportOutcome;
    /// <summary>Not JSON, or not a FeatureCollection.</summary>
    public sealed record Unreadable(string Reason) : ImportOutcome;
    /// <summary>The database refused the write (say, another writer took a code meanwhile) and it was rolled back.</summary>
    public sealed record Refused(string Reason) : ImportOutcome;
}

/// <summary>
/// Imports a GeoJSON FeatureCollection of areas, all or nothing: read, check with
/// <see cref="AreaImport"/> against the stored areas, then write in one transaction, parents
/// first. Shared by <c>POST /api/import/areas</c> and <c>gridmap import FILE</c>.
/// </summary>
public static class AreaImporter
{
    /// <summary>Imports run one at a time: the checks read stored areas that the write must find unchanged.</summary>
    internal const long ImportLock = 0x6172_6561_5f69_6d70; // "area_imp"
    const int BatchSize = 2000;

    /// <summary>
    /// The most areas one import takes: the benchmark's large district (100,000 grids), whose checks
    /// take minutes. Above it the file is refused before any check; split it (one street at a time, say).
    /// With <see cref="GeoJson.MaxPositions"/> per geometry and the request body limit of
    /// <c>POST /api/import/areas</c>, this bounds an import's work, so none of its statements has
    /// a client-side timeout: an import the limits accept is never cut off by the clock.
    /// </summary>
    public const int MaxFeatures = 100_000;

    public static async Task<ImportOutcome> ImportAsync(NpgsqlDataSource db, Stream geoJson,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var outcome = await ImportAsync(conn, geoJson, progress, ct);
        if (outcome is ImportOutcome.Imported) await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// The same inside the caller's transaction (the demo loader's, say): nothing is committed
    /// here, and on any outcome but <see cref="ImportOutcome.Imported"/> the caller rolls back.
    /// </summary>
    public static async Task<ImportOutcome> ImportAsync(NpgsqlConnection conn, Stream geoJson,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        JsonDocument document;
        try { document = await JsonDocument.ParseAsync(geoJson, cancellationToken: ct); }
        catch (JsonException e) { return new ImportOutcome.Unreadable($"malformed JSON: {e.Message}"); }
        using var _ = document;

        IReadOnlyList<GeoJsonFeature> features;
        try { features = GeoJson.ReadFeatureCollection(document.RootElement); }
        catch (GeoJsonException e) { return new ImportOutcome.Unreadable(e.Message); }
        if (features.Count == 0) return new ImportOutcome.Unreadable("the FeatureCollection has no features: nothing to import");
        if (features.Count > MaxFeatures)
            return new ImportOutcome.Unreadable($"the FeatureCollection has {features.Count:N0} features; an import takes at most {MaxFeatures:N0}: split the file, for instance one street at a time");
        progress?.Report(new("reading", features.Count, features.Count));

        // Waits for an import under way, however long its checks take: no client-side timeout.
        await using (var lockCmd = conn.Command("SELECT pg_advisory_xact_lock(@key)", ("key", ImportLock)))
        {
            lockCmd.CommandTimeout = 0;
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        var stored = await StoredAreasAsync(conn, AreaImport.CodesToLookUp(features), ct);
        var result = AreaImport.Validate(features, stored, progress);
        if (!result.Accepted) return new ImportOutcome.Rejected(features.Count, result.Problems);
        IReadOnlyList<long> ids;
        try
        {
            ids = await WriteAsync(conn, result.Areas, progress, ct);
        }
        catch (PostgresException e)
        {
            return new ImportOutcome.Refused(e.Detail is { Length: > 0 } detail ? $"{e.MessageText}: {detail}" : e.MessageText);
        }
        var byLevel = result.Areas.GroupBy(a => a.Level).OrderBy(g => g.Key).ToDictionary(g => g.Key.Name(), g => g.Count());
        return new ImportOutcome.Imported(result.Areas.Count, byLevel, ids);
    }

    /// <summary>The stored areas with these codes (any layer), and the grids of those that are communities.</summary>
    const string StoredSql = """
        WITH named AS (SELECT * FROM areas WHERE code = ANY(@codes))
        SELECT id, level, layer, code, parent_id, ST_AsBinary(boundary) FROM named
        UNION ALL
        SELECT g.id, g.level, g.layer, g.code, g.parent_id, ST_AsBinary(g.boundary)
        FROM named c JOIN areas g ON g.parent_id = c.id
        WHERE c.level = 'community' AND g.level = 'grid' AND g.code <> ALL(@codes)
        """;

    internal static async Task<List<ExistingArea>> StoredAreasAsync(NpgsqlConnection conn, IReadOnlySet<string> codes, CancellationToken ct)
    {
        await using var cmd = conn.Command(StoredSql, ("codes", codes.ToArray()));
        cmd.CommandTimeout = 0; // bounded by the import's limits, not by the clock
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var wkb = new WKBReader(GeoJson.Wgs84.GeometryServices);
        var stored = new List<ExistingArea>();
        while (await reader.ReadAsync(ct))
            stored.Add(new(reader.GetInt64(0), AreaNames.ParseLevel(reader.GetString(1))!.Value,
                reader.IsDBNull(2) ? null : AreaNames.ParseLayer(reader.GetString(2)), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), wkb.Read(reader.GetFieldValue<byte[]>(5))));
        return stored;
    }

    const string InsertSql = """
        INSERT INTO areas (level, layer, code, name, parent_id, population, boundary)
        SELECT @level, t.layer, t.code, t.name, t.parent_id, t.population, ST_GeomFromWKB(t.wkb, 4326)
        FROM unnest(@layers::text[], @codes::text[], @names::text[], @parentIds::bigint[], @populations::integer[], @boundaries::bytea[])
             AS t(layer, code, name, parent_id, population, wkb)
        RETURNING id, layer, code
        """;

    /// <summary>One INSERT per level and batch, so that each batch's parents already have their ids.</summary>
    internal static async Task<IReadOnlyList<long>> WriteAsync(NpgsqlConnection conn, IReadOnlyList<ImportedArea> areas, IProgress<ImportProgress>? progress,
        CancellationToken ct)
    {
        var ids = new Dictionary<int, long>(areas.Count); // feature index → new id
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false);
        var written = 0;
        foreach (var batch in areas.GroupBy(a => a.Level).SelectMany(level => level.Chunk(BatchSize)))
        {
            await using var cmd = conn.Command(InsertSql,
                ("level", batch[0].Level.Name()), ("layers", batch.Select(a => a.Layer?.Name()).ToArray()),
                ("codes", batch.Select(a => a.Code).ToArray()), ("names", batch.Select(a => a.Name).ToArray()),
                ("parentIds", batch.Select(a => a.ParentIndex is { } i ? ids[i] : a.ParentId).ToArray()),
                ("populations", batch.Select(a => a.Population).ToArray()), ("boundaries", batch.Select(a => wkb.Write(a.Boundary)).ToArray()));
            cmd.CommandTimeout = 0; // bounded by the import's limits, not by the clock
            var indexOf = batch.ToDictionary(a => (a.Layer?.Name(), a.Code), a => a.Index);
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    ids[indexOf[(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2))]] = reader.GetInt64(0);
            written += batch.Length;
            progress?.Report(new("writing", written, areas.Count));
        }
        return [.. ids.Values];
    }
}
