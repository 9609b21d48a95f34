namespace GridMap.Server.Stations;

/// <summary>Party-mass service centres and stations (党群服务中心/站) of the caller's area, with their service radius.</summary>
public static class StationsApi
{
    public static void MapStations(this IEndpointRouteBuilder app)
    {
        var stations = app.MapGroup("/api/stations").WithTags("stations").RequireAuthorization(Access.Territory);
        stations.MapGet("/", List);
        stations.MapRecordEdits(Access.EditStations, StationEdits.Writes, StationEdits.Close);
    }

    /// <summary>A page at a time in id order; <c>ids</c> keeps those named (<see cref="IdList"/>), <c>q</c> those found by id or name (<see cref="NameSearch"/>).</summary>
    static Results<FeatureStream, ValidationProblem> List(NpgsqlDataSource db, Caller caller, string? bbox, string? ids, string? q, string? limit, string? after)
    {
        var (list, listError) = RecordListQuery.Parse(ids, q, bbox, limit, after);
        if (listError is not null) return listError;
        return new FeatureStream(db, list.Page, $"""
            SELECT s.id, ST_AsGeoJSON(s.*, 'location', 7) FROM (
                SELECT id, name, level, status, radius_m AS "radiusM", opening_hours AS "openingHours",
                       services, area_id AS "areaId", version, location
                FROM service_stations WHERE {AreaScope.Filter("area_id")} AND {RecordListQuery.Filter("location", "name")}
                {Page.OrderAndLimit("id")}) s
            """, [AreaScope.Parameter(caller), .. list.Parameters]);
    }
}
