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
        services.AddSingleton<CoverageCache>().AddSingleton<CoveragePlanner>().AddSingleton<PlanningJobs>();

    public static void MapCoverage(this IEndpointRouteBuilder app)
    {
        var coverage = app.MapGroup("/api/coverage").WithTags("coverage").RequireAuthorization(Access.Coverage);
        coverage.MapGet("/", Get);
        coverage.MapGet("/uncovered", Uncovered);
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
        var covered = scope.Measured.Households;
        return new GeoJsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            for (int i = 0; i < t.HouseholdIds.Length; i++)
            {
                int grid = t.HouseholdGrid[i];
                if (grid < 0 || covered.IsCovered(i) || !t.IsWithin(grid, scope.Area)) continue;
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WritePropertyName("geometry");
                GeoJson.WriteGeometry(w, GeoJson.Wgs84.CreatePoint(new Coordinate(t.HouseholdLon[i], t.HouseholdLat[i])));
                w.WriteStartObject("properties");
                w.WriteNumber("id", t.HouseholdIds[i]);
                w.WriteNumber("gridId", t.Areas[grid].Id);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
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
