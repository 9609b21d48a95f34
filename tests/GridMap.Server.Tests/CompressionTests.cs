using System.IO.Compression;
using System.Text.Json.Nodes;

namespace GridMap.Tests;

public class CompressionTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    static async Task<string> DecodedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            null => body,
            var other => throw new InvalidDataException($"unexpected Content-Encoding {other}"),
        };
        return await new StreamReader(decoded).ReadToEndAsync();
    }

    /// <summary>The body as JSON, without the trace id a problem carries (another for each request).</summary>
    static string WithoutTrace(string json)
    {
        var node = JsonNode.Parse(json)!;
        if (node is JsonObject o) o.Remove("traceId");
        return node.ToJsonString();
    }

    [Theory]
    [InlineData("br, gzip", "br")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    public async Task An_answer_is_compressed_as_the_client_takes_it_and_reads_as_the_plain_one(string accepts, string coding)
    {
        foreach (var url in new[] { "/api/households", "/api/case-categories", "/api/export/households.csv", "/api/areas?level=nowhere" })
        {
            var plain = await app.GetAsync(SmallDistrict.Admin, url);
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            var packed = await app.GetAsync(SmallDistrict.Admin, url, h => h.TryAddWithoutValidation("Accept-Encoding", accepts));
            Assert.Equal(plain.StatusCode, packed.StatusCode);
            Assert.Equal([coding], packed.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", packed.Headers.Vary);
            Assert.Equal(plain.Content.Headers.ContentType, packed.Content.Headers.ContentType);
            var (expected, decoded) = (await plain.Content.ReadAsStringAsync(), await DecodedAsync(packed));
            if (plain.Content.Headers.ContentType?.MediaType == "text/csv") Assert.Equal(expected, decoded);
            else Assert.Equal(WithoutTrace(expected), WithoutTrace(decoded));
        }
    }

    [Fact]
    public async Task TileJSON_goes_out_compressed_under_a_weak_tag_that_answers_304()
    {
        var packed = await app.GetAsync(SmallDistrict.Admin, "/tiles/households.json", h => h.TryAddWithoutValidation("Accept-Encoding", "br"));
        Assert.Equal(["br"], packed.Content.Headers.ContentEncoding);
        Assert.True(packed.Headers.ETag is { IsWeak: true }, $"ETag {packed.Headers.ETag}");
        Assert.Contains("\"tiles\"", await DecodedAsync(packed));
        var again = await app.GetAsync(SmallDistrict.Admin, "/tiles/households.json", h => h.IfNoneMatch.Add(packed.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(packed.Headers.ETag, again.Headers.ETag);
    }

    [Theory]
    [InlineData("/js/api.js", "js/api.js")]
    [InlineData("/", "index.html")]
    public async Task A_static_file_is_compressed_under_a_weak_tag_that_still_answers_304(string url, string file)
    {
        using var client = app.CreateClient();
        HttpRequestMessage Request(string? encodings)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (encodings is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", encodings);
            return request;
        }
        var packed = await client.SendAsync(Request("br, gzip"));
        Assert.Equal(["br"], packed.Content.Headers.ContentEncoding);
        var tag = packed.Headers.ETag;
        Assert.True(tag is { IsWeak: true }, $"ETag {tag}");
        var web = app.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(web, file)), await DecodedAsync(packed));
        // The plain bytes under the same weak tag.
        var plain = await client.SendAsync(Request(null));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(tag, plain.Headers.ETag);

        // Sent back, the weak tag gets 304, compressed asked or not; another tag the file.
        foreach (var encodings in new[] { "br, gzip", null })
        {
            var again = Request(encodings);
            again.Headers.IfNoneMatch.Add(tag!);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }
        var other = Request(null);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"another\"", isWeak: true));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
    }
}
