using System.Security.Cryptography;

namespace GridMap.Server.Auth;

/// <summary><c>gridmap user add USERNAME --role ROLE [--area CODE] [--password P]</c> and <c>gridmap user passwd USERNAME</c>.</summary>
public static class UserCommand
{
    public const string Usage = """
        usage: gridmap user add USERNAME --role admin|command_centre|grid_leader|grid_worker|planner|reporter|department [--area CODE] [--department CODE] [--password P]
               gridmap user passwd USERNAME   (the new password from standard input, or asked for twice without echo)
        """;

    /// <param name="departments">The department codes of the case catalogue, which <c>--department</c> must name.</param>
    public static async Task<int> AddAsync(NpgsqlDataSource db, string username, string[] options, TextWriter output, TextWriter error,
        IReadOnlyCollection<string>? departments = null)
    {
        string? role = null, area = null, password = null, department = null;
        for (var i = 0; i < options.Length; i += 2)
        {
            var value = i + 1 < options.Length ? options[i + 1] : null;
            switch (options[i])
            {
                case "--role": role = value; break;
                case "--area": area = value; break;
                case "--department": department = value; break;
                case "--password": password = value; break;
                default: error.WriteLine($"unknown option {options[i]}\n{Usage}"); return 2;
            }
        }
        if (Users.UsernameProblem(username) is { } badName) { error.WriteLine(badName); return 2; }
        if (Roles.Parse(role) is not { } parsed) { error.WriteLine($"unknown role '{role}'\n{Usage}"); return 2; }
        var generated = password is null;
        password ??= RandomPassword();
        if (Passwords.Problem(password) is { } badPassword) { error.WriteLine(badPassword); return 2; }

        if (department is not null && departments is not null && !departments.Contains(department))
        {
            error.WriteLine($"unknown department '{department}'; one of {string.Join(", ", departments)}");
            return 2;
        }
        if (await Users.AddAsync(db, username, Passwords.Hash(password), parsed, area, departmentCode: department) is { } problem) { error.WriteLine(problem); return 1; }
        output.WriteLine(generated ? $"added {username} ({parsed.Code()}); password: {password}" : $"added {username} ({parsed.Code()})");
        return 0;
    }

    /// <summary>
    /// Gives a user a new password, read as one line from <paramref name="input"/> (a pipe, or the
    /// hidden prompt) rather than from the command line, where other accounts could see it.
    /// </summary>
    public static async Task<int> PasswdAsync(NpgsqlDataSource db, string username, TextReader input, TextWriter output, TextWriter error)
    {
        if (Users.UsernameProblem(username) is { } badName) { error.WriteLine(badName); return 2; }
        if (await Users.FindAsync(db, username) is null) { error.WriteLine($"there is no user {username}"); return 1; }
        var password = input.ReadLine();
        if (password is null) { error.WriteLine("no new password was given: nothing changed"); return 1; }
        if (Passwords.Problem(password) is { } badPassword) { error.WriteLine(badPassword); return 2; }
        if (!await Users.SetPasswordHashAsync(db, username, Passwords.Hash(password))) { error.WriteLine($"there is no user {username}"); return 1; }
        output.WriteLine($"changed the password of {username}");
        return 0;
    }

    public static string RandomPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
}
