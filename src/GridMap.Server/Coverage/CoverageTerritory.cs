using System.Diagnostics;
using GridMap.Core.Coverage;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Coverage;

/// <summary>
/// Areas, Party-member households and residents, held in memory so that a planner's question is
/// answered without the database: households in a <see cref="CoverageIndex"/> (members as its
/// people), grid populations spread over their grids as <see cref="ResidentSamples"/>.
/// A household belongs to the Party-building grid it lies in (households.grid_id) and to that
/// grid's community, street and district; households outside every grid belong to no area.
/// </summary>
public sealed class CoverageTerritory
{
    public required IReadOnlyList<PlannerArea> Areas { get; init; }
    public required int[] Parent { get; init; }
    public required long[] HouseholdIds { get; init; }
    public required double[] HouseholdLon { get; init; }
    public required double[] HouseholdLat { get; init; }
    public required int[] Members { get; init; }
    /// <summary>Index in <see cref="Areas"/> of each household's grid, −1 for none.</summary>
    public required int[] HouseholdGrid { get; init; }
    public required CoverageIndex Households { get; init; }
    /// <summary>Resident points; their <c>Grid</c> is an index in <see cref="Areas"/>.</summary>
    public required ResidentSamples Residents { get; init; }
    public required CoverageIndex ResidentIndex { get; init; }
    public required IReadOnlyDictionary<long, int> IndexOfId { get; init; }

    public int? IndexOf(long areaId) => IndexOfId.TryGetValue(areaId, out var i) ? i : null;

    /// <summary>The district (the first, should there be several), for questions that name no area.</summary>
    public int? Root => Enumerable.Range(0, Areas.Count).Where(i => Areas[i].Level == "district").Cast<int?>().FirstOrDefault();

    /// <summary>Whether the area is the ancestor or the area itself.</summary>
    public bool IsWithin(int area, int ancestor)
    {
        for (int a = area; a >= 0; a = Parent[a])
            if (a == ancestor) return true;
        return false;
    }

    public static async Task<CoverageTerritory> LoadAsync(NpgsqlConnection conn, ILogger log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long Lap() { long ms = clock.ElapsedMilliseconds; clock.Restart(); return ms; }
        var areas = new List<PlannerArea>();
        await using (var cmd = conn.Command("""
            SELECT id, level, code, name, parent_id, population, boundary FROM areas
            WHERE level IN ('district', 'street', 'community') OR (level = 'grid' AND layer = 'party')
            ORDER BY id
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                areas.Add(new PlannerArea(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt32(5), r.GetFieldValue<Geometry>(6)));
        var indexOf = areas.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var parent = areas.Select(a => a.ParentId is long p && indexOf.TryGetValue(p, out var i) ? i : -1).ToArray();
        long areasMs = Lap();

        var (ids, lon, lat, members, grid) = (new List<long>(), new List<double>(), new List<double>(), new List<int>(), new List<int>());
        await using (var cmd = conn.Command("SELECT id, ST_X(location), ST_Y(location), members, grid_id FROM households ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                ids.Add(r.GetInt64(0)); lon.Add(r.GetDouble(1)); lat.Add(r.GetDouble(2)); members.Add(r.GetInt32(3));
                grid.Add(!r.IsDBNull(4) && indexOf.TryGetValue(r.GetInt64(4), out var g) ? g : -1);
            }
        long householdsMs = Lap();

        var grids = Enumerable.Range(0, areas.Count).Where(i => areas[i].Level == "grid").ToArray();
        var spread = ResidentSamples.Spread(grids.Select(g => areas[g].Boundary).ToList(), grids.Select(g => areas[g].Population).ToList());
        var residents = spread with { Grid = spread.Grid.Select(g => grids[g]).ToArray() };
        long spreadMs = Lap();
        var householdIndex = CoverageIndex.Build(lon.ToArray(), lat.ToArray(), members.ToArray());
        long householdIndexMs = Lap();
        var residentIndex = residents.Index();
        long residentIndexMs = Lap();
        log.LogDebug("Coverage territory: areas read in {AreasMs} ms, households read in {HouseholdsMs} ms, residents spread in {SpreadMs} ms, household index in {HouseholdIndexMs} ms, resident index in {ResidentIndexMs} ms",
            areasMs, householdsMs, spreadMs, householdIndexMs, residentIndexMs);
        return new CoverageTerritory
        {
            Areas = areas, Parent = parent, IndexOfId = indexOf,
            HouseholdIds = [.. ids], HouseholdLon = [.. lon], HouseholdLat = [.. lat], Members = [.. members], HouseholdGrid = [.. grid],
            Households = householdIndex,
            Residents = residents, ResidentIndex = residentIndex,
        };
    }
}
