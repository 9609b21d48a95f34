using GridMap.Server.Cases;
using Microsoft.AspNetCore.Mvc;

namespace GridMap.Server.Export;

/// <summary>
/// A whole layer the caller may read, as a file for GIS programs and spreadsheets: the rows the
/// layer's list shows this caller (same area rule, masking and filters), without pages, streamed
/// as PostgreSQL returns them (<see cref="ExportFile"/>).
/// </summary>
public static class ExportApi
{
    public static void MapExport(this IEndpointRouteBuilder app) =>
        // Which layers a role may export is the layer's own policy, checked by the handler.
        app.MapGroup("/api/export").WithTags("export").RequireAuthorization(p => p.RequireAuthenticatedUser())
            .MapGet("/{layer}.{format}", Export);

    /// <param name="layer">cases, kpis, households, stations or areas.</param>
    /// <param name="format">csv, geojson or gpkg.</param>
    static async Task<Results<ExportFile, ValidationProblem, ProblemHttpResult>> Export(
        [FromRoute(Name = "layer")] string layerName, string format, HttpRequest request, Caller caller, NpgsqlDataSource db,
        CaseCatalogue catalogue, TimeProvider time, string? bbox, long? areaId, string? status, string? category,
        DateTimeOffset? from, DateTimeOffset? to, bool? overdue, string? level, [FromQuery(Name = "layer")] string? gridLayer, string? by, CancellationToken ct)
    {
        if (ExportLayer.Find(layerName) is not { } layer)
            return Problems.NotFound("layer", $"There is no layer '{layerName}' to export; one of {string.Join(", ", ExportLayer.All.Select(l => l.Name))}.");
        if (ExportFormats.Find(format) is not { } fileFormat)
            return Problems.Invalid("format", $"format must be one of {string.Join(", ", ExportFormats.All)}");
        if (!Access.May(caller.Role, layer.Policy))
            return TypedResults.Problem(title: "Not for your role", statusCode: StatusCodes.Status403Forbidden,
                detail: $"Your role may not read {layer.Name}.");
        if (request.Query.Keys.FirstOrDefault(k => !layer.Filters.Contains(k)) is { } unknown)
            return Problems.Invalid(unknown, $"{layer.Name} filters by {(layer.Filters.Count == 0 ? "nothing" : string.Join(", ", layer.Filters))}, not {unknown}");
        var (box, boxError) = Bbox.Parse(bbox);
        if (boxError is not null) return Problems.Invalid("bbox", boxError);

        (string Sql, (string, object?)[] Parameters) rows;
        if (layer == ExportLayer.Cases)
        {
            var (filter, parameters, error) = await CasesApi.FiltersAsync(db, catalogue, areaId, status, category, from, to, overdue, ct);
            if (error is not null) return error;
            rows = ($"""
                SELECT s.id AS ord, s.id, s.snapshot AS properties, s.location AS geom FROM case_snapshots s
                WHERE {filter} AND {Bbox.Filter("s.location")} AND {CaseAccess.Filter("s.")}
                """, [.. parameters, .. Bbox.Parameters(box), .. CaseAccess.Parameters(caller)]);
        }
        else if (layer == ExportLayer.Kpis)
        {
            if (by is not null && by != "grid" && by != "area") return Problems.Invalid("by", "by must be grid or area");
            var (period, invalid, refused) = await KpiApi.PeriodAsync(db, caller, time, areaId, from, to, ct);
            if (invalid is not null) return invalid;
            if (refused is not null) return refused;
            var groups = KpiApi.Ranked(await KpiApi.CountAsync(db, by ?? "grid", period.AreaId, period.Start, period.End, period.AsOf, ct), catalogue)
                .Where(g => g.Key.Length > 0)
                .Select(g => new KpiRow(g.Rank, long.Parse(g.Key, System.Globalization.CultureInfo.InvariantCulture), g.Figures));
            rows = ("""
                SELECT k.rank AS ord, a.id, jsonb_build_object('rank', k.rank, 'areaId', a.id, 'level', a.level, 'code', a.code, 'name', a.name) || k.figures AS properties,
                       a.boundary AS geom
                FROM jsonb_to_recordset(@groups::jsonb) AS k(rank int, "areaId" bigint, figures jsonb) JOIN areas a ON a.id = k."areaId"
                """, [("groups", JsonSerializer.Serialize(groups, JsonSerializerOptions.Web))]);
        }
        else if (layer == ExportLayer.Households)
        {
            var visible = $"{AreaScope.Filter("h.grid_id")} AND {Bbox.Filter("h.location")}";
            (string, object?)[] parameters = [AreaScope.Parameter(caller), .. Bbox.Parameters(box)];
            if (caller.SeesPersonalData)
                await PersonalDataReads.RecordAsync(db, caller, $"GET /api/export/households.{fileFormat}",
                    $"SELECT h.id FROM households h WHERE {visible}", parameters, ct);
            rows = ($"""
                SELECT h.id AS ord, h.id, jsonb_build_object('id', h.id, 'name', mask_name(h.name, @seesPersonalData),
                           'phone', mask_phone(h.phone, @seesPersonalData), 'kind', h.kind, 'members', h.members,
                           'grid', g.code, 'gridId', h.grid_id) AS properties, h.location AS geom
                FROM households h LEFT JOIN areas g ON g.id = h.grid_id WHERE {visible}
                """, [.. parameters, ("seesPersonalData", caller.SeesPersonalData)]);
        }
        else if (layer == ExportLayer.Stations)
            rows = ($"""
                SELECT s.id AS ord, s.id, jsonb_build_object('id', s.id, 'name', s.name, 'level', s.level, 'status', s.status,
                           'radiusM', s.radius_m, 'openingHours', s.opening_hours, 'services', to_jsonb(s.services), 'areaId', s.area_id) AS properties,
                       s.location AS geom
                FROM service_stations s WHERE {Bbox.Filter("s.location")} AND {AreaScope.Filter("s.area_id")}
                """, [.. Bbox.Parameters(box), AreaScope.Parameter(caller)]);
        else
        {
            if (level is not null && AreaNames.ParseLevel(level) is null) return Problems.Invalid("level", $"level must be one of {AreaNames.LevelList}");
            if (gridLayer is not null && AreaNames.ParseLayer(gridLayer) is null) return Problems.Invalid("layer", $"layer must be one of {AreaNames.LayerList}");
            rows = ($"""
                SELECT a.id AS ord, a.id, jsonb_build_object('id', a.id, 'level', a.level, 'layer', a.layer, 'code', a.code, 'name', a.name,
                           'parentId', a.parent_id, 'parentCode', p.code, 'population', a.population) AS properties, a.boundary AS geom
                FROM areas a LEFT JOIN areas p ON p.id = a.parent_id
                WHERE (@level::text IS NULL OR a.level = @level) AND (@layer::text IS NULL OR a.layer = @layer)
                  AND {Bbox.Filter("a.boundary")} AND {AreaScope.Filter("a.id")}
                """, [("level", level), ("layer", gridLayer), .. Bbox.Parameters(box), AreaScope.Parameter(caller)]);
        }
        var fileName = $"gridmap-{layer.Name}-{time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)):yyyyMMdd-HHmm}.{fileFormat}";
        return new ExportFile(db, layer, fileFormat, fileName, rows.Sql, rows.Parameters);
    }

    /// <summary>An area's figures as the export's SQL reads them (<c>jsonb_to_recordset</c>).</summary>
    sealed record KpiRow(int Rank, long AreaId, KpiApi.KpiFigures Figures);
}
