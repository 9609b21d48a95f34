using System.Security.Cryptography;

namespace GridMap.Server.Input;

/// <summary>
/// <c>Idempotency-Key</c> on every write (POST, PUT, PATCH, DELETE under <c>/api</c>, and Open311's
/// POST): a phone that lost its signal sends the same request again with the same key, and gets the
/// first answer again (status, body, <c>Location</c>, <c>Content-Type</c>, plus
/// <c>Idempotent-Replayed: true</c>) instead of a second case or a second move. The same key with
/// another method, path or body is 422; the same key while its first request is still running, 409.
/// Keys belong to the signed-in user, or to the Open311 <c>api_key</c>; a request with neither, or
/// without the header, is handled as if there were no such thing. Kept <see cref="Kept"/>.
/// </summary>
/// <remarks>
/// The key is claimed (a row in <c>idempotency_keys</c>) before the endpoint runs and its answer
/// stored after. Answers that say "try later" (429, 5xx) and requests that failed with an exception
/// are not kept: the key is released, so a retry runs again. A claim whose request never finished
/// (the server was killed midway) is taken over after <see cref="Abandoned"/>; the first request may
/// have committed by then, so a retry that late may act twice.
/// </remarks>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 100;
    /// <summary>How long a key is kept (at least a day, as the contract with the pages says).</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromHours(48);
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);
    /// <summary>Answers longer than this are not kept (no write endpoint answers anything near it).</summary>
    const int MaxStoredBody = 1 << 20;

    static readonly string[] Writes = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];
    static long lastPurgeTicks;

    /// <summary>After authentication and <see cref="ApiKeys.UseApiKeys"/>: the key's owner must be known.</summary>
    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!Applies(http.Request) || !http.Request.Headers.TryGetValue(Header, out var sent))
        {
            await next(http);
            return;
        }
        if (KeyProblem(sent) is { } problem)
        {
            await Problems.Invalid(Header, problem).ExecuteAsync(http);
            return;
        }
        if (Owner(http) is not { } owner)
        {
            await next(http);
            return;
        }
        var key = sent.ToString();
        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var ct = http.RequestAborted;
        var hash = await RequestHashAsync(http, ct);
        await PurgeOldAsync(db, ct);

        await using (var claim = db.Command("""
            INSERT INTO idempotency_keys (owner, key, request_hash) VALUES (@owner, @key, @hash)
            ON CONFLICT (owner, key) DO UPDATE SET claimed_at = now()
                WHERE idempotency_keys.status IS NULL AND idempotency_keys.request_hash = @hash
                  AND idempotency_keys.claimed_at < now() - @abandoned
            RETURNING true
            """, ("owner", owner), ("key", key), ("hash", hash), ("abandoned", Abandoned)))
        {
            if (await claim.ExecuteScalarAsync(ct) is not true)
            {
                await AnswerExistingAsync(http, db, owner, key, hash, ct);
                return;
            }
        }

        var original = http.Response.Body;
        var copy = new CopyingStream(original, MaxStoredBody);
        http.Response.Body = copy;
        var kept = false;
        try
        {
            await next(http);
            var status = http.Response.StatusCode;
            if (status < 500 && status != StatusCodes.Status429TooManyRequests && !copy.Overflowed)
            {
                await using var store = db.Command("""
                    UPDATE idempotency_keys SET status = @status, content_type = @contentType, location = @location, body = @body
                    WHERE owner = @owner AND key = @key
                    """, ("status", status), ("contentType", http.Response.ContentType), ("location", (string?)http.Response.Headers.Location),
                    ("body", copy.Copied), ("owner", owner), ("key", key));
                // Not the request's token: the answer is given, so it must be kept even if the client left.
                await store.ExecuteNonQueryAsync(CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            http.Response.Body = original;
            if (!kept) await ReleaseAsync(db, owner, key);
        }
    });

    static bool Applies(HttpRequest request) =>
        Writes.Contains(request.Method) && (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/open311"));

    /// <summary>Why the header's value is no key: 1 to 100 printable ASCII characters, one value.</summary>
    public static string? KeyProblem(Microsoft.Extensions.Primitives.StringValues sent)
    {
        if (sent.Count != 1) return $"send one {Header}, not {sent.Count}";
        var key = sent.ToString();
        if (key.Length is 0 or > MaxKeyLength) return $"{Header} must be 1 to {MaxKeyLength} characters long";
        if (key.Any(c => c is < ' ' or > '~')) return $"{Header} must be printable ASCII (space to '~')";
        return null;
    }

    /// <summary>Whose keys: the signed-in user, else an Open311 client's live key; null: keys are not kept.</summary>
    static string? Owner(HttpContext http) =>
        Caller.From(http.User) is { } caller ? "user:" + caller.UserId
        : ApiKeys.Of(http).Key is { } apiKey ? "api_key:" + apiKey.Id
        : null;

    /// <summary>
    /// The method, path, query and body. A form that <see cref="ApiKeys.UseApiKeys"/> read already
    /// counts as its fields in order (the bytes are gone); any other body is buffered to be read again.
    /// </summary>
    static async Task<byte[]> RequestHashAsync(HttpContext http, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is { } form)
        {
            foreach (var (name, values) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
                sha.AppendData(Encoding.UTF8.GetBytes($"{name.Length}:{name}={values.Count}:{string.Join("\0", values.ToArray())}\n"));
            foreach (var file in form.Files)
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"file {file.Name} {file.FileName} {file.Length}\n"));
                await using var content = file.OpenReadStream();
                sha.AppendData(await ReadAllAsync(content, ct));
            }
        }
        else
        {
            http.Request.EnableBuffering();
            var buffer = new byte[81920];
            int n;
            while ((n = await http.Request.Body.ReadAsync(buffer, ct)) > 0) sha.AppendData(buffer, 0, n);
            http.Request.Body.Position = 0;
        }
        return sha.GetHashAndReset();
    }

    static async Task<byte[]> ReadAllAsync(Stream s, CancellationToken ct)
    {
        using var m = new MemoryStream();
        await s.CopyToAsync(m, ct);
        return m.ToArray();
    }

    /// <summary>The key is taken: the first answer again, or why not.</summary>
    static async Task AnswerExistingAsync(HttpContext http, NpgsqlDataSource db, string owner, string key, byte[] hash, CancellationToken ct)
    {
        await using var cmd = db.Command("SELECT request_hash, status, content_type, location, body FROM idempotency_keys WHERE owner = @owner AND key = @key",
            ("owner", owner), ("key", key));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            // Released between the claim and this read (its request failed): the client may retry.
            await Conflict(http, "The request with this Idempotency-Key failed just now; send it again.");
            return;
        }
        if (!r.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(hash))
        {
            await TypedResults.Problem(title: "Idempotency-Key reused", statusCode: StatusCodes.Status422UnprocessableEntity,
                detail: $"This {Header} was used for another request (another method, path or body); use a new key for a new request.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [Header] = ["the key was used for another request"] } })
                .ExecuteAsync(http);
            return;
        }
        if (r.IsDBNull(1))
        {
            await Conflict(http, "The first request with this Idempotency-Key is still being handled; ask again when it has been answered.");
            return;
        }
        http.Response.StatusCode = r.GetInt32(1);
        if (!r.IsDBNull(2)) http.Response.ContentType = r.GetString(2);
        if (!r.IsDBNull(3)) http.Response.Headers.Location = r.GetString(3);
        http.Response.Headers[ReplayedHeader] = "true";
        var body = r.GetFieldValue<byte[]>(4);
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, ct);
    }

    static Task Conflict(HttpContext http, string detail) =>
        TypedResults.Problem(title: "Request in progress", detail: detail, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [Header] = ["a request with this key is in progress"] } })
            .ExecuteAsync(http);

    static async Task ReleaseAsync(NpgsqlDataSource db, string owner, string key)
    {
        try
        {
            await using var cmd = db.Command("DELETE FROM idempotency_keys WHERE owner = @owner AND key = @key AND status IS NULL", ("owner", owner), ("key", key));
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (DatabaseOutage.Is(e))
        {
            // The claim stays until it counts as abandoned; a retry meanwhile is told 409.
        }
    }

    /// <summary>At most once an hour per server: keys older than <see cref="Kept"/> go.</summary>
    static async Task PurgeOldAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref lastPurgeTicks);
        if (last != 0 && now - last < (long)TimeSpan.FromHours(1).TotalMilliseconds) return;
        if (Interlocked.CompareExchange(ref lastPurgeTicks, now, last) != last) return;
        await using var cmd = db.Command("DELETE FROM idempotency_keys WHERE claimed_at < now() - @kept", ("kept", Kept));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes through to the response and keeps a copy of up to a limit.</summary>
    sealed class CopyingStream(Stream inner, int limit) : Stream
    {
        readonly MemoryStream copy = new();
        public bool Overflowed { get; private set; }
        public byte[] Copied => copy.ToArray();

        void Keep(ReadOnlySpan<byte> data)
        {
            if (Overflowed) return;
            if (copy.Length + data.Length > limit) { Overflowed = true; copy.SetLength(0); return; }
            copy.Write(data);
        }

        public override void Write(byte[] buffer, int offset, int count) { Keep(buffer.AsSpan(offset, count)); inner.Write(buffer, offset, count); }
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { Keep(buffer.Span); await inner.WriteAsync(buffer, ct); }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => copy.Length; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
