namespace GridMap.Server.Cases;

/// <summary>
/// Where cases gather: a heat map of an area's cases (counted per cell by PostgreSQL, so a
/// district's 200,000 cases answer as at most <see cref="CellsAcross"/>² weighted points) and the
/// recurring spots (several cases close together within a few weeks), both over the cases the
/// caller sees (<see cref="CaseAccess"/>). Voided cases (merged duplicates, reports refused at
/// registration) count in neither: they are no concern of their own.
/// </summary>
public static class HotSpotsApi
{
    /// <summary>The heat map's cells across the longer side of the area's extent.</summary>
    public const int CellsAcross = 128;
    public const int MaxDays = 90, MaxSpots = 1000, MaxCasesPerSpot = 100;
    public const double MaxRadiusM = 500;

    public static void MapHotSpots(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("cases");
        // Counts per cell, no case: a figure, as the KPIs are.
        cases.MapGet("/heat", Heat).RequireAuthorization(Access.Aggregates);
        // Each spot lists its cases.
        cases.MapGet("/recurring", Recurring).RequireAuthorization(Access.ReadCases);
    }

    /// <param name="Cell">The cell's size in degrees (lon and lat): the area's extent over <see cref="CellsAcross"/>.</param>
    /// <param name="Points">One per cell with cases: [lon, lat, cases], the point the mean of its cases' points.</param>
    public sealed record HeatMap(long? AreaId, DateTimeOffset From, DateTimeOffset To, string? Category, double Cell, int Cases, int Max,
        IReadOnlyList<double[]> Points);

    /// <summary>
    /// The area's cases reported in the period, as weighted points for a heat layer. Parameters as
    /// <c>GET /api/kpis</c> (areaId: the caller's area when absent; the last 30 days by default),
    /// and category.
    /// </summary>
    static async Task<Results<Ok<HeatMap>, ValidationProblem, ProblemHttpResult>> Heat(
        NpgsqlDataSource db, Caller caller, CaseCatalogue catalogue, TimeProvider time, long? areaId, string? category,
        DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var (period, invalid, refused) = await KpiApi.PeriodAsync(db, caller, time, areaId, from, to, ct);
        if (invalid is not null) return invalid;
        if (refused is not null) return refused;
        var (filter, parameters, error) = await CasesApi.FiltersAsync(db, catalogue, period.AreaId, null, category, period.Start, period.End, null, ct);
        if (error is not null) return error;

        await using var size = db.Command("""
            SELECT greatest(ST_XMax(e) - ST_XMin(e), ST_YMax(e) - ST_YMin(e)) / @across
            FROM (SELECT ST_Extent(boundary) AS e FROM areas WHERE CASE WHEN @areaId::bigint IS NULL THEN parent_id IS NULL ELSE id = @areaId END) x
            """, ("across", CellsAcross), ("areaId", period.AreaId));
        // An area with no extent (none at all, or a point): cells of about 100 m.
        var cell = await size.ExecuteScalarAsync(ct) is double d && d > 0 ? d : 0.001;

        await using var cmd = db.Command($"""
            SELECT avg(ST_X(s.location)), avg(ST_Y(s.location)), count(*)
            FROM case_snapshots s
            WHERE {filter} AND s.status <> @voided AND {CaseAccess.Filter("s.")}
            GROUP BY floor(ST_X(s.location) / @cell), floor(ST_Y(s.location) / @cell)
            """, [.. parameters, ("voided", CaseStatus.Voided.Code()), ("cell", cell), .. CaseAccess.Parameters(caller)]);
        var points = new List<double[]>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                points.Add([Math.Round(r.GetDouble(0), 6), Math.Round(r.GetDouble(1), 6), r.GetInt64(2)]);
        return TypedResults.Ok(new HeatMap(period.AreaId, period.Start, period.End, category, cell,
            (int)points.Sum(p => p[2]), points.Count == 0 ? 0 : (int)points.Max(p => p[2]), points));
    }

    /// <param name="Rank">1 for the spot with the most cases.</param>
    /// <param name="Lon">The centre: the centroid of the spot's cases.</param>
    /// <param name="Count">All the spot's cases.</param>
    /// <param name="Cases">The newest of them (<c>perSpot</c>, at most <see cref="MaxCasesPerSpot"/>), each as <c>GET /api/cases/{id}</c> shows it.</param>
    public sealed record Spot(int Rank, double Lon, double Lat, int Count, JsonElement Cases);

    public sealed record RecurringSpots(long? AreaId, DateTimeOffset From, DateTimeOffset AsOf, int Days, double RadiusM, int Min,
        string? Category, IReadOnlyList<Spot> Spots);

    /// <summary>
    /// Recurring spots (反复发生点位): clusters of at least <paramref name="min"/> cases each within
    /// <paramref name="radiusM"/> metres of another of them (DBSCAN, so a spot may chain a little
    /// further), reported in the last <paramref name="days"/> days; the most cases first.
    /// </summary>
    /// <param name="areaId">The area (any level, micro-grids too); all the caller sees when absent.</param>
    /// <param name="days">1 to 90 (default 30).</param>
    /// <param name="radiusM">Metres, more than 0 and at most 500 (default 50).</param>
    /// <param name="min">Cases in a spot, 2 to 100 (default 3).</param>
    /// <param name="limit">Spots answered, 1 to 1000 (default 100).</param>
    /// <param name="perSpot">Cases listed with each spot, its newest: 0 to 100 (default 100). A list of spots asks for few: each is a whole case.</param>
    static async Task<Results<Ok<RecurringSpots>, ValidationProblem, ProblemHttpResult>> Recurring(
        NpgsqlDataSource db, Caller caller, CaseCatalogue catalogue, TimeProvider time, long? areaId, string? category,
        string? days, string? radiusM, string? min, string? limit, string? perSpot, CancellationToken ct)
    {
        if (!TryInteger(days, 30, 1, MaxDays, out var dayCount)) return Problems.Invalid("days", $"days must be a whole number from 1 to {MaxDays}");
        var radius = 50.0;
        if (radiusM is not null && !QueryNumbers.TryParse(radiusM, out radius) || radius is <= 0 or > MaxRadiusM)
            return Problems.Invalid("radiusM", $"radiusM must be a number more than 0 and at most {MaxRadiusM}");
        if (!TryInteger(min, 3, 2, 100, out var minCases)) return Problems.Invalid("min", "min must be a whole number from 2 to 100");
        if (!TryInteger(limit, 100, 1, MaxSpots, out var spotLimit)) return Problems.Invalid("limit", $"limit must be a whole number from 1 to {MaxSpots}");
        if (!TryInteger(perSpot, MaxCasesPerSpot, 0, MaxCasesPerSpot, out var casesPerSpot))
            return Problems.Invalid("perSpot", $"perSpot must be a whole number from 0 to {MaxCasesPerSpot}");
        if (areaId is { } area && !await AreaScope.CoversAreaAsync(db, caller, area, ct)) return Problems.OutsideArea($"Area {area} is not in your area.");
        var asOf = time.GetUtcNow();
        var start = asOf.AddDays(-dayCount);
        var (filter, parameters, error) = await CasesApi.FiltersAsync(db, catalogue, areaId, null, category, start, null, null, ct);
        if (error is not null) return error;

        await using var conn = await db.OpenConnectionAsync(ct);
        // DBSCAN in metres, in the UTM zone of the cases' centre: its scale error is at most 0.1%
        // (5 cm in 50 m), and PostGIS keeps a transformation between SRIDs, where one to a PROJ
        // string is made again for every row (7 ms each). The snapshots are read for the spots'
        // cases only: a district's month holds tens of thousands of cases.
        await using var cmd = conn.Command($"""
            WITH recent AS (
                SELECT s.id, s.location, s.reported_at
                FROM case_snapshots s
                WHERE {filter} AND s.status <> @voided AND {CaseAccess.Filter("s.")}),
            centre AS (
                SELECT CASE WHEN ST_Y(c) >= 0 THEN 32600 ELSE 32700 END + least(60, floor((ST_X(c) + 180) / 6)::int + 1) AS utm
                FROM (SELECT ST_Centroid(ST_Extent(location)::geometry) AS c FROM recent) x),
            clustered AS (
                SELECT r.*, ST_ClusterDBSCAN(ST_Transform(r.location, centre.utm), @radius, @min) OVER () AS spot
                FROM recent r, centre),
            numbered AS (
                SELECT c.*, row_number() OVER (PARTITION BY c.spot ORDER BY c.reported_at DESC, c.id DESC) AS newest
                FROM clustered c WHERE c.spot IS NOT NULL),
            spots AS (
                SELECT spot, ST_X(ST_Centroid(ST_Collect(location))) AS lon, ST_Y(ST_Centroid(ST_Collect(location))) AS lat,
                       count(*) AS cases, min(id) AS first
                FROM numbered
                GROUP BY spot
                ORDER BY count(*) DESC, min(id)
                LIMIT @limit)
            SELECT p.lon, p.lat, p.cases,
                   coalesce((SELECT jsonb_agg(s.snapshot ORDER BY s.reported_at DESC, s.id DESC)
                             FROM numbered n JOIN case_snapshots s ON s.id = n.id
                             WHERE n.spot = p.spot AND n.newest <= @perSpot), '[]')::text
            FROM spots p
            ORDER BY p.cases DESC, p.first
            """, [.. parameters, ("voided", CaseStatus.Voided.Code()), ("radius", radius), ("min", minCases), ("perSpot", casesPerSpot),
                  ("limit", spotLimit), .. CaseAccess.Parameters(caller)]);
        var spots = new List<Spot>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                spots.Add(new(spots.Count + 1, Math.Round(r.GetDouble(0), 7), Math.Round(r.GetDouble(1), 7), (int)r.GetInt64(2), CaseAccess.Json(r.GetString(3))));
        return TypedResults.Ok(new RecurringSpots(areaId, start, asOf, dayCount, radius, minCases, category, spots));
    }

    static bool TryInteger(string? text, int fallback, int least, int most, out int value)
    {
        value = fallback;
        if (text is null) return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= least && value <= most;
    }
}
