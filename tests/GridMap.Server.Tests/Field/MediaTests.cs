using System.Buffers.Binary;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using SkiaSharp;

namespace GridMap.Tests.Field;

/// <summary>Photos of a case: checked by content, stripped of location, kept out of the database, shown to those who see the case.</summary>
public class MediaTests(CasesApp app) : IClassFixture<CasesApp>
{
    readonly CaseClient cases = new(app.ClientFor(SmallDistrict.Admin));

    /// <summary>A JPEG of <paramref name="width"/> × <paramref name="height"/> with an EXIF GPS position (31°52'12" N, 121°10'30" E), written by hand.</summary>
    internal static byte[] JpegWithGps(int width = 640, int height = 480)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(SKColors.SteelBlue);
        var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
        var tiff = new byte[128];
        "MM\0*"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        void Entry(int at, ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 4), count);
            BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 8), value);
        }
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);
        Entry(10, 0x8825, 4, 1, 26); // IFD0: where the GPS IFD is
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(26), 4);
        Entry(28, 0x0001, 2, 2, 0x4E000000); // N
        Entry(40, 0x0002, 5, 3, 80);
        Entry(52, 0x0003, 2, 2, 0x45000000); // E
        Entry(64, 0x0004, 5, 3, 104);
        uint[] rationals = [31, 1, 52, 1, 1200, 100, 121, 1, 10, 1, 3000, 100];
        for (var i = 0; i < rationals.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(80 + 4 * i), rationals[i]);
        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF; app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(app1.Length - 2));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1, 10);
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    internal static GeoLocation? Gps(byte[] image) =>
        ImageMetadataReader.ReadMetadata(new MemoryStream(image)).OfType<GpsDirectory>().FirstOrDefault()?.GetGeoLocation();

    internal static MultipartFormDataContent Upload(byte[] bytes, string fileName, string contentType = "image/jpeg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    async Task<long> NewCaseAsync(double lon = 121.17) => (await cases.ReportAsync(lon, 31.87)).GetProperty("id").GetInt64();

    [Fact]
    public async Task A_photo_is_kept_without_its_GPS_position_with_a_thumbnail_and_counted_on_the_case()
    {
        var id = await NewCaseAsync();
        var original = JpegWithGps();
        Assert.NotNull(Gps(original)); // the test's photo does carry a position

        var response = await cases.Http.PostAsync($"/api/cases/{id}/media", Upload(original, "IMG_0001.jpg"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photo = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, photo.GetProperty("caseId").GetInt64());
        Assert.Equal("image/jpeg", photo.Str("contentType"));
        Assert.Equal($"/api/media/{photo.GetProperty("id").GetInt64()}", photo.Str("url"));
        Assert.Equal(response.Headers.Location?.ToString(), photo.Str("url"));
        Assert.Equal(SmallDistrict.Admin, photo.Str("addedBy"));

        var kept = await cases.Http.GetByteArrayAsync(photo.Str("url"));
        Assert.Equal(photo.GetProperty("bytes").GetInt32(), kept.Length);
        Assert.Null(Gps(kept));
        Assert.Empty(ImageMetadataReader.ReadMetadata(new MemoryStream(kept)).OfType<ExifDirectoryBase>());
        using (var decoded = SKBitmap.Decode(kept)) Assert.Equal((640, 480), (decoded.Width, decoded.Height));
        using (var thumbnail = SKBitmap.Decode(await cases.Http.GetByteArrayAsync(photo.Str("thumbnailUrl"))))
            Assert.Equal((320, 240), (thumbnail.Width, thumbnail.Height));

        // Under the server's own folder, not in the database and not under web/.
        var file = await app.ScalarAsync<string>("SELECT file FROM case_media WHERE id = $1", photo.GetProperty("id").GetInt64());
        Assert.Equal(kept, await File.ReadAllBytesAsync(Path.Combine(app.StateFolder, "media", file)));
        var c = await cases.GetAsync(id);
        Assert.Equal(1, c.GetProperty("mediaCount").GetInt32());
        Assert.Contains(await cases.EventsAsync(id), e => e.Str("action") == "add_photo");
        var listed = await cases.Http.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/media");
        Assert.Equal(photo.GetProperty("id").GetInt64(), Assert.Single(listed.EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_refused_415()
    {
        var id = await NewCaseAsync();
        var response = await cases.Http.PostAsync($"/api/cases/{id}/media", Upload(Encoding.UTF8.GetBytes("这不是照片, just text"), "photo.jpg"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));
        // JPEG's first bytes and nothing that decodes: refused too.
        var fake = await cases.Http.PostAsync($"/api/cases/{id}/media", Upload([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5], "photo.jpg"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, fake.StatusCode);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM case_media WHERE case_id = $1", id));
    }

    [Fact]
    public async Task A_photo_of_11_MB_is_refused_413()
    {
        var id = await NewCaseAsync();
        var big = new byte[11 * 1024 * 1024];
        JpegWithGps().CopyTo(big, 0);
        var response = await cases.Http.PostAsync($"/api/cases/{id}/media", Upload(big, "big.jpg"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM case_media WHERE case_id = $1", id));
    }

    [Fact]
    public async Task Only_those_who_see_the_case_see_its_photos_and_the_reporter_adds_while_reporting()
    {
        await app.AddUserAsync("resident-1", Role.Reporter);
        await app.AddUserAsync("resident-2", Role.Reporter);
        using var resident = app.ClientFor("resident-1");
        var reported = await resident.PostAsJsonAsync("/api/cases", new { lon = 121.175, lat = 31.875, categoryCode = "environmental_sanitation", description = "垃圾桶满了" });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var c = await reported.Content.ReadFromJsonAsync<JsonElement>();
        var id = c.GetProperty("id").GetInt64();

        var added = await resident.PostAsync($"/api/cases/{id}/media", Upload(JpegWithGps(100, 80), "a.jpg"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var url = (await added.Content.ReadFromJsonAsync<JsonElement>()).Str("url");
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cases.Http.GetAsync(url)).StatusCode);

        // Another resident, and the grid leader of the next grid (case in grid 7, leader of grid 6): as if it did not exist.
        using var other = app.ClientFor("resident-2");
        using var leaderElsewhere = app.ClientFor(SmallDistrict.Leader);
        foreach (var outsider in new[] { other, leaderElsewhere })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url + "/thumbnail")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/cases/{id}/media")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"/api/cases/{id}/media", Upload(JpegWithGps(10, 10), "b.jpg"))).StatusCode);
        }

        // Once registered, the reporter no longer adds photos (the staff do), but still sees them.
        await cases.MoveOkAsync(c, "register");
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.PostAsync($"/api/cases/{id}/media", Upload(JpegWithGps(10, 10), "c.jpg"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync(url + "/thumbnail")).StatusCode);
    }

    [Fact]
    public async Task A_case_keeps_at_most_10_photos()
    {
        var id = await NewCaseAsync(121.18);
        var photo = JpegWithGps(20, 20);
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Created, (await cases.Http.PostAsync($"/api/cases/{id}/media", Upload(photo, $"{i}.jpg"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await cases.Http.PostAsync($"/api/cases/{id}/media", Upload(photo, "11.jpg"))).StatusCode);
        Assert.Equal(10, await app.ScalarAsync<long>("SELECT count(*) FROM case_media WHERE case_id = $1", id));
    }

    [Fact]
    public async Task Png_and_WebP_are_taken_by_content_whatever_their_names()
    {
        var id = await NewCaseAsync(121.185);
        using var bitmap = new SKBitmap(50, 40);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(SKColors.Orange);
        foreach (var (format, type) in new[] { (SKEncodedImageFormat.Png, "image/png"), (SKEncodedImageFormat.Webp, "image/webp") })
        {
            var response = await cases.Http.PostAsync($"/api/cases/{id}/media", Upload(bitmap.Encode(format, 90).ToArray(), "photo.jpg", "image/jpeg"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(type, (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("contentType"));
        }
    }
}
