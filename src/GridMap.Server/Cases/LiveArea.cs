namespace GridMap.Server.Cases;

/// <summary>
/// An area a live client asks to watch, with its chain of areas up to the district
/// (<see cref="Path"/>: itself first). Two areas overlap when one lies on the other's path.
/// </summary>
public sealed record LiveArea(long Id, string Level, string? Layer, string Name, long[] Path)
{
    public bool Overlaps(LiveArea other) => Path.Contains(other.Id) || other.Path.Contains(Id);

    public override string ToString() => $"{Level} {Id} ({Name})";

    public static async Task<LiveArea?> FindAsync(NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var cmd = db.Command("""
            WITH RECURSIVE up AS (
                SELECT id, parent_id, 0 AS depth FROM areas WHERE id = @id
                UNION ALL
                SELECT a.id, a.parent_id, up.depth + 1 FROM areas a JOIN up ON a.id = up.parent_id)
            SELECT level, layer, name, (SELECT array_agg(id ORDER BY depth) FROM up)
            FROM areas WHERE id = @id
            """, ("id", id));
        await using var row = await cmd.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct)) return null;
        return new(id, row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1), row.GetString(2), row.GetFieldValue<long[]>(3));
    }
}
