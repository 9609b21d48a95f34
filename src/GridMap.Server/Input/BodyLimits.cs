using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace GridMap.Server.Input;

/// <summary>
/// An endpoint's request-body limit instead of <see cref="BodyLimits.Default"/>; null for an
/// endpoint that enforces its own (the area import, whose limit is configurable).
/// </summary>
public sealed record BodyLimit(long? Bytes) : IRequestSizeLimitMetadata
{
    long? IRequestSizeLimitMetadata.MaxRequestBodySize => Bytes;
}

/// <summary>
/// Every request body is limited: 1 MiB unless the endpoint says otherwise. A declared
/// length over the limit is refused before reading; an undeclared (chunked) body is cut off
/// where it passes the limit. Either way the answer is 413, never a half-read request.
/// </summary>
public static class BodyLimits
{
    public const long Default = 1L << 20;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long? bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>After routing, so the endpoint's limit is known.</summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var declared = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        if (declared is { MaxRequestBodySize: null }) return next(http);
        var limit = declared?.MaxRequestBodySize ?? Default;
        if (http.Request.ContentLength > limit)
            throw new BadHttpRequestException($"The request body has {http.Request.ContentLength} bytes; this endpoint takes at most {limit}.", StatusCodes.Status413PayloadTooLarge);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server) server.MaxRequestBodySize = limit;
        http.Request.Body = new LimitedStream(http.Request.Body, limit);
        return next(http);
    });

    sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        long read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        int Count(int n)
        {
            read += n;
            if (read > limit) throw new BadHttpRequestException($"The request body is longer than this endpoint's limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
