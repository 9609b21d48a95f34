namespace GridMap.Server.Auth;

/// <summary>A user as stored: who, the password hash, the role and the area it applies to.</summary>
public sealed record User(long Id, string Username, string PasswordHash, Role Role, long? AreaId, long? StaffId, string? DepartmentCode = null)
{
    public Caller AsCaller() => new(Id, Username, Role, AreaId, StaffId, DepartmentCode);
}

public static class Users
{
    public static async Task<User?> FindAsync(NpgsqlDataSource db, string username, CancellationToken ct = default)
    {
        await using var cmd = db.Command("SELECT id, username, password_hash, role, area_id, staff_id, department_code FROM users WHERE username = @username", ("username", username));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new(r.GetInt64(0), r.GetString(1), r.GetString(2), Roles.Parse(r.GetString(3))!.Value,
            r.IsDBNull(4) ? null : r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetString(6));
    }

    /// <summary>Whether the account behind a sign-in still exists with the role and area it was signed in with.</summary>
    public static async Task<bool> StillMatchesAsync(NpgsqlDataSource db, Caller caller, CancellationToken ct = default)
    {
        await using var cmd = db.Command("""
            SELECT EXISTS (SELECT FROM users WHERE id = @id AND role = @role AND area_id IS NOT DISTINCT FROM @areaId::bigint
                                               AND department_code IS NOT DISTINCT FROM @department::text)
            """, ("id", caller.UserId), ("role", caller.Role.Code()), ("areaId", caller.AreaId), ("department", caller.DepartmentCode));
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Which area levels a role may be given.</summary>
    public static IReadOnlyList<string> LevelsFor(Role role) => role switch
    {
        Role.CommandCentre => [AreaLevel.Street.Name(), AreaLevel.Community.Name()],
        Role.GridLeader or Role.GridWorker => [AreaLevel.Grid.Name()],
        Role.Planner => [.. AreaNames.LevelNames.Where(l => l != AreaLevel.MicroGrid.Name())],
        Role.Department => [AreaLevel.District.Name(), AreaLevel.Street.Name(), AreaLevel.Community.Name()],
        Role.Admin => AreaNames.LevelNames,
        _ => [],
    };

    /// <summary>
    /// Adds a user. A grid leader or worker is linked to the first staff member of that role in
    /// the grid who has no user yet, so "cases assigned to me" and "my location" work.
    /// Returns the reason when the user cannot be added.
    /// </summary>
    /// <param name="departmentCode">A department user's department, a code of the case catalogue (checked by the caller); for that role only.</param>
    public static async Task<string?> AddAsync(NpgsqlDataSource db, string username, string passwordHash, Role role, string? areaCode,
        CancellationToken ct = default, string? departmentCode = null)
    {
        long? areaId = null;
        if (role == Role.Reporter && areaCode is not null) return "a reporter has no area";
        if ((role == Role.Department) != (departmentCode is not null))
            return role == Role.Department ? "a department user needs its department (--department CODE)" : "only a department user has a department";
        if (areaCode is not null)
        {
            await using var find = db.Command("""
                SELECT id, level FROM areas WHERE code = @code
                ORDER BY layer IS NOT NULL AND layer <> 'party', id LIMIT 1
                """, ("code", areaCode));
            await using var r = await find.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return $"there is no area with code {areaCode}";
            if (!LevelsFor(role).Contains(r.GetString(1))) return $"a {role.Code()} applies to a {string.Join(" or ", LevelsFor(role))}, not a {r.GetString(1)}";
            areaId = r.GetInt64(0);
        }
        else if (role is not (Role.Admin or Role.Reporter)) return $"a {role.Code()} needs an area (--area CODE)";

        await using var add = db.Command("""
            INSERT INTO users (username, password_hash, role, area_id, staff_id, department_code)
            SELECT @username, @passwordHash, @role, @areaId::bigint,
                   (SELECT s.id FROM staff s
                    WHERE s.home_grid_id = @areaId::bigint AND s.role = @role AND NOT EXISTS (SELECT 1 FROM users u WHERE u.staff_id = s.id)
                    ORDER BY s.id LIMIT 1),
                   @department::text
            ON CONFLICT (username) DO NOTHING
            """, ("username", username), ("passwordHash", passwordHash), ("role", role.Code()), ("areaId", areaId), ("department", departmentCode));
        return await add.ExecuteNonQueryAsync(ct) == 1 ? null : $"the user {username} exists already";
    }

    /// <summary>Replaces a user's password hash; false when there is no such user.</summary>
    public static async Task<bool> SetPasswordHashAsync(NpgsqlDataSource db, string username, string passwordHash, CancellationToken ct = default)
    {
        await using var cmd = db.Command("UPDATE users SET password_hash = @passwordHash WHERE username = @username",
            ("username", username), ("passwordHash", passwordHash));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public static string? UsernameProblem(string username) =>
        System.Text.RegularExpressions.Regex.IsMatch(username, "^[a-z0-9][a-z0-9._-]{0,63}$")
            ? null
            : "a username is 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
}
