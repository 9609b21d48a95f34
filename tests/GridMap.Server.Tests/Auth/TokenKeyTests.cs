using GridMap.Tests.Live;
using System.Runtime.Versioning;

namespace GridMap.Tests.Auth;

/// <summary>The keys that sign tokens are in the database, but reading the database does not yield them.</summary>
[UnsupportedOSPlatform("windows")] // file modes
public class TokenKeyTests(GridMapApp app) : IClassFixture<GridMapApp>
{
    async Task<List<string>> StoredKeysAsync()
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT xml FROM data_protection_keys", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await r.ReadAsync()) keys.Add(r.GetString(0));
        return keys;
    }

    static async Task<HttpStatusCode> WhoAmIAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task The_stored_key_ring_holds_no_key_material_in_clear()
    {
        await app.AddUserAsync("keys-reader", Role.Admin);
        await app.TokenFor("keys-reader"); // signing in makes sure a key exists

        var keys = await StoredKeysAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml);
            Assert.DoesNotContain("<value>", xml);
        });
    }

    [Fact]
    public async Task A_server_with_another_certificate_on_the_same_database_does_not_accept_the_first_ones_tokens()
    {
        await app.AddUserAsync("keys-admin", Role.Admin);
        var token = await app.TokenFor("keys-admin");
        var otherFolder = Directory.CreateTempSubdirectory("gridmap-data-").FullName;
        try
        {
            await using var other = new LiveServer(app.Database.ConnectionString, otherFolder).Started();
            using var http = other.CreateClient();

            Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(http, token));
            Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(http, await other.TokenFor("keys-admin")));
            using var first = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(first, token));
        }
        finally
        {
            Directory.Delete(otherFolder, recursive: true);
        }
    }

    [Fact]
    public void The_certificate_file_is_readable_by_the_services_user_only()
    {
        var file = Path.Combine(app.StateFolder, KeyRingCertificate.FileName);
        Assert.True(File.Exists(file), $"{file} is missing");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void A_certificate_file_that_others_may_read_is_refused_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("gridmap-data-").FullName;
        try
        {
            KeyRingCertificate.LoadOrCreate(folder).Dispose();
            var file = Path.Combine(folder, KeyRingCertificate.FileName);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var refused = Assert.Throws<InvalidOperationException>(() => KeyRingCertificate.LoadOrCreate(folder));
            Assert.Contains("may be read by other users", refused.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
