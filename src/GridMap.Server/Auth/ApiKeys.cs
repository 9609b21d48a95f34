using System.Security.Cryptography;

namespace GridMap.Server.Auth;

/// <summary>An Open311 client's key as stored: who it was issued to, and its own rate limit if any.</summary>
public sealed record ApiKey(long Id, string Name, int? PerMinute);

/// <summary>
/// The <c>api_key</c> that GeoReport v2 asks of a client posting service requests. Issued by an
/// admin (<c>./gridmap apikey add NAME</c>), shown once, stored only as a hash.
/// </summary>
public static class ApiKeys
{
    /// <summary>The form or query parameter, as the spec names it.</summary>
    public const string Parameter = "api_key";

    /// <summary>Marks an endpoint whose requests may carry a key, so the key is known before rate limiting.</summary>
    public sealed record TakesApiKey;

    /// <summary>What <see cref="Resolve"/> found on a request: no key, a key that is no key of ours, or a live key.</summary>
    public sealed record Presented(string? Sent, ApiKey? Key)
    {
        public bool Missing => Sent is null;
        public bool Invalid => Sent is not null && Key is null;
    }

    static readonly object ItemKey = new();

    public static string NewKey() => "gm311_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static async Task<ApiKey?> FindAsync(NpgsqlDataSource db, string key, CancellationToken ct)
    {
        await using var cmd = db.Command("SELECT id, name, per_minute FROM open311_api_keys WHERE key_hash = @keyHash AND revoked_at IS NULL", ("keyHash", Hash(key)));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2)) : null;
    }

    /// <summary>The key this request presented, as <see cref="Resolve"/> found it (none on endpoints without <see cref="TakesApiKey"/>).</summary>
    public static Presented Of(HttpContext http) => http.Items[ItemKey] as Presented ?? new(null, null);

    /// <summary>
    /// Before the rate limiter, which counts per key: reads <c>api_key</c> from the query or the
    /// form of requests to endpoints marked <see cref="TakesApiKey"/>. A body that cannot be read
    /// as a form is left for the endpoint to refuse.
    /// </summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<TakesApiKey>() is not null)
        {
            string? sent = http.Request.Query[Parameter] is [{ Length: > 0 } inQuery] ? inQuery : null;
            if (sent is null && http.Request.HasFormContentType)
            {
                try
                {
                    if ((await http.Request.ReadFormAsync(http.RequestAborted))[Parameter] is [{ Length: > 0 } inForm]) sent = inForm;
                }
                catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
                {
                }
            }
            var key = sent is null ? null : await FindAsync(http.RequestServices.GetRequiredService<NpgsqlDataSource>(), sent, http.RequestAborted);
            http.Items[ItemKey] = new Presented(sent, key);
        }
        await next(http);
    });

    /// <summary>Issues a key; returns it (the only time it is seen) or the reason it cannot be issued.</summary>
    public static async Task<(string? Key, string? Problem)> AddAsync(NpgsqlDataSource db, string name, int? perMinute, CancellationToken ct = default)
    {
        if (Users.UsernameProblem(name) is not null) return (null, "a key name is 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        if (perMinute is <= 0) return (null, "--per-minute must be a positive number");
        var key = NewKey();
        await using var cmd = db.Command("""
            INSERT INTO open311_api_keys (name, key_hash, per_minute) VALUES (@name, @keyHash, @perMinute)
            ON CONFLICT (name) WHERE revoked_at IS NULL DO NOTHING
            """, ("name", name), ("keyHash", Hash(key)), ("perMinute", perMinute));
        return await cmd.ExecuteNonQueryAsync(ct) == 1 ? (key, null) : (null, $"a key named {name} is in use already; revoke it first");
    }

    public sealed record Listed(string Name, int? PerMinute, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    public static async Task<List<Listed>> ListAsync(NpgsqlDataSource db, CancellationToken ct = default)
    {
        await using var cmd = db.Command("SELECT name, per_minute, created_at, revoked_at FROM open311_api_keys ORDER BY revoked_at IS NOT NULL, name, created_at");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var keys = new List<Listed>();
        while (await r.ReadAsync(ct))
            keys.Add(new(r.GetString(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.GetFieldValue<DateTimeOffset>(2),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3)));
        return keys;
    }

    /// <summary>True when a live key of that name was revoked.</summary>
    public static async Task<bool> RevokeAsync(NpgsqlDataSource db, string name, CancellationToken ct = default)
    {
        await using var cmd = db.Command("UPDATE open311_api_keys SET revoked_at = now() WHERE name = @name AND revoked_at IS NULL", ("name", name));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
