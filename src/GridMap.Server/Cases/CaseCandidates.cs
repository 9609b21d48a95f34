namespace GridMap.Server.Cases;

/// <summary>
/// Whom a grid leader can send: on-duty staff with a known location, the case's own grid first,
/// then the grids bordering it, then anyone else within the radius; nearest first within each
/// tier. Distances are metres on the spheroid (PostGIS geography). Only staff whose home grid
/// is in the caller's area: a grid leader assigns within its grid.
/// </summary>
public static class CaseCandidates
{
    public const double DefaultRadiusMetres = 3000;
    public const double MaxRadiusMetres = 50_000;

    /// <param name="Tier">own_grid, neighbouring_grid or nearby.</param>
    public sealed record Candidate(long Id, string Name, string Role, long HomeGridId, string HomeGridName, string Tier,
        double DistanceMetres, double Lon, double Lat, DateTimeOffset? LocatedAt);

    static readonly string[] Tiers = ["own_grid", "neighbouring_grid", "nearby"];

    public static async Task<Results<Ok<List<Candidate>>, ProblemHttpResult, ValidationProblem>> Rank(
        long id, Caller caller, NpgsqlDataSource db, string? radiusMetres, CancellationToken ct)
    {
        var radius = DefaultRadiusMetres;
        if (radiusMetres is not null && !QueryNumbers.TryParse(radiusMetres, out radius) || radius is <= 0 or > MaxRadiusMetres)
            return Problems.Invalid("radiusMetres", $"radiusMetres must be a number more than 0 and at most {MaxRadiusMetres}");
        if (!await CaseAccess.SeesAsync(db, caller, id, ct)) return Problems.NotFound("case", $"There is no case {id}.");

        await using var cmd = db.Command($"""
            WITH c AS (
                SELECT c.location::geography AS here, c.grid_id, g.boundary AS grid
                FROM cases c LEFT JOIN areas g ON g.id = c.grid_id WHERE c.id = @id),
            ranked AS (
                SELECT s.id, s.name, s.role, s.home_grid_id, home.name AS home_name,
                       CASE WHEN s.home_grid_id = c.grid_id THEN 0
                            WHEN ST_Intersects(home.boundary, c.grid) THEN 1
                            ELSE 2 END AS tier,
                       ST_Distance(s.location::geography, c.here) AS metres,
                       ST_X(s.location) AS lon, ST_Y(s.location) AS lat, s.located_at
                FROM c, staff s JOIN areas home ON home.id = s.home_grid_id
                WHERE s.on_duty AND s.location IS NOT NULL AND {AreaScope.Filter("s.home_grid_id")})
            SELECT * FROM ranked WHERE tier < 2 OR metres <= @radius
            ORDER BY tier, metres, id
            """, ("id", id), ("radius", radius), AreaScope.Parameter(caller));
        var candidates = new List<Candidate>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            candidates.Add(new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), Tiers[r.GetInt32(5)],
                r.GetDouble(6), r.GetDouble(7), r.GetDouble(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9)));
        return TypedResults.Ok(candidates);
    }
}
