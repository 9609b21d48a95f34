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

    /// <summary>
    /// Areas, residents and households. The residents are spread over the grids (CPU only) on
    /// another thread while the households are read, so the two overlap on a machine's cores;
    /// <paramref name="areasRead"/> is told the areas as soon as they are read.
    /// </summary>
    public static async Task<CoverageTerritory> LoadAsync(NpgsqlConnection conn, ILogger log, CancellationToken ct,
        Action<IReadOnlyList<PlannerArea>>? areasRead = null)
    {
        var clock = Stopwatch.StartNew();
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
        long areasMs = clock.ElapsedMilliseconds;
        areasRead?.Invoke(areas);

        var spreading = Task.Run(() =>
        {
            var spreadClock = Stopwatch.StartNew();
            var grids = Enumerable.Range(0, areas.Count).Where(i => areas[i].Level == "grid").ToArray();
            var spread = ResidentSamples.Spread(grids.Select(g => areas[g].Boundary).ToList(), grids.Select(g => areas[g].Population).ToList());
            var residents = spread with { Grid = spread.Grid.Select(g => grids[g]).ToArray() };
            long spreadMs = spreadClock.ElapsedMilliseconds;
            var index = residents.Index();
            log.LogDebug("Coverage residents: {Points} points spread in {SpreadMs} ms, indexed in {IndexMs} ms", residents.Count, spreadMs, spreadClock.ElapsedMilliseconds - spreadMs);
            return (residents, index, spreadClock.ElapsedMilliseconds);
        }, ct);
        var households = await HouseholdsAsync(conn, indexOf, ct);
        long householdsMs = clock.ElapsedMilliseconds - areasMs;
        var (residents, residentIndex, residentsMs) = await spreading;
        log.LogDebug("Coverage territory in {Ms} ms: areas read in {AreasMs} ms; then at once households read and indexed in {HouseholdsMs} ms, residents spread and indexed in {ResidentsMs} ms",
            clock.ElapsedMilliseconds, areasMs, householdsMs, residentsMs);
        return Of(areas, parent, indexOf, households, residents, residentIndex);
    }

    /// <summary>
    /// The same areas and residents with the households read again: what a write of households
    /// alone changes (the residents depend on the areas only).
    /// </summary>
    public async Task<CoverageTerritory> WithHouseholdsAsync(NpgsqlConnection conn, ILogger log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var households = await HouseholdsAsync(conn, IndexOfId, ct);
        log.LogDebug("Coverage households read and indexed again in {Ms} ms", clock.ElapsedMilliseconds);
        return Of(Areas, Parent, IndexOfId, households, Residents, ResidentIndex);
    }

    static CoverageTerritory Of(IReadOnlyList<PlannerArea> areas, int[] parent, IReadOnlyDictionary<long, int> indexOf,
        HouseholdRows households, ResidentSamples residents, CoverageIndex residentIndex) => new()
    {
        Areas = areas, Parent = parent, IndexOfId = indexOf,
        HouseholdIds = households.Ids, HouseholdLon = households.Lon, HouseholdLat = households.Lat, Members = households.Members,
        HouseholdGrid = households.Grid, Households = households.Index,
        Residents = residents, ResidentIndex = residentIndex,
    };

    sealed record HouseholdRows(long[] Ids, double[] Lon, double[] Lat, int[] Members, int[] Grid, CoverageIndex Index);

    static async Task<HouseholdRows> HouseholdsAsync(NpgsqlConnection conn, IReadOnlyDictionary<long, int> indexOf, CancellationToken ct)
    {
        var (ids, lon, lat, members, grid) = (new List<long>(), new List<double>(), new List<double>(), new List<int>(), new List<int>());
        await using (var cmd = conn.Command("SELECT id, ST_X(location), ST_Y(location), members, grid_id FROM households ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                ids.Add(r.GetInt64(0)); lon.Add(r.GetDouble(1)); lat.Add(r.GetDouble(2)); members.Add(r.GetInt32(3));
                grid.Add(!r.IsDBNull(4) && indexOf.TryGetValue(r.GetInt64(4), out var g) ? g : -1);
            }
        double[] lons = [.. lon], lats = [.. lat];
        int[] people = [.. members];
        return new HouseholdRows([.. ids], lons, lats, people, [.. grid], CoverageIndex.Build(lons, lats, people));
    }
}
