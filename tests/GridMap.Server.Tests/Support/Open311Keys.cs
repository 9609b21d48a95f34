using System.Security.Cryptography;
using System.Text;

namespace GridMap.Tests.Support;

/// <summary>Open311 api_keys for tests, straight into the database in the stored form (SHA-256 of the key's UTF-8).</summary>
public static class Open311Keys
{
    /// <summary>Issues a key named <paramref name="name"/>; returns the key.</summary>
    public static async Task<string> IssueAsync(string connectionString, string name, int? perMinute = null, string? key = null)
    {
        key ??= "gm311_test_" + Guid.NewGuid().ToString("N");
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("INSERT INTO open311_api_keys (name, key_hash, per_minute) VALUES ($1, $2, $3)", conn);
        cmd.Parameters.Add(new() { Value = name });
        cmd.Parameters.Add(new() { Value = SHA256.HashData(Encoding.UTF8.GetBytes(key)) });
        cmd.Parameters.Add(new() { Value = (object?)perMinute ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await cmd.ExecuteNonQueryAsync();
        return key;
    }
}
