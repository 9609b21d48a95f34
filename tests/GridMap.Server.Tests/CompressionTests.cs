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

    [Fact]
    public async Task A_script_with_its_strong_tag_is_left_for_the_proxy_to_compress_and_answers_304()
    {
        using var client = app.CreateClient();
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/js/api.js");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
            return request;
        }
        var script = await client.SendAsync(Request());
        Assert.Empty(script.Content.Headers.ContentEncoding);
        Assert.True(script.Headers.ETag is { IsWeak: false }, $"ETag {script.Headers.ETag}");
        var again = Request();
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }
}
