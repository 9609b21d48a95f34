using System.Net;

namespace GridMap.Tests.Support;

/// <summary>What every refusal of bad input must be (docs/security.md): a 400 ProblemDetails that names the field.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts that <paramref name="response"/> is a 400 <c>application/problem+json</c> whose errors name <paramref name="field"/>; returns the problem.</summary>
    public static async Task<JsonElement> NamesFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest,
            $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {body}");
        return problem.RootElement.Clone();
    }
}
