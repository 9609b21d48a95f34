using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.IO;

namespace GridMap.Server.Territory;

/// <summary>
/// <c>POST /api/areas/changes</c>: new boundaries for grids of the caller's area, as a GeoJSON
/// FeatureCollection whose features name their area by <c>id</c>, and new grids (a feature without
/// <c>id</c>, with <c>code</c>, <c>name</c> and optionally <c>layer</c>, whose code names a community
/// of the caller's area), applied all or nothing. A new grid is mostly cut out of existing ones, so
/// the same change carries their new shapes. The grids are checked by the import's rules
/// (<see cref="AreaImport.Validate"/>: inside the parent, no overlap, no gap, codes unique), each
/// changed grid standing in for its stored self; a refusal names every
/// problem and carries the conflicts (overlaps, gaps, parts outside the parent) as a
/// FeatureCollection for the map to draw. An accepted change closes each old boundary into
/// <c>area_versions</c> (Sql/area_versions.sql) and moves the households whose grid changed,
/// recorded in data_changes with the reason 'boundary change'. Cases keep the grid they were
/// reported in: that is where they happened, and where KPIs count them.
/// </summary>
public static class AreaChanges
{
    /// <summary>Grids one change may reshape: a community's worth and more; a redistricting goes through the import.</summary>
    public const int MaxFeatures = 500;
    public const string Reason = "boundary change";

    public sealed record ChangeProblem(int Index, long? Id, string? Code, string Field, string Reason);
    public sealed record AreaChangeSummary(IReadOnlyList<long> Changed, IReadOnlyList<long> Created, int HouseholdsMoved, DateTimeOffset ValidFrom);

    public static async Task<Results<Ok<AreaChangeSummary>, ProblemHttpResult>> Apply(
        [FromBody] JsonElement body, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        IReadOnlyList<GeoJsonFeature> features;
        try { features = GeoJson.ReadFeatureCollection(body); }
        catch (GeoJsonException e) { return TypedResults.Problem(title: "The body is not a GeoJSON FeatureCollection", detail: e.Message, statusCode: 400); }
        if (features.Count == 0) return TypedResults.Problem(title: "Nothing to change", detail: "the FeatureCollection has no features", statusCode: 400);
        if (features.Count > MaxFeatures)
            return TypedResults.Problem(title: "Too many grids", statusCode: 400,
                detail: $"the FeatureCollection has {features.Count} features; a change reshapes at most {MaxFeatures} grids: use the import for a redistricting");

        var problems = new List<ChangeProblem>();
        var ids = body.GetProperty("features").EnumerateArray().Select((f, i) => FeatureId(f, i, problems)).ToArray();
        var unreadableIds = problems.Select(p => p.Index).ToHashSet();
        foreach (var twice in ids.Select((id, i) => (id, i)).Where(x => x.id is not null).GroupBy(x => x.id).Where(g => g.Count() > 1))
            foreach (var (id, i) in twice.Skip(1))
                problems.Add(new(i, id, null, "id", $"area {id} is named by feature {twice.First().i} already"));

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, caller.Username, Reason, ct);
        // Imports and changes run one at a time: the checks read stored areas that the write must find unchanged.
        await using (var lockCmd = conn.Command("SELECT pg_advisory_xact_lock(@key)", ("key", AreaImporter.ImportLock)))
        {
            lockCmd.CommandTimeout = 0;
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        var known = await GridsAsync(conn, caller, [.. ids.OfType<long>()], ct);
        var communities = await CommunitiesAsync(conn, caller, [.. features.Where((_, i) => ids[i] is null).Select(NewGrid.ParentCode).OfType<string>()], ct);
        var candidates = new List<GeoJsonFeature>();
        for (var i = 0; i < features.Count; i++)
        {
            if (unreadableIds.Contains(i)) continue;
            if (ids[i] is not { } id)
            {
                if (NewGrid.Properties(features[i], i, communities, problems) is { } properties) candidates.Add(features[i] with { Properties = properties });
            }
            else if (!known.TryGetValue(id, out var area))
                problems.Add(new(i, id, null, "id", $"there is no area {id} in your area"));
            else if (area.Level != AreaLevel.Grid.Name())
                problems.Add(new(i, id, area.Code, "id", $"area {id} is a {area.Level}: only grids are reshaped here; other levels change through the import"));
            else
                candidates.Add(features[i] with { Properties = area.Properties });
        }
        if (problems.Count > 0) return Refused(problems, [], features.Count);

        // Each changed grid stands in for its stored self; its neighbours and parent are checked as stored.
        var changedIds = known.Keys.ToHashSet();
        var stored = (await AreaImporter.StoredAreasAsync(conn, AreaImport.CodesToLookUp(candidates), ct)).Where(a => !changedIds.Contains(a.Id)).ToList();
        var result = AreaImport.Validate(candidates, stored);
        if (!result.Accepted)
        {
            var refused = result.Problems.Select(p => (Problem: new ChangeProblem(p.Index, ids[p.Index], p.Code, p.Field, p.Reason), p.Where)).ToList();
            return Refused([.. refused.Select(r => r.Problem)], refused, features.Count);
        }

        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false);
        var reshaped = result.Areas.Where(a => ids[a.Index] is not null).ToList();
        await using (var update = conn.Command("""
            UPDATE areas a SET boundary = ST_GeomFromWKB(n.wkb, 4326)
            FROM unnest(@ids::bigint[], @boundaries::bytea[]) AS n(id, wkb) WHERE a.id = n.id
            """, ("ids", reshaped.Select(a => ids[a.Index]!.Value).ToArray()), ("boundaries", reshaped.Select(a => wkb.Write(a.Boundary)).ToArray())))
            await update.ExecuteNonQueryAsync(ct);
        // New grids are written as an import writes areas; they are in force from this transaction (areas.valid_from).
        var created = await AreaImporter.WriteAsync(conn, [.. result.Areas.Where(a => ids[a.Index] is null)], progress: null, ct);
        changedIds.UnionWith(created);
        // A household's grid is derived from where it lies; only those on the changed grids can move.
        int moved;
        await using (var reassign = conn.Command("""
            UPDATE households h SET grid_id = grid_at(h.location)
            WHERE (h.grid_id = ANY(@ids) OR h.location && (SELECT ST_Extent(boundary) FROM areas WHERE id = ANY(@ids))::geometry)
              AND h.grid_id IS DISTINCT FROM grid_at(h.location)
            """, ("ids", changedIds.ToArray())))
            moved = await reassign.ExecuteNonQueryAsync(ct);
        DateTimeOffset validFrom;
        await using (var now = conn.Command("SELECT transaction_timestamp()"))
            validFrom = (DateTime)(await now.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new AreaChangeSummary([.. known.Keys.Order()], [.. created.Order()], moved, validFrom));
    }

    /// <summary>A day (its start in China Standard Time, as the district keeps its dates) or a time with its offset.</summary>
    public static DateTimeOffset? ParseAt(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), WorkingClock.ChinaStandardTime);
        return text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && HasOffset(text) ? t : null;
    }

    static bool HasOffset(string text) => text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T');

    /// <summary>The area a feature reshapes; null for a new grid (no <c>id</c>) and for an id that is none (a problem).</summary>
    static long? FeatureId(JsonElement feature, int index, List<ChangeProblem> problems)
    {
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null) return null;
        if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var n)) return n;
        if (id.ValueKind == JsonValueKind.String && long.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return s;
        problems.Add(new(index, null, null, "id", "a feature names the area it reshapes by its id (the feature's \"id\"), or has none for a new grid"));
        return null;
    }

    /// <summary>The codes of the communities of the caller's area among those named.</summary>
    static async Task<HashSet<string>> CommunitiesAsync(NpgsqlConnection conn, Caller caller, string[] codes, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (codes.Length == 0) return found;
        await using var cmd = conn.Command($"""
            SELECT code FROM areas WHERE code = ANY(@codes) AND level = 'community' AND {AreaScope.Filter("id")}
            """, ("codes", codes), AreaScope.Parameter(caller));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found.Add(r.GetString(0));
        return found;
    }

    sealed record KnownArea(string Level, string Code, JsonElement Properties);

    /// <summary>The areas named that lie in the caller's area, with the properties the import's checks read.</summary>
    static async Task<Dictionary<long, KnownArea>> GridsAsync(NpgsqlConnection conn, Caller caller, long[] ids, CancellationToken ct)
    {
        await using var cmd = conn.Command($"""
            SELECT id, level, code, json_build_object('level', level, 'layer', layer, 'code', code, 'name', name, 'population', population)::text
            FROM areas WHERE id = ANY(@ids) AND {AreaScope.Filter("id")}
            FOR UPDATE
            """, ("ids", ids), AreaScope.Parameter(caller));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var known = new Dictionary<long, KnownArea>();
        while (await r.ReadAsync(ct))
            known[r.GetInt64(0)] = new(r.GetString(1), r.GetString(2), JsonDocument.Parse(r.GetString(3)).RootElement.Clone());
        return known;
    }

    /// <summary>400 naming every problem, with the conflicts as GeoJSON features; nothing was written.</summary>
    static ProblemHttpResult Refused(List<ChangeProblem> problems, List<(ChangeProblem Problem, NetTopologySuite.Geometries.Geometry? Where)> located, int features)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var (p, where) in located.Where(l => l.Where is { IsEmpty: false }))
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WritePropertyName("geometry");
                GeoJson.WriteGeometry(w, where!);
                w.WriteStartObject("properties");
                w.WriteNumber("index", p.Index);
                if (p.Id is { } id) w.WriteNumber("id", id);
                w.WriteString("code", p.Code);
                w.WriteString("reason", p.Reason);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var conflicts = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The boundary change was refused",
            Detail = $"{problems.Count} problem(s) in {problems.Select(p => p.Index).Distinct().Count()} of {features} features; nothing was written",
            Extensions = { ["errors"] = problems, ["conflicts"] = conflicts },
        });
    }
}
