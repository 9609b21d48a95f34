namespace GridMap.Tests.Field;

/// <summary><c>./gridmap user add NAME --role department --department CODE --area CODE</c>.</summary>
public class DepartmentUserTests(AuthApp app) : IClassFixture<AuthApp>
{
    static readonly string[] Departments = ["urban_management", "public_security"];

    async Task<(int Code, string Out, string Error)> AddAsync(string username, params string[] options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await UserCommand.AddAsync(app.Services.GetRequiredService<GridMap.Server.Data.SchemaOwner>().Db, username, options, output, error, Departments);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_department_user_is_added_with_its_department_and_area_and_signs_in_as_such()
    {
        var (code, output, _) = await AddAsync("police-west", "--role", "department", "--department", "public_security", "--area", "320614001", "--password", "police-west-pw");
        Assert.Equal(0, code);
        Assert.Equal("added police-west (department)", output.Trim());
        Assert.Equal([("public_security", 2L)], await app.QueryAsync("SELECT department_code, area_id FROM users WHERE username = 'police-west'",
            r => (r.GetString(0), r.GetInt64(1))));
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { username = "police-west", password = "police-west-pw" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("department", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("--role", "department", "--area", "320614001")]                                    // no department
    [InlineData("--role", "department", "--department", "fire_brigade", "--area", "320614001")]    // not in the catalogue
    [InlineData("--role", "department", "--department", "urban_management")]                       // no area
    [InlineData("--role", "department", "--department", "urban_management", "--area", "320614001001001")] // a grid
    [InlineData("--role", "planner", "--department", "urban_management", "--area", "320614001")]   // not a department
    public async Task A_department_user_needs_a_known_department_and_an_area_and_no_one_else_has_one(params string[] options)
    {
        var (code, _, error) = await AddAsync("dept-wrong", options);
        Assert.NotEqual(0, code);
        Assert.NotEmpty(error.Trim());
        Assert.Empty(await app.QueryAsync("SELECT id FROM users WHERE username = 'dept-wrong'", r => r.GetInt64(0)));
    }
}
