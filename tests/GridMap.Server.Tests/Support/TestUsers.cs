namespace GridMap.Tests.Support;

/// <summary>Users for tests, straight into the database, all with one password.</summary>
public static class TestUsers
{
    public const string Password = "test-password-1";

    /// <summary>Hashed once: the hash is deliberately slow.</summary>
    static readonly Lazy<string> PasswordHash = new(() => Passwords.Hash(Password));

    /// <summary>Adds the user unless one of that name exists; returns its id. A department user is of <paramref name="departmentCode"/>, by default urban_management.</summary>
    public static async Task<long> AddAsync(string connectionString, string username, Role role, long? areaId = null, long? staffId = null, string? departmentCode = null)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            WITH added AS (
                INSERT INTO users (username, password_hash, role, area_id, staff_id, department_code) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (username) DO NOTHING RETURNING id)
            SELECT id FROM added UNION ALL SELECT id FROM users WHERE username = $1
            """, conn);
        cmd.Parameters.Add(new() { Value = username });
        cmd.Parameters.Add(new() { Value = PasswordHash.Value });
        cmd.Parameters.Add(new() { Value = role.Code() });
        cmd.Parameters.Add(new() { Value = (object?)areaId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = (object?)staffId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = role == Role.Department ? departmentCode ?? "urban_management" : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Signs in through the API of a server; returns the bearer token.</summary>
    public static async Task<string> SignInAsync(HttpClient http, string username)
    {
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, "/api/auth/login", new { username, password = Password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"sign-in as {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        return body.GetProperty("token").GetString()!;
    }
}
