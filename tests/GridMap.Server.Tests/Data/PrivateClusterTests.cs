namespace GridMap.Tests.Data;

/// <summary>
/// The private cluster that <c>./gridmap</c> makes is durable and shut to every local account
/// but its owner. Checked on the cluster the tests run on (GRIDMAP_PG_HOME and GRIDMAP_PG_PORT,
/// which <c>./gridmap test</c> passes; else where the script keeps it).
/// </summary>
public class PrivateClusterTests
{
    static readonly string Home = Environment.GetEnvironmentVariable("GRIDMAP_PG_HOME") is { Length: > 0 } home ? home
        : Environment.UserName == "root" ? "/var/lib/gridmap"
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "gridmap");
    static readonly string Port = Environment.GetEnvironmentVariable("GRIDMAP_PG_PORT") is { Length: > 0 } port ? port : "5433";

    static async Task<string> SettingAsync(string name)
    {
        await using var conn = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT current_setting('{name}')", conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData("fsync")]
    [InlineData("synchronous_commit")]
    [InlineData("full_page_writes")]
    public async Task The_cluster_runs_durable(string setting) => Assert.Equal("on", await SettingAsync(setting));

    [Fact]
    public async Task No_connection_is_trusted_without_a_password()
    {
        await using var conn = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT string_agg(type || ' ' || coalesce(address, '') || ' ' || auth_method, '; ') FROM pg_hba_file_rules WHERE auth_method NOT IN ('scram-sha-256') OR error IS NOT NULL", conn);
        Assert.Null(await cmd.ExecuteScalarAsync() as string);
    }

    [Fact]
    public void The_socket_folder_and_the_password_files_are_their_owners_alone()
    {
        const UnixFileMode group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        const UnixFileMode other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var paths = new[] { Home, Path.Combine(Home, "sock"), Path.Combine(Home, "password"), Path.Combine(Home, "owner.password"), Path.Combine(Home, "service.password") };
        Assert.All(paths, p => Assert.True(Path.Exists(p), $"{p} is missing"));
        Assert.Empty(paths.Where(p => (File.GetUnixFileMode(p) & (group | other)) != 0).Select(p => $"{p}: {File.GetUnixFileMode(p)}"));
    }

    /// <summary>Another account on the machine, with no password: neither the socket nor TCP lets it in.</summary>
    [Fact]
    public async Task A_local_account_without_the_password_gets_no_connection()
    {
        string[] tcp = ["psql", "-h", "127.0.0.1", "-p", Port, "-U", "postgres", "-w", "-c", "SELECT 1", "postgres"];
        string[] socket = ["psql", "-h", Path.Combine(Home, "sock"), "-p", Port, "-U", "postgres", "-w", "-c", "SELECT 1", "postgres"];
        var attempts = Environment.UserName == "root"
            ? new[] { (string[])["runuser", "-u", "nobody", "--", .. tcp], ["runuser", "-u", "nobody", "--", .. socket] }
            : [tcp];
        foreach (var args in attempts)
        {
            var psi = new ProcessStartInfo(args[0], args[1..])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
                Environment = { ["PGPASSWORD"] = null, ["PGPASSFILE"] = "/dev/null" },
            };
            using var psql = Process.Start(psi)!;
            var output = await psql.StandardOutput.ReadToEndAsync() + await psql.StandardError.ReadToEndAsync();
            await psql.WaitForExitAsync();
            Assert.True(psql.ExitCode != 0, $"psql {string.Join(' ', args)} got in: {output}");
            Assert.Matches("Permission denied|no password supplied|password authentication failed", output);
        }
    }
}
