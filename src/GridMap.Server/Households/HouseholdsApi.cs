namespace GridMap.Server.Households;

/// <summary>
/// Party-member households (党员户) in the caller's area as GeoJSON points; the grid is derived
/// from the location. Names and phones are masked unless the caller's role needs them, and
/// every unmasked read is recorded.
/// </summary>
public static class HouseholdsApi
{
    public static void MapHouseholds(this IEndpointRouteBuilder app)
    {
        var households = app.MapGroup("/api/households").WithTags("households").RequireAuthorization(Access.Households);
        households.MapGet("/", List);
        households.MapRecordEdits(Access.EditHouseholds, HouseholdEdits.Writes, HouseholdEdits.Retire);
    }

    /// <summary>
    /// A page at a time in id order; <c>ids</c> keeps those named (<see cref="IdList"/>), <c>q</c>
    /// those found by id or, for a caller who sees names, by name (<see cref="NameSearch"/>). An
    /// unmasked read records the page's households.
    /// </summary>
    static async Task<Results<FeatureStream, ValidationProblem>> List(NpgsqlDataSource db, Caller caller, string? bbox, string? ids, string? q,
        string? limit, string? after, CancellationToken ct)
    {
        var (list, listError) = RecordListQuery.Parse(ids, q, bbox, limit, after);
        if (listError is not null) return listError;
        (string, object?)[] parameters = [AreaScope.Parameter(caller), .. list.Parameters];
        var visible = $"{AreaScope.Filter("grid_id")} AND {RecordListQuery.Filter("location", caller.SeesPersonalData ? "name" : null)}";
        if (caller.SeesPersonalData)
            await PersonalDataReads.RecordAsync(db, caller, "GET /api/households",
                $"SELECT id FROM households WHERE {visible} ORDER BY id LIMIT @rows - 1", parameters, ct);
        return new FeatureStream(db, list.Page, $"""
            SELECT h.id, ST_AsGeoJSON(h.*, 'location', 7) FROM (
                SELECT id, mask_name(name, @seesPersonalData) AS name, members, kind, mask_phone(phone, @seesPersonalData) AS phone, grid_id AS "gridId", version, location
                FROM households WHERE {visible} {Page.OrderAndLimit("id")}) h
            """, [.. parameters, ("seesPersonalData", caller.SeesPersonalData)]);
    }
}
