using GridMap.Demo;

namespace GridMap.Server.Demo;

/// <summary>
/// One demo user per role and area: admin, planner, reporter, centre-&lt;street code&gt;,
/// leader-&lt;grid code&gt; and worker-&lt;grid code&gt; (linked to that grid's leader or first worker
/// in the staff list, when there is one), worker-&lt;grid code&gt;-2 and on for a grid's further
/// workers, and dept-&lt;department code&gt; for each functional department of the catalogue, over
/// the whole district; all with the same demo password.
/// </summary>
public static class DemoUsers
{
    const string Who = "the demo users (admin, planner, reporter, centre-<street code>, leader-<grid code>, worker-<grid code>, dept-<department code>)";

    /// <summary>
    /// Adds the demo users when the database has no user yet, with <paramref name="password"/> or
    /// a random one. Returns the password that signs them in: the one they were given now, or the
    /// given one when it is already theirs. Null when users exist with another password, which
    /// stays as it is: a password shown on screen must be one that works.
    /// </summary>
    public static async Task<string?> SeedIfNoneAsync(NpgsqlDataSource db, CaseCatalogue catalogue, string? password, TextWriter log, CancellationToken ct = default)
    {
        await using (var any = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM users)"))
            if ((bool)(await any.ExecuteScalarAsync(ct))!)
            {
                if (!string.IsNullOrEmpty(password) && Passwords.Verify((await Users.FindAsync(db, "admin", ct))?.PasswordHash, password))
                {
                    log.WriteLine($"demo data: {Who} sign in with the password {password}");
                    return password;
                }
                log.WriteLine("demo data: users exist already; their passwords are unchanged (the demo users' is the one shown when they were made);"
                    + " set a new one with ./gridmap user passwd NAME");
                return null;
            }
        password = string.IsNullOrEmpty(password) ? UserCommand.RandomPassword() : password;
        // One hash for all: they share the password, so separate salts would hide nothing.
        string[] departments = [.. catalogue.Departments.Select(d => d.Code)];
        await using var cmd = db.Command(Sql, [("passwordHash", Passwords.Hash(password)),
            ("departments", departments), ("departmentUsers", departments.Select(DemoCaseRules.DepartmentUsername).ToArray())]);
        log.WriteLine($"demo data: users: {await cmd.ExecuteNonQueryAsync(ct)} rows; {Who} sign in with the password {password}");
        return password;
    }

    const string Sql = """
        WITH district AS (SELECT id FROM areas WHERE level = 'district' ORDER BY id LIMIT 1),
        grids AS (SELECT id, code FROM areas WHERE level = 'grid' AND layer = 'party')
        INSERT INTO users (username, password_hash, role, area_id, staff_id, department_code)
        SELECT 'admin', @passwordHash::text, 'admin', (SELECT id FROM district), NULL::bigint, NULL::text
        UNION ALL SELECT 'planner', @passwordHash, 'planner', id, NULL, NULL FROM district
        UNION ALL SELECT 'reporter', @passwordHash, 'reporter', NULL, NULL, NULL
        UNION ALL SELECT 'centre-' || code, @passwordHash, 'command_centre', id, NULL, NULL FROM areas WHERE level = 'street'
        UNION ALL SELECT 'leader-' || g.code, @passwordHash, 'grid_leader', g.id,
                         (SELECT s.id FROM staff s WHERE s.home_grid_id = g.id AND s.role = 'grid_leader' ORDER BY s.id LIMIT 1), NULL
                  FROM grids g
        -- Every grid worker, named as the generator names them in the cases' trails (DemoStaffing.WorkerUsernames);
        -- a grid without one still has its worker- sign-in.
        UNION ALL SELECT 'worker-' || g.code || CASE WHEN w.n > 1 THEN '-' || w.n ELSE '' END, @passwordHash, 'grid_worker', g.id, w.id, NULL
                  FROM grids g LEFT JOIN LATERAL (
                      SELECT s.id, row_number() OVER (ORDER BY s.id) AS n FROM staff s WHERE s.home_grid_id = g.id AND s.role = 'grid_worker') w ON true
        -- Each department, named as the generator names them in the cases' trails (DemoCaseRules.DepartmentUsername).
        UNION ALL SELECT d.username, @passwordHash, 'department', (SELECT id FROM district), NULL, d.code
                  FROM unnest(@departmentUsers::text[], @departments::text[]) AS d (username, code)
        """;
}
