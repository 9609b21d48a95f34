namespace GridMap.Tests.Coverage;

/// <summary>Independent answers straight from PostGIS.</summary>
static class IndependentCoverage
{
    /// <summary>
    /// Per household in a grid: whether some admitted station covers it by ST_DWithin(geography),
    /// and whether it lies within half a metre of some admitted station's circle (where the two
    /// computations may differ).
    /// </summary>
    public const string CoveredHouseholds = """
        SELECT h.id, h.grid_id, h.members,
               EXISTS (SELECT 1 FROM service_stations s WHERE ($1 = 'all' OR s.level = $1) AND ($2 OR s.status <> 'planned')
                       AND ST_DWithin(h.location::geography, s.location::geography, coalesce($3::float8, s.radius_m))),
               EXISTS (SELECT 1 FROM service_stations s WHERE ($1 = 'all' OR s.level = $1) AND ($2 OR s.status <> 'planned')
                       AND ST_DWithin(h.location::geography, s.location::geography, coalesce($3::float8, s.radius_m) + 0.5)
                       AND abs(ST_Distance(h.location::geography, s.location::geography) - coalesce($3::float8, s.radius_m)) < 0.5)
        FROM households h WHERE h.grid_id IS NOT NULL ORDER BY h.id
        """;

    public sealed record HouseholdCoverage(long Id, long Grid, int Members, bool Covered, bool NearEdge);

    public static Task<List<HouseholdCoverage>> CoveredHouseholdsAsync(string connectionString, string level, bool includePlanned, double? radiusM) =>
        Sql.QueryAsync(connectionString, CoveredHouseholds, r => new HouseholdCoverage(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetBoolean(3), r.GetBoolean(4)),
            level, includePlanned, radiusM);
}
