using System.Net.Http.Json;
using System.Text.Json;

namespace GridMap.Load;

/// <summary>A bearer token from <c>POST /api/auth/login</c>.</summary>
static class SignIn
{
    public static async Task<string> TokenAsync(string url, string username, string password)
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync(url + "/api/auth/login", new { username, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"sign-in as {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
