using GridMap.Server.Territory;
using NetTopologySuite.Geometries;

namespace GridMap.Server.Coverage;

/// <summary>
/// The planner's questions: which Party-member households and residents lie within some service
/// station's radius (straight line or walking), where they are not, the covered ground, where k new
/// stations would cover most, and accepting a suggestion as a planned station.
/// </summary>
public static class CoverageApi
{
    public static IServiceCollection AddCoverage(this IServiceCollection services) =>
        services.AddSingleton<CoverageCache>().AddSingleton<CoveragePlanner>().AddSingleton<PlanningJobs>()
            .AddSingleton<CoverageWarmer>().AddHostedService(sp => sp.GetRequiredService<CoverageWarmer>());

    public static void MapCoverage(this IEndpointRouteBuilder app)
    {
        var coverage = app.MapGroup("/api/coverage").WithTags("coverage").RequireAuthorization(Access.Coverage);
        coverage.MapGet("/", Get);
        coverage.MapGet("/uncovered", Uncovered);
        coverage.MapGet("/uncovered/points", UncoveredPoints);
        coverage.MapGet("/shape", Shape);
        coverage.MapGet("/report.csv", CoverageCsv.Report);
        coverage.MapPost("/suggest", SiteSuggestion.Suggest);
        coverage.MapPost("/accept", PlannedStations.Accept);
        coverage.MapDelete("/planned/{id:long}", PlannedStations.Withdraw);
    }

    public sealed record CoverageView(AreaRef Area, string Mode, string StationLevel, bool IncludePlanned, double? RadiusM, int Stations,
        Tally Households, Tally Members, Tally? Residents, IReadOnlyList<CoverageRow> Rows);

    public static CoverageView View(CoverageScope scope)
    {
        var (totals, rows) = CoverageRows.Of(scope.State.Territory, scope.Area, scope.Measured);
        var p = scope.Parameters;
        return new CoverageView(AreaRef.Of(scope.AreaInfo), p.Walking ? "walking" : "straight", p.Filter.Level, p.Filter.IncludePlanned,
            p.RadiusM, scope.Stations.Count, totals.Households, totals.Members, totals.Residents, rows);
    }

    static Task<Results<Ok<CoverageView>, ValidationProblem, ProblemHttpResult>> Get(
        [AsParameters] CoverageQuery q, Caller caller, CoveragePlanner planner, CancellationToken ct) =>
        planner.AnswerAsync(q, caller, scope => TypedResults.Ok(View(scope)), ct);

    /// <summary>
    /// The area's households outside every station's reach as GeoJSON points, with only their id
    /// and grid: no names, phones or membership, which this map layer does not need.
    /// </summary>
    static Task<Results<GeoJsonResult, ValidationProblem, ProblemHttpResult>> Uncovered(
        [AsParameters] CoverageQuery q, Caller caller, CoveragePlanner planner, CancellationToken ct) =>
        planner.AnswerAsync(q, caller, UncoveredHouseholds, ct);

    static GeoJsonResult UncoveredHouseholds(CoverageScope scope)
    {
        var t = scope.State.Territory;
        return new GeoJsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (int i in UncoveredIndexes(scope))
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WritePropertyName("geometry");
                GeoJson.WriteGeometry(w, GeoJson.Wgs84.CreatePoint(new Coordinate(t.HouseholdLon[i], t.HouseholdLat[i])));
                w.WriteStartObject("properties");
                w.WriteNumber("id", t.HouseholdIds[i]);
                w.WriteNumber("gridId", t.Areas[t.HouseholdGrid[i]].Id);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The same households as <c>/uncovered</c> in a form a page parses in a fraction of the time
    /// (a city district's tens of thousands of GeoJSON features are megabytes of objects):
    /// <c>ids</c>, and <c>lonLat</c> holding each one's longitude and latitude in turn, rounded to
    /// 1e-6° (about 0.1 m, far below a dot on the map).
    /// </summary>
    static Task<Results<Ok<UncoveredPointsView>, ValidationProblem, ProblemHttpResult>> UncoveredPoints(
        [AsParameters] CoverageQuery q, Caller caller, CoveragePlanner planner, CancellationToken ct) =>
        planner.AnswerAsync(q, caller, scope => TypedResults.Ok(UncoveredPointsView.Of(scope)), ct);

    public sealed record UncoveredPointsView(long[] Ids, double[] LonLat)
    {
        public static UncoveredPointsView Of(CoverageScope scope)
        {
            var t = scope.State.Territory;
            var indexes = UncoveredIndexes(scope).ToArray();
            var lonLat = new double[indexes.Length * 2];
            for (int k = 0; k < indexes.Length; k++)
            {
                lonLat[2 * k] = Math.Round(t.HouseholdLon[indexes[k]], 6);
                lonLat[2 * k + 1] = Math.Round(t.HouseholdLat[indexes[k]], 6);
            }
            return new UncoveredPointsView(indexes.Select(i => t.HouseholdIds[i]).ToArray(), lonLat);
        }
    }

    /// <summary>The households (indexes into the territory) in the area, in a grid, outside every station's reach.</summary>
    static IEnumerable<int> UncoveredIndexes(CoverageScope scope)
    {
        var t = scope.State.Territory;
        var covered = scope.Measured.Households;
        for (int i = 0; i < t.HouseholdIds.Length; i++)
        {
            int grid = t.HouseholdGrid[i];
            if (grid >= 0 && !covered.IsCovered(i) && t.IsWithin(grid, scope.Area)) yield return i;
        }
    }

    /// <summary>
    /// One GeoJSON Feature: by straight line, the covered ground in the area (a dissolved
    /// MultiPolygon or Polygon); on foot, the parts of the roads within reach (MultiLineString).
    /// </summary>
    static Task<Results<GeoJsonResult, ValidationProblem, ProblemHttpResult>> Shape(
        [AsParameters] CoverageQuery q, Caller caller, CoveragePlanner planner, CancellationToken ct) =>
        planner.AnswerAsync(q, caller, async scope => ShapeFeature(scope, await planner.ShapeAsync(scope)), ct);

    static GeoJsonResult ShapeFeature(CoverageScope scope, Geometry shape)
    {
        return new GeoJsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WritePropertyName("geometry");
            if (shape.IsEmpty) WriteEmpty(w, scope.Reach is null ? "MultiPolygon" : "MultiLineString");
            else GeoJson.WriteGeometry(w, shape);
            w.WriteStartObject("properties");
            w.WriteNumber("areaId", scope.AreaInfo.Id);
            w.WriteString("mode", scope.Reach is null ? "straight" : "walking");
            if (scope.Parameters.RadiusM is double r) w.WriteNumber("radiusM", r); else w.WriteNull("radiusM");
            w.WriteNumber("stations", scope.Stations.Count);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    static void WriteEmpty(Utf8JsonWriter w, string type)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteStartArray("coordinates");
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
