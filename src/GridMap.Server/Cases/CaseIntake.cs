using GridMap.Core.Cases;
using GridMap.Server.Data;
using Npgsql;

namespace GridMap.Server.Cases;

/// <summary>A concern reported at a point, through the API or Open311, before it is checked.</summary>
public sealed record CaseReport(double? Lon, double? Lat, string? CategoryCode, string? Description, string? Reporter);

/// <summary>
/// Turns reports into cases: the areas come from the location (never typed by hand), the
/// dispatch deadline from the category, and an open case of the same category close by and
/// recent is named as a possible duplicate (the report is still accepted).
/// </summary>
public sealed class CaseIntake(NpgsqlDataSource db, CaseCatalogue catalogue, CaseClocks clocks, TimeProvider time)
{
    public const double DuplicateRadiusMetres = 50;
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);
    public const int MaxDescription = 2000;
    public const int MaxReporter = 200;

    /// <summary>Field → reason for every problem with the report; empty when it can be filed.</summary>
    public Dictionary<string, string[]> Check(CaseReport r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.Lon is not { } lon || !double.IsFinite(lon) || lon is < -180 or > 180) errors["lon"] = ["lon must be a number from −180 to 180"];
        if (r.Lat is not { } lat || !double.IsFinite(lat) || lat is < -90 or > 90) errors["lat"] = ["lat must be a number from −90 to 90"];
        if (string.IsNullOrWhiteSpace(r.CategoryCode)) errors["categoryCode"] = ["categoryCode is required"];
        else if (catalogue.FindCategory(r.CategoryCode) is null)
            errors["categoryCode"] = [$"unknown category '{r.CategoryCode}'; GET /api/case-categories lists them"];
        if (string.IsNullOrWhiteSpace(r.Description)) errors["description"] = ["description is required"];
        else if (r.Description.Trim().Length > MaxDescription) errors["description"] = [$"description is longer than {MaxDescription} characters"];
        if (r.Reporter?.Trim().Length > MaxReporter) errors["reporter"] = [$"reporter is longer than {MaxReporter} characters"];
        return errors;
    }

    /// <summary>Files a report that passed <see cref="Check"/>; null when the point lies outside every area.</summary>
    public async Task<long?> FileAsync(CaseReport r, string source, CancellationToken ct)
    {
        var category = catalogue.FindCategory(r.CategoryCode!) ?? throw new ArgumentException("Check the report first.", nameof(r));
        var now = time.GetUtcNow();
        var dispatchDue = clocks.DispatchDue(category, clocks.RegisterDue(category, now)).ToUniversalTime();
        var reporter = string.IsNullOrWhiteSpace(r.Reporter) ? null : r.Reporter.Trim();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var insert = conn.Command("""
            INSERT INTO cases (category_code, description, reporter, source, location, grid_id, community_id, street_id, district_id,
                               possible_duplicate_of, reported_at, updated_at, dispatch_due)
            SELECT $1, $2, $3, $4, p.geom, a.grid_id, a.community_id, a.street_id, a.district_id,
                   (SELECT d.id FROM cases d
                    WHERE d.category_code = $1 AND d.status NOT IN ('closed', 'voided')
                      AND d.reported_at > $7 - $9::interval AND d.reported_at <= $7
                      AND ST_DWithin(d.location::geography, p.geom::geography, $10)
                    ORDER BY ST_Distance(d.location::geography, p.geom::geography), d.id
                    LIMIT 1),
                   $7, $7, $8
            FROM (SELECT ST_SetSRID(ST_MakePoint($5, $6), 4326) AS geom) p, area_chain_at(p.geom) a
            WHERE coalesce(a.grid_id, a.community_id, a.street_id, a.district_id) IS NOT NULL
            RETURNING id
            """, category.Code, r.Description!.Trim(), reporter, source, r.Lon, r.Lat, now, dispatchDue, DuplicateWindow, DuplicateRadiusMetres);
        if (await insert.ExecuteScalarAsync(ct) is not long id) return null;
        await using (var append = conn.Command(
            "SELECT append_case_event($1, $2, 'reporter', 'report', NULL, NULL, (SELECT location FROM cases WHERE id = $1))",
            id, reporter ?? source))
            await append.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return id;
    }
}
