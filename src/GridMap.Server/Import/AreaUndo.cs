using GridMap.Server.Territory;

namespace GridMap.Server.Import;

/// <summary>
/// Undoes an areas import: removes the areas it added (<c>imported_areas</c>, migration 080) and
/// gives the households that lay in them the grid their position is in without them, recorded in
/// data_changes as <c>undo import N</c>. An areas import only adds areas (<c>AreaImport</c> refuses
/// a code already stored), so it changed no stored boundary and there is none to restore.
/// Refused (409) unless it is the last import not yet undone, while any of its areas has been
/// reshaped since (a boundary change), or while cases, staff, stations, users or other areas
/// refer to them: cases keep the grid they were reported in, and the others were set by a person.
/// </summary>
public static class AreaUndo
{
    /// <summary>What undoing an areas import did: the areas removed, the households given another grid (or none).</summary>
    public sealed record Undone(long ImportId, int AreasRemoved, int HouseholdsMoved) : PointImporter.UndoOutcome;

    public static async Task<bool> IsAreasImportAsync(NpgsqlDataSource db, long importId, CancellationToken ct)
    {
        await using var cmd = db.Command("SELECT kind = 'areas' FROM imports WHERE id = @id", ("id", importId));
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Who refers to an area, as the refusal names them.</summary>
    const string DependentsSql = """
        SELECT 'case(s)', count(*) FROM cases
        WHERE grid_id = ANY(@ids) OR community_id = ANY(@ids) OR street_id = ANY(@ids) OR district_id = ANY(@ids)
        UNION ALL SELECT 'staff member(s)', count(*) FROM staff WHERE home_grid_id = ANY(@ids)
        UNION ALL SELECT 'station(s)', count(*) FROM service_stations WHERE area_id = ANY(@ids)
        UNION ALL SELECT 'user(s)', count(*) FROM users WHERE area_id = ANY(@ids)
        UNION ALL SELECT 'area(s) added otherwise', count(*) FROM areas WHERE parent_id = ANY(@ids) AND id <> ALL(@ids)
        """;

    public static async Task<PointImporter.UndoOutcome> UndoAsync(NpgsqlDataSource db, long importId, string actor, CancellationToken ct = default)
    {
        var reason = $"undo import {importId}";
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await DataChanges.BeginAsync(conn, actor, reason, ct);
        // Neither an import of people (which may name these grids) nor of areas, nor a boundary change, runs meanwhile.
        foreach (var key in new[] { PointImporter.ImportLock, AreaImporter.ImportLock })
            await using (var lockCmd = conn.Command("SELECT pg_advisory_xact_lock(@key)", ("key", key)))
            {
                lockCmd.CommandTimeout = 0;
                await lockCmd.ExecuteNonQueryAsync(ct);
            }

        DateTime at;
        int added;
        await using (var find = conn.Command("SELECT at, added, undone_at IS NOT NULL FROM imports WHERE id = @id AND kind = 'areas'", ("id", importId)))
        await using (var r = await find.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return new PointImporter.UndoOutcome.NotFound();
            if (r.GetBoolean(2)) return new PointImporter.UndoOutcome.Refused($"import {importId} was undone already");
            (at, added) = (r.GetDateTime(0), r.GetInt32(1));
        }
        await using (var later = conn.Command("SELECT min(id) FROM imports WHERE id > @id AND undone_at IS NULL", ("id", importId)))
            if (await later.ExecuteScalarAsync(ct) is long laterId)
                return new PointImporter.UndoOutcome.Refused($"import {laterId} came later: undo it first (only the last import can be undone)");

        long[] ids;
        await using (var mine = conn.Command("SELECT array_agg(area_id ORDER BY area_id) FROM imported_areas WHERE import_id = @id", ("id", importId)))
            ids = await mine.ExecuteScalarAsync(ct) as long[] ?? [];
        if (ids.Length < added)
            return new PointImporter.UndoOutcome.Refused($"import {importId} was made before GridMap recorded which areas an import adds: it cannot be undone");

        // A boundary change closes the import's boundary into area_versions and starts a new one.
        await using (var reshaped = conn.Command("""
            SELECT string_agg(a.code, ', ' ORDER BY a.code) FROM areas a
            WHERE a.id = ANY(@ids) AND (a.valid_from > @at OR EXISTS (SELECT 1 FROM area_versions v WHERE v.area_id = a.id))
            """, ("ids", ids), ("at", at)))
            if (await reshaped.ExecuteScalarAsync(ct) is string codes)
                return new PointImporter.UndoOutcome.Refused($"areas of import {importId} have been reshaped since ({codes}): undoing it would lose that change");

        var dependents = new List<string>();
        await using (var count = conn.Command(DependentsSql, ("ids", ids)))
        await using (var r = await count.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                if (r.GetInt64(1) > 0) dependents.Add($"{r.GetInt64(1)} {r.GetString(0)}");
        if (dependents.Count > 0)
            return new PointImporter.UndoOutcome.Refused(
                $"{string.Join(", ", dependents)} refer to areas import {importId} added: move or undo those first");

        // A household's grid is derived from its position: the grid it lies in once these areas are gone (grid_at without them).
        int moved;
        await using (var move = conn.Command("""
            UPDATE households h SET grid_id = (
                SELECT g.id FROM areas g
                WHERE g.level = 'grid' AND g.layer = 'party' AND g.id <> ALL(@ids) AND ST_Covers(g.boundary, h.location)
                ORDER BY g.id LIMIT 1)
            WHERE h.grid_id = ANY(@ids)
            """, ("ids", ids)))
        {
            move.CommandTimeout = 0;
            moved = await move.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await using var delete = conn.Command("DELETE FROM areas WHERE id = ANY(@ids)", ("ids", ids));
            delete.CommandTimeout = 0;
            await delete.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return new PointImporter.UndoOutcome.Refused($"areas import {importId} added are referred to since ({e.TableName ?? "another table"}): they cannot be removed");
        }
        await using (var mark = conn.Command("UPDATE imports SET undone_at = now(), undone_by = @actor WHERE id = @id", ("actor", actor), ("id", importId)))
            await mark.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return new Undone(importId, ids.Length, moved);
    }
}
