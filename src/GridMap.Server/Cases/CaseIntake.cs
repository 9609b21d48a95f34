using GridMap.Core.Text;

namespace GridMap.Server.Cases;

/// <summary>A concern reported at a point, through the API or Open311, before it is checked.</summary>
/// <param name="Source">"patrol" for a staff member's patrol report (巡查上报), else left out.</param>
/// <param name="MediaUrl">Open311's media_url: an http(s) link to a photo of the concern.</param>
public sealed record CaseReport(double? Lon, double? Lat, string? CategoryCode, string? Description, string? Reporter, string? Source = null, string? MediaUrl = null);

/// <summary>
/// Turns reports into cases: the areas come from the location (never typed by hand), the
/// dispatch deadline from the category, and an open case of the same category close by and
/// recent is named as a possible duplicate (the report is still accepted).
/// </summary>
public sealed class CaseIntake(ReportFiler filer, CaseCatalogue catalogue, CaseClocks clocks, TimeProvider time)
{
    public const double DuplicateRadiusMetres = 50;
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);
    public const int MaxDescription = 2000;
    public const int MaxReporter = 200;
    public const int MaxMediaUrl = 2000;
    /// <summary>The source of a staff member's patrol report (巡查上报), registered on filing.</summary>
    public const string PatrolSource = "patrol";

    /// <summary>Field → reason for every problem with the report; empty when it can be filed.</summary>
    public Dictionary<string, string[]> Check(CaseReport r)
    {
        var errors = PositionInput.Problems(r.Lon, r.Lat);
        if (string.IsNullOrWhiteSpace(r.CategoryCode)) errors["categoryCode"] = ["categoryCode is required"];
        else if (catalogue.FindCategory(r.CategoryCode) is null)
            errors["categoryCode"] = [$"unknown category '{r.CategoryCode}'; GET /api/case-categories lists them"];
        if (string.IsNullOrWhiteSpace(r.Description)) errors["description"] = ["description is required"];
        else if (StorableText.Length(r.Description.Trim()) > MaxDescription) errors["description"] = [$"description is longer than {MaxDescription} characters"];
        if (r.Reporter is not null && StorableText.Length(r.Reporter.Trim()) > MaxReporter) errors["reporter"] = [$"reporter is longer than {MaxReporter} characters"];
        if (r.MediaUrl is not null && !(r.MediaUrl.Length <= MaxMediaUrl && Uri.TryCreate(r.MediaUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            errors["mediaUrl"] = [$"mediaUrl must be an http or https URL of at most {MaxMediaUrl} characters"];
        foreach (var (field, text) in new[] { ("categoryCode", r.CategoryCode), ("description", r.Description), ("reporter", r.Reporter) })
            if (StorableText.Problem(field, text) is { } reason) errors[field] = [reason];
        return errors;
    }

    /// <summary>
    /// Files a report that passed <see cref="Check"/> through <see cref="ReportFiler"/> (Data/Sql/report_cases.sql):
    /// the case (its snapshot), null when the point lies outside every area.
    /// </summary>
    /// <param name="reportedBy">The signed-in user reporting (<see cref="Case.ReportedBy"/>); null for Open311.</param>
    public Task<JsonElement?> FileAsync(CaseReport r, string source, CancellationToken ct, long? reportedBy = null)
    {
        var category = catalogue.FindCategory(r.CategoryCode!) ?? throw new ArgumentException("Check the report first.", nameof(r));
        var now = time.GetUtcNow();
        var dispatchDue = clocks.DispatchDue(category, clocks.RegisterDue(category, now));
        return filer.FileAsync(new Filing(category.Code, r.Description!.Trim(), string.IsNullOrWhiteSpace(r.Reporter) ? null : r.Reporter.Trim(),
            source, r.Lon!.Value, r.Lat!.Value, now, dispatchDue, reportedBy, r.MediaUrl), ct);
    }
}
