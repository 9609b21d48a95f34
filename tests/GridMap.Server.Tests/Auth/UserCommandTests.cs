using GridMap.Server.Demo;

namespace GridMap.Tests.Auth;

public class UserCommandTests(AuthApp app) : IClassFixture<AuthApp>
{
    async Task<(int Code, string Out, string Error)> AddAsync(string username, params string[] options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await UserCommand.AddAsync(app.Services.GetRequiredService<GridMap.Server.Data.SchemaOwner>().Db, username, options, output, error);
        return (code, output.ToString(), error.ToString());
    }

    async Task<HttpStatusCode> SignInAsync(string username, string password) =>
        (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { username, password })).StatusCode;

    [Fact]
    public async Task User_add_creates_a_user_who_signs_in_with_the_given_password()
    {
        var (code, output, _) = await AddAsync("centre-east", "--role", "command_centre", "--area", "320614002", "--password", "east-centre-pw");
        Assert.Equal(0, code);
        Assert.Equal("added centre-east (command_centre)", output.Trim());
        Assert.Equal(HttpStatusCode.OK, await SignInAsync("centre-east", "east-centre-pw"));
        Assert.Equal([3L], await app.QueryAsync("SELECT area_id FROM users WHERE username = 'centre-east'", r => r.GetInt64(0)));
    }

    [Fact]
    public async Task Without_a_password_one_is_made_and_shown_once()
    {
        var (code, output, _) = await AddAsync("planner-west", "--role", "planner", "--area", "320614001");
        Assert.Equal(0, code);
        var password = output.Trim().Split("password: ")[1];
        Assert.True(password.Length >= 16);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync("planner-west", password));
    }

    [Fact]
    public async Task A_grid_leader_is_linked_to_the_leader_in_the_staff_list_of_its_grid()
    {
        Assert.Equal(0, (await AddAsync("leader-east-2", "--role", "grid_leader", "--area", "320614002001002", "--password", "leader-east-pw")).Code);
        Assert.Equal(["孙丽"], await app.QueryAsync("SELECT s.name FROM users u JOIN staff s ON s.id = u.staff_id WHERE u.username = 'leader-east-2'", r => r.GetString(0)));
    }

    [Theory]
    [InlineData("x-1", "mayor", "320614001", "unknown role 'mayor'")]
    [InlineData("x-2", "command_centre", null, "a command_centre needs an area (--area CODE)")]
    [InlineData("x-3", "grid_leader", "320614001", "a grid_leader applies to a grid, not a street")]
    [InlineData("x-4", "planner", "999999", "there is no area with code 999999")]
    [InlineData("x-5", "reporter", "320614001", "a reporter has no area")]
    [InlineData("Bad Name", "admin", null, "a username is 1 to 64 lower-case letters")]
    [InlineData("admin", "admin", null, "the user admin exists already")]
    public async Task User_add_refuses_what_would_make_a_wrong_user(string username, string role, string? area, string reason)
    {
        string[] options = area is null ? ["--role", role, "--password", "long-enough-pw"] : ["--role", role, "--area", area, "--password", "long-enough-pw"];
        var (code, _, error) = await AddAsync(username, options);
        Assert.NotEqual(0, code);
        Assert.StartsWith(reason, error.Trim());
    }

    async Task<(int Code, string Out, string Error)> PasswdAsync(string username, string input)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await UserCommand.PasswdAsync(app.Services.GetRequiredService<GridMap.Server.Data.SchemaOwner>().Db, username, new StringReader(input), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task User_passwd_takes_the_new_password_from_standard_input_and_the_old_one_no_longer_signs_in()
    {
        Assert.Equal(0, (await AddAsync("planner-passwd", "--role", "planner", "--area", "320614001", "--password", "first-password")).Code);
        var (code, output, _) = await PasswdAsync("planner-passwd", "second-password\n");
        Assert.Equal((0, "changed the password of planner-passwd"), (code, output.Trim()));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync("planner-passwd", "second-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("planner-passwd", "first-password"));
    }

    [Theory]
    [InlineData("ghost", "long-enough-pw\n", 1, "there is no user ghost")]
    [InlineData("planner-kept", "short\n", 2, "a password has at least 10 characters")]
    [InlineData("planner-kept", "", 1, "no new password was given: nothing changed")]
    [InlineData("Bad Name", "long-enough-pw\n", 2, "a username is 1 to 64 lower-case letters")]
    public async Task User_passwd_refuses_and_keeps_the_password_when_the_user_or_the_new_password_is_wrong(string username, string input, int expectedCode, string reason)
    {
        await AddAsync("planner-kept", "--role", "planner", "--area", "320614001", "--password", "kept-password");
        var (code, output, error) = await PasswdAsync(username, input);
        Assert.Equal((expectedCode, ""), (code, output));
        Assert.StartsWith(reason, error.Trim());
        Assert.Equal(HttpStatusCode.OK, await SignInAsync("planner-kept", "kept-password"));
    }

    [Fact]
    public async Task A_short_password_is_refused()
    {
        var (code, _, error) = await AddAsync("x-6", "--role", "admin", "--password", "short");
        Assert.Equal(2, code);
        Assert.Equal("a password has at least 10 characters", error.Trim());
    }
}

public class DemoUsersTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    CaseCatalogue Catalogue => app.Services.GetRequiredService<CaseCatalogue>();

    [Fact]
    public async Task The_demo_has_one_user_per_role_street_grid_and_department_and_one_per_grid_worker_each_linked_to_its_staff()
    {
        await using var conn = new NpgsqlConnection(app.Database.ConnectionString);
        await conn.OpenAsync();
        async Task<long> Count(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        var streets = await Count("SELECT count(*) FROM areas WHERE level = 'street'");
        var grids = await Count("SELECT count(*) FROM areas WHERE level = 'grid' AND layer = 'party'");
        // A grid's further workers (worker-<grid code>-2 and on) besides.
        var furtherWorkers = await Count("SELECT count(*) - count(DISTINCT home_grid_id) FROM staff WHERE role = 'grid_worker'");
        Assert.True(furtherWorkers > 0);
        var departments = Catalogue.Departments.Count;
        Assert.Equal(3 + streets + 2 * grids + furtherWorkers + departments, await Count("SELECT count(*) FROM users"));
        // Each department over the whole district, as the cases' trails name them.
        Assert.Equal(departments, await Count("""
            SELECT count(*) FROM users u JOIN areas a ON a.id = u.area_id
            WHERE u.role = 'department' AND a.level = 'district' AND u.username = 'dept-' || u.department_code
            """));
        Assert.Equal(streets, await Count("SELECT count(*) FROM users u JOIN areas a ON a.id = u.area_id WHERE u.role = 'command_centre' AND u.username = 'centre-' || a.code"));
        // Linked where the grid has such a staff member, to one of its own.
        Assert.Equal(await Count("SELECT count(DISTINCT home_grid_id) FROM staff WHERE role = 'grid_leader'"),
            await Count("SELECT count(*) FROM users u JOIN staff s ON s.id = u.staff_id WHERE u.role = 'grid_leader' AND s.role = 'grid_leader' AND s.home_grid_id = u.area_id"));
        Assert.Equal(await Count("SELECT count(*) FROM staff WHERE role = 'grid_worker'"),
            await Count("SELECT count(*) FROM users u JOIN staff s ON s.id = u.staff_id WHERE u.role = 'grid_worker' AND s.role = 'grid_worker' AND s.home_grid_id = u.area_id"));

        var leader = await Count("SELECT id FROM areas WHERE level = 'grid' AND layer = 'party' ORDER BY id LIMIT 1");
        var code = (string)(await new NpgsqlCommand($"SELECT code FROM areas WHERE id = {leader}", conn).ExecuteScalarAsync())!;
        var households = await app.ClientFor("leader-" + code).GetFromJsonAsync<JsonElement>("/api/households");
        Assert.Equal(await Count($"SELECT count(*) FROM households WHERE grid_id = {leader}"), households.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Loading_the_demo_again_shows_the_password_only_when_it_signs_in_and_changes_no_user()
    {
        var db = app.Services.GetRequiredService<GridMap.Server.Data.SchemaOwner>().Db;
        var before = await Sql.QueryAsync(app.Database.ConnectionString, "SELECT username || ' ' || password_hash FROM users ORDER BY id", r => r.GetString(0));

        // A second checkout sharing the database: it holds another password, or none at all.
        foreach (var other in new[] { "another-checkouts-pw", null })
        {
            var log = new StringWriter();
            Assert.Null(await DemoUsers.SeedIfNoneAsync(db, Catalogue, other, log));
            Assert.Contains("their passwords are unchanged", log.ToString());
            Assert.Contains("./gridmap user passwd NAME", log.ToString());
            if (other is not null) Assert.DoesNotContain(other, log.ToString());
        }
        var kept = new StringWriter();
        Assert.Equal(GridMapApp.Password, await DemoUsers.SeedIfNoneAsync(db, Catalogue, GridMapApp.Password, kept));
        Assert.Contains($"sign in with the password {GridMapApp.Password}", kept.ToString());

        Assert.Equal(before, await Sql.QueryAsync(app.Database.ConnectionString, "SELECT username || ' ' || password_hash FROM users ORDER BY id", r => r.GetString(0)));
    }

    [Fact]
    public void The_kept_demo_password_is_readable_by_its_owner_only()
    {
        var folder = Directory.CreateTempSubdirectory("gridmap-demo-password-");
        try
        {
            var path = Path.Combine(folder.FullName, "demo-password");
            Assert.Null(DemoPasswordFile.Read(path));
            File.WriteAllText(path, "old\n");
            DemoPasswordFile.Keep(path, "the-one-that-works");
            Assert.Equal("the-one-that-works", DemoPasswordFile.Read(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally { folder.Delete(recursive: true); }
    }
}
