using Microsoft.AspNetCore.Http.HttpResults;

namespace GridMap.Server.Data;

/// <summary>RFC 7807 answers that name the field and the reason.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(string field, string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] });

    public static ProblemHttpResult NotFound(string what, string detail) =>
        TypedResults.Problem(title: $"No such {what}", detail: detail, statusCode: StatusCodes.Status404NotFound);
}
