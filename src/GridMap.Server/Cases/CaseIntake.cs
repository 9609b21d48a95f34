using GridMap.Core.Cases;
using GridMap.Server.Data;
using GridMap.Server.Input;
using Microsoft.EntityFrameworkCore;

namespace GridMap.Server.Cases;

/// <summary>A concern reported at a point, through the API or Open311, before it is checked.</summary>
public sealed record CaseReport(double? Lon, double? Lat, string? CategoryCode, string? Description, string? Reporter);

/// <summary>
/// Turns reports into cases: the areas come from the location (never typed by hand), the
/// dispatch deadline from the category, and an open case of the same category close by and
/// recent is named as a possible duplicate (the report is still accepted).
/// </summary>
public sealed class CaseIntake(GridMapDb db, CaseCatalogue catalogue, CaseClocks clocks, TimeProvider time)
{
    public const double DuplicateRadiusMetres = 50;
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);
    public const int MaxDescription = 2000;
    public const int MaxReporter = 200;

    /// <summary>
    /// Reports filed at once by this server. Each takes the live stream's one lock to commit, so a
    /// burst of hundreds would queue on that lock inside PostgreSQL, where every hand-over costs
    /// a wake-up and throughput collapses; here they wait in line cheaply instead.
    /// </summary>
    public const int FilingAtOnce = 4;
    static readonly SemaphoreSlim Filing = new(FilingAtOnce);

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
        else if (TextInput.Length(r.Description.Trim()) > MaxDescription) errors["description"] = [$"description is longer than {MaxDescription} characters"];
        else if (TextInput.Problem("description", r.Description) is { } bad) errors["description"] = [bad];
        if (r.Reporter is not null && TextInput.Length(r.Reporter.Trim()) > MaxReporter) errors["reporter"] = [$"reporter is longer than {MaxReporter} characters"];
        else if (TextInput.Problem("reporter", r.Reporter) is { } bad) errors["reporter"] = [bad];
        return errors;
    }

    /// <summary>
    /// Files a report that passed <see cref="Check"/>: one statement, <c>report_case</c>
    /// (006_report_case.sql, last redefined in 007), so the live stream's lock is never held across a round trip.
    /// Null when the point lies outside every area.
    /// </summary>
    public async Task<Case?> FileAsync(CaseReport r, string source, CancellationToken ct)
    {
        var category = catalogue.FindCategory(r.CategoryCode!) ?? throw new ArgumentException("Check the report first.", nameof(r));
        var now = time.GetUtcNow();
        var dispatchDue = clocks.DispatchDue(category, clocks.RegisterDue(category, now)).ToUniversalTime();
        var (code, description, reporter) = (category.Code, r.Description!.Trim(), string.IsNullOrWhiteSpace(r.Reporter) ? null : r.Reporter.Trim());
        var (lon, lat, window, radius) = (r.Lon!.Value, r.Lat!.Value, DuplicateWindow, DuplicateRadiusMetres);
        await Filing.WaitAsync(ct);
        try
        {
            // Plain locals only: EF compiles an expression for each argument that is not one.
            var filed = await db.Cases.FromSql($"""
                SELECT * FROM report_case({code}, {description}, {reporter}::text, {source},
                                          {lon}, {lat}, {now}, {dispatchDue}, {window}, {radius})
                """).AsNoTracking().ToListAsync(ct);
            return filed.SingleOrDefault();
        }
        finally
        {
            Filing.Release();
        }
    }
}
