namespace GridMap.Server.Data;

/// <summary>RFC 7807 answers that name the field and the reason.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(string field, string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] });

    /// <summary>
    /// 400 naming <paramref name="fields"/>, the same body as <see cref="Invalid"/>, for a step whose
    /// other refusals are 403 or 409 (where a record goes, whose row it is).
    /// </summary>
    public static ProblemHttpResult InvalidFields(string[] fields, string reason, string? detail = null) =>
        TypedResults.Problem(title: "One or more validation errors occurred.", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = fields.ToDictionary(f => f, _ => new[] { reason }) });

    public static ProblemHttpResult NotFound(string what, string detail) =>
        TypedResults.Problem(title: $"No such {what}", detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <summary>403: the thing exists, but lies outside the area the caller's role applies to.</summary>
    public static ProblemHttpResult OutsideArea(string detail) =>
        TypedResults.Problem(title: "Outside your area", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>409: someone changed the record since the caller read the version it names.</summary>
    public static ProblemHttpResult Stale(string what, long id, int version) =>
        TypedResults.Problem(title: "Changed meanwhile", statusCode: StatusCodes.Status409Conflict,
            detail: $"The {what} {id} has changed since version {version}; read it again and repeat the edit.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["version"] = [$"version {version} is not the current one"] } });
}
