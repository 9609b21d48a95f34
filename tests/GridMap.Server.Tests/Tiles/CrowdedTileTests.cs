using System.IO.Compression;

namespace GridMap.Tests.Tiles;

/// <summary>
/// <see cref="SmallDistrict"/> with 1,500 more households in the west grid (on a lattice, so the
/// count in any box is known to PostGIS): more than a tile ships one by one (1,000).
/// </summary>
public class CrowdedDistrictApp : SmallDistrictApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteAsync("""
            INSERT INTO households (name, members, kind, phone, location)
            SELECT '住户' || i || '号', 2, 'member', '1380000' || lpad(i::text, 4, '0'),
                   ST_SetSRID(ST_MakePoint(121.105 + (i % 50) * 0.0008, 31.855 + (i / 50) * 0.0012), 4326)
            FROM generate_series(0, 1499) i
            """);
    }
}

public class CrowdedTileTests(CrowdedDistrictApp app) : IClassFixture<CrowdedDistrictApp>
{
    Task<HttpResponseMessage> GetAsync(string url, bool gzip) =>
        app.GetAsync(SmallDistrict.Admin, url, headers => { if (gzip) headers.AcceptEncoding.ParseAdd("gzip"); });

    static async Task<byte[]> Gunzip(byte[] body)
    {
        await using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        return plain.ToArray();
    }

    Task<long> CountAsync(string sql) => app.ScalarAsync<long>(sql);

    [Fact]
    public async Task A_crowded_tile_ships_clusters_whose_counts_add_up_to_the_households_in_it()
    {
        // Zoom 11, tile 1713/832: most of the district and of the lattice.
        var response = await GetAsync("/tiles/households/11/1713/832.mvt", gzip: false);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var features = await Gdal.ReadTileAsync(await response.Content.ReadAsByteArrayAsync(), "households", 11, 1713, 832);
        Assert.All(features, f => Assert.Null(f.Text("name")));
        Assert.InRange(features.Count, 2, 256);
        var expected = await CountAsync("SELECT count(*) FROM households WHERE location && ST_Transform(ST_TileEnvelope(11, 1713, 832), 4326)");
        Assert.True(expected > 1000, $"{expected} households");
        Assert.Equal(expected, features.Sum(f => f.Number("count")));
    }

    [Fact]
    public async Task A_tile_is_gzipped_for_a_client_that_takes_gzip_and_plain_for_one_that_does_not()
    {
        // Zoom 14, tile 13704/6660: a few hundred of the lattice, one by one.
        const string url = "/tiles/households/14/13704/6660.mvt";
        var zipped = await GetAsync(url, gzip: true);
        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
        var plain = await GetAsync(url, gzip: false);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();
        var zippedBytes = await zipped.Content.ReadAsByteArrayAsync();
        Assert.True(zippedBytes.Length < plainBytes.Length / 2, $"{zippedBytes.Length} gzipped, {plainBytes.Length} plain");
        Assert.Equal(plainBytes, await Gunzip(zippedBytes));
        Assert.NotEqual(zipped.Headers.ETag, plain.Headers.ETag);
        // Taking Brotli too, a client gets the tile gzipped once, not compressed again.
        var once = await app.GetAsync(SmallDistrict.Admin, url, headers => headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip"));
        Assert.Equal(["gzip"], once.Content.Headers.ContentEncoding);
        Assert.Equal(zippedBytes, await once.Content.ReadAsByteArrayAsync());

        var features = await Gdal.ReadTileAsync(plainBytes, "households", 14, 13704, 6660);
        var expected = await CountAsync("SELECT count(*) FROM households WHERE location && ST_Transform(ST_TileEnvelope(14, 13704, 6660, margin => 64.0 / 4096), 4326)");
        Assert.Equal(expected, features.Count);
        Assert.All(features, f => Assert.NotNull(f.Id));
    }
}
