using Microsoft.Net.Http.Headers;
using NpgsqlTypes;

namespace GridMap.Server.Tiles;

/// <summary>
/// The ETag of a tile or a TileJSON from what it is made of, known before it is made: the write
/// counters of the tables it reads (<c>data_versions</c>; for cases the live stream's counter
/// <c>live_seq</c>, as every write of a case appends an event), who asks (area, right to personal
/// data, every restriction of <c>CaseAccess</c>), the address and filters, and this build of the server (its
/// SQL and its masking). A request whose If-None-Match names it is answered 304 after one read of
/// the counters, without building the tile. Equal counters mean equal data, so two callers get
/// the same tag only when they are the same kind of caller asking for the same thing.
/// </summary>
public static class TileEtag
{
    /// <summary>The name under which <see cref="TileLayer.Versions"/> lists the cases' counter.</summary>
    public const string CaseEvents = "case_events";

    /// <summary>The counters named by @versions: name, version.</summary>
    const string CountersSql = $"""
        SELECT name, version FROM data_versions WHERE name = ANY (@versions)
        UNION ALL
        SELECT '{CaseEvents}', last FROM live_seq WHERE id = 1 AND '{CaseEvents}' = ANY (@versions)
        """;

    /// <summary>A new build may shape tiles differently (columns, masking, clustering): its tags are new as well.</summary>
    static readonly string Build = typeof(TileEtag).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    static NpgsqlParameter VersionsParameter(string[] versions) => new("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = versions };

    /// <summary>The counters of <paramref name="names"/> as one text, "areas:3,households:7" (a name without a counter: "-").</summary>
    public static string Versions(string[] names, IReadOnlyDictionary<string, long> counters) =>
        string.Join(',', names.Order(StringComparer.Ordinal).Select(n => counters.TryGetValue(n, out var v) ? FormattableString.Invariant($"{n}:{v}") : $"{n}:-"));

    /// <summary>Each counter of <paramref name="versions"/> by name, in one statement.</summary>
    public static async Task<Dictionary<string, long>> CountersAsync(NpgsqlDataSource db, string[] versions, CancellationToken ct)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        if (versions.Length == 0) return counters;
        await using var cmd = db.CreateCommand(CountersSql);
        cmd.Parameters.Add(VersionsParameter(versions));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counters[r.GetString(0)] = r.GetInt64(1);
        return counters;
    }

    /// <summary>The tag (without quotes) of what <paramref name="parts"/> describe, at the counters <paramref name="versions"/>.</summary>
    public static string Of(string versions, params object?[] parts) =>
        "v" + MvtTile.Hash(Encoding.UTF8.GetBytes(string.Join('|', [Build, versions, .. parts])));

    /// <summary>
    /// The tag of If-None-Match that names <paramref name="tag"/>: as sent, or with the <c>.gz</c> of
    /// its gzipped form (the client holds the same data either way); null when none does.
    /// </summary>
    public static EntityTagHeaderValue? Matching(HttpRequest request, string tag)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)) return null;
        foreach (var t in tags)
        {
            if (t.Equals(EntityTagHeaderValue.Any)) return new($"\"{tag}\"");
            var value = t.Tag.Value;
            if (value is not null && (value == $"\"{tag}\"" || value == $"\"{tag}.gz\"")) return new(value);
        }
        return null;
    }

    public static bool Asked(HttpRequest request) => request.Headers.IfNoneMatch.Count > 0;
}
