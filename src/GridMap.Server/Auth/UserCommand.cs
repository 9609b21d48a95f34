using System.Security.Cryptography;
using Npgsql;

namespace GridMap.Server.Auth;

/// <summary><c>gridmap user add USERNAME --role ROLE [--area CODE] [--password P]</c>.</summary>
public static class UserCommand
{
    public const string Usage = "usage: gridmap user add USERNAME --role admin|command_centre|grid_leader|grid_worker|planner|reporter [--area CODE] [--password P]";

    public static async Task<int> AddAsync(NpgsqlDataSource db, string username, string[] options, TextWriter output, TextWriter error)
    {
        string? role = null, area = null, password = null;
        for (var i = 0; i < options.Length; i += 2)
        {
            var value = i + 1 < options.Length ? options[i + 1] : null;
            switch (options[i])
            {
                case "--role": role = value; break;
                case "--area": area = value; break;
                case "--password": password = value; break;
                default: error.WriteLine($"unknown option {options[i]}\n{Usage}"); return 2;
            }
        }
        if (Users.UsernameProblem(username) is { } badName) { error.WriteLine(badName); return 2; }
        if (Roles.Parse(role) is not { } parsed) { error.WriteLine($"unknown role '{role}'\n{Usage}"); return 2; }
        var generated = password is null;
        password ??= RandomPassword();
        if (Passwords.Problem(password) is { } badPassword) { error.WriteLine(badPassword); return 2; }

        if (await Users.AddAsync(db, username, Passwords.Hash(password), parsed, area) is { } problem) { error.WriteLine(problem); return 1; }
        output.WriteLine(generated ? $"added {username} ({parsed.Code()}); password: {password}" : $"added {username} ({parsed.Code()})");
        return 0;
    }

    public static string RandomPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
}
