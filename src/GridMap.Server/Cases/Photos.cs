using SkiaSharp;

namespace GridMap.Server.Cases;

/// <summary>A photo as it is kept: re-encoded without metadata, and its thumbnail.</summary>
public sealed record Photo(string ContentType, string Extension, byte[] Image, byte[] Thumbnail, int Width, int Height);

/// <summary>
/// What a photo of a case may be, and the copy that is kept of it. The type is told by the
/// content, never by the name: the first bytes must be those of JPEG, PNG or WebP, and the image
/// must decode. The kept copy is the decoded pixels encoded again (turned upright first, as the
/// camera's orientation said), so nothing of the upload but the picture survives: no EXIF (GPS
/// position, camera, time), no XMP, no embedded thumbnail, no trailing bytes.
/// </summary>
/// <remarks>
/// SkiaSharp decodes and encodes: Skia is the browsers' own image code, kept up against crafted
/// images, and <c>SkiaSharp.NativeAssets.Linux.NoDependencies</c> carries its native library for
/// linux-x64 with no system package needed. ImageSharp 2 (the last version without a paid
/// licence) has reported flaws with crafted images.
/// </remarks>
public static class Photos
{
    /// <summary>10 MiB: a phone's photo at full size.</summary>
    public const long MaxBytes = 10L << 20;
    /// <summary>A bigger picture would take too much memory to decode (a small file can claim a huge size).</summary>
    public const long MaxPixels = 50_000_000;
    public const int ThumbnailPixels = 320;
    const int Quality = 85;

    static readonly (string ContentType, string Extension, SKEncodedImageFormat Format, byte?[] Magic)[] Kinds =
    [
        ("image/jpeg", "jpg", SKEncodedImageFormat.Jpeg, [0xFF, 0xD8, 0xFF]),
        ("image/png", "png", SKEncodedImageFormat.Png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        // RIFF, four bytes of length, WEBP
        ("image/webp", "webp", SKEncodedImageFormat.Webp, [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50]),
    ];

    public static IReadOnlyList<string> ContentTypes { get; } = [.. Kinds.Select(k => k.ContentType)];

    /// <summary>The kept photo, or why the bytes are no photo GridMap keeps (<see cref="NotAPhoto"/>: 415).</summary>
    public static (Photo? Photo, string? Problem) Prepare(byte[] upload)
    {
        var kind = Kinds.FirstOrDefault(k => upload.Length >= k.Magic.Length && k.Magic.Select((b, i) => b is null || upload[i] == b).All(x => x));
        if (kind.ContentType is null) return (null, NotAPhoto);
        using var codec = SKCodec.Create(new MemoryStream(upload));
        if (codec is null || codec.EncodedFormat != kind.Format) return (null, NotAPhoto);
        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
            return (null, $"the picture has {codec.Info.Width} × {codec.Info.Height} pixels; at most {MaxPixels:N0} are taken");
        using var decoded = SKBitmap.Decode(codec, codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul));
        if (decoded is null) return (null, NotAPhoto);
        using var upright = Upright(decoded, codec.EncodedOrigin);
        using var image = upright.Encode(kind.Format, Quality);
        var scale = Math.Min(1.0, (double)ThumbnailPixels / Math.Max(upright.Width, upright.Height));
        using var small = upright.Resize(new SKImageInfo(Math.Max(1, (int)Math.Round(upright.Width * scale)), Math.Max(1, (int)Math.Round(upright.Height * scale)),
            SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var thumbnail = small.Encode(kind.Format, Quality);
        return (new Photo(kind.ContentType, kind.Extension, image.ToArray(), thumbnail.ToArray(), upright.Width, upright.Height), null);
    }

    public const string NotAPhoto = "the file is not a JPEG, PNG or WebP image (told by its content, not its name)";

    /// <summary>The pixels as the camera meant them to be seen: the EXIF orientation applied, since the EXIF itself goes.</summary>
    static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return source.Copy();
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w, h) = swap ? (source.Height, source.Width) : (source.Width, source.Height);
        var result = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(result);
        canvas.SetMatrix(origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1),
            _ => SKMatrix.Identity,
        });
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }
}
