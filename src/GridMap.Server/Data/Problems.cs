using Microsoft.AspNetCore.Http.HttpResults;

namespace GridMap.Server.Data;

/// <summary>RFC 7807 answers that name the field and the reason.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(string field, string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] });

    public static ProblemHttpResult NotFound(string what, string detail) =>
        TypedResults.Problem(title: $"No such {what}", detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <summary>403: the thing exists, but lies outside the area the caller's role applies to.</summary>
    public static ProblemHttpResult OutsideArea(string detail) =>
        TypedResults.Problem(title: "Outside your area", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}
