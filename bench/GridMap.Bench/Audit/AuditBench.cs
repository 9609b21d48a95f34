using System.Diagnostics;
using GridMap.Bench.Import;
using Npgsql;

namespace GridMap.Bench.Audit;

/// <summary>
/// <c>bench audit</c>: what the triggers of every write of people's data cost a bulk write of
/// households: the audit trail (<c>data_changes</c>, Data/Sql/data_changes.sql) and the record
/// version (Data/Sql/record_versions.sql), today's trigger functions against the generic ones
/// they replaced, which read each row as <c>to_jsonb</c> (the geometry as GeoJSON), and against
/// no trail at all. The same N rows are inserted and then all updated, in a transaction that is
/// rolled back, the variants taking turns in every run so that a busy machine slows them alike.
/// Each figure is the database backend's CPU time (from /proc; the client only waits) and the wall
/// time. Before timing, it checks that both kinds of trigger function record the same rows and
/// versions.
/// </summary>
public static class AuditBench
{
    /// <summary>The trigger functions today's replaced, kept here as the baseline.</summary>
    const string Before = """
        CREATE FUNCTION bench_change_row_before(r jsonb, location geometry) RETURNS jsonb
        LANGUAGE sql IMMUTABLE AS $$
            SELECT r - 'location' || jsonb_build_object('location',
                CASE WHEN location IS NULL THEN NULL ELSE jsonb_build_array(ST_X(location), ST_Y(location)) END)
        $$;
        CREATE FUNCTION bench_record_changes_before() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            actor  text := coalesce(nullif(current_setting('gridmap.actor', true), ''), current_user);
            reason text := nullif(current_setting('gridmap.change_reason', true), '');
            entity text := TG_ARGV[0];
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
                SELECT actor, reason, entity, n.id, NULL, bench_change_row_before(to_jsonb(n), n.location) FROM new_rows n;
            ELSIF TG_OP = 'DELETE' THEN
                INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
                SELECT actor, reason, entity, o.id, bench_change_row_before(to_jsonb(o), o.location), NULL FROM old_rows o;
            ELSE
                INSERT INTO data_changes (actor, reason, entity, entity_id, before, after)
                SELECT actor, reason, entity, n.id, b, a
                FROM old_rows o JOIN new_rows n USING (id)
                CROSS JOIN LATERAL (SELECT bench_change_row_before(to_jsonb(o), o.location) AS b,
                                           bench_change_row_before(to_jsonb(n), n.location) AS a) x
                WHERE b - 'location' - 'located_at' - 'on_duty' IS DISTINCT FROM a - 'location' - 'located_at' - 'on_duty'
                   OR (entity <> 'staff' AND b IS DISTINCT FROM a);
            END IF;
            RETURN NULL;
        END $$;
        CREATE FUNCTION bench_raise_version_before() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF to_jsonb(NEW) - 'version' - coalesce(TG_ARGV, '{}') IS DISTINCT FROM to_jsonb(OLD) - 'version' - coalesce(TG_ARGV, '{}') THEN
                NEW.version := OLD.version + 1;
            ELSE
                NEW.version := OLD.version;
            END IF;
            RETURN NEW;
        END $$;
        """;

    enum Trail { Today, Before, None }

    public static async Task<int> RunAsync(Options options)
    {
        var rows = options.Int("households", 100_000);
        var runs = options.Int("runs", 5);
        var command = $"./gridmap bench audit --households {rows} --runs {runs}";
        Console.WriteLine($"{command}\nuptime at the start: {ImportBench.Uptime()}");

        await using var database = await ImportBench.DistrictAsync();
        await database.ExecuteAsync(Before);
        await database.ExecuteAsync($"""
            SELECT setseed(0.14);
            CREATE TABLE bench_households AS
            SELECT 'H' || i AS source_key, '住户' || i AS name, 1 + (random() * 5)::int AS members, 'member' AS kind,
                   '138' || lpad((random() * 99999999)::int::text, 8, '0') AS phone,
                   ST_SetSRID(ST_MakePoint(121.1005 + random() * 0.199, 31.8005 + random() * 0.149), 4326) AS location
            FROM generate_series(1, {rows}) i;
            """);

        await using var conn = await database.OpenAsync();
        await CheckSameRecordsAsync(conn);

        var cpu = new Dictionary<(Trail, string), List<double>>();
        var wall = new Dictionary<(Trail, string), List<double>>();
        var trails = new[] { Trail.Today, Trail.Before, Trail.None };
        for (var run = 0; run <= runs; run++) // run 0 warms up
        {
            // Each run in another order, so that none always goes first.
            foreach (var trail in trails.Skip(run % 3).Concat(trails.Take(run % 3)))
            {
                var times = await WriteAsync(conn, trail);
                Console.Error.WriteLine($"  run {run}/{runs} {trail}: " + string.Join(", ", times.Select(t => $"{t.Statement} cpu {t.Cpu:0.00} s, wall {t.Wall:0.00} s"))
                    + (run == 0 ? " (warm-up)" : ""));
                if (run == 0) continue;
                foreach (var t in times)
                {
                    (cpu.TryGetValue((trail, t.Statement), out var c) ? c : cpu[(trail, t.Statement)] = []).Add(t.Cpu);
                    (wall.TryGetValue((trail, t.Statement), out var w) ? w : wall[(trail, t.Statement)] = []).Add(t.Wall);
                }
            }
        }

        double Median(Dictionary<(Trail, string), List<double>> d, Trail trail, string statement) =>
            d[(trail, statement)].Order().ElementAt(d[(trail, statement)].Count / 2);
        Console.WriteLine();
        Console.WriteLine($"| {rows:N0} households | backend CPU: today's triggers, no trail | before | today | before → today | wall: before → today |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var statement in new[] { "insert", "update" })
        {
            var none = Median(cpu, Trail.None, statement);
            var (before, today) = (Median(cpu, Trail.Before, statement), Median(cpu, Trail.Today, statement));
            Console.WriteLine($"| {statement} | {none:0.00} s | {before:0.00} s | {today:0.00} s | {today / before:0.00}× "
                + $"| {Median(wall, Trail.Before, statement):0.00} s → {Median(wall, Trail.Today, statement):0.00} s |");
        }
        Console.WriteLine($"medians of {runs} runs; uptime at the end: {ImportBench.Uptime()}");
        return 0;
    }

    sealed record Timed(string Statement, double Cpu, double Wall);

    /// <summary>Inserts every row and then updates every one, with the given trail, and rolls back.</summary>
    static async Task<List<Timed>> WriteAsync(NpgsqlConnection conn, Trail trail)
    {
        await using var tx = await conn.BeginTransactionAsync();
        await ExecuteAsync(conn, "SELECT set_config('gridmap.actor', 'bench', true), set_config('gridmap.change_reason', 'bench', true)");
        await UseAsync(conn, trail);
        var pid = (int)(await new NpgsqlCommand("SELECT pg_backend_pid()", conn).ExecuteScalarAsync())!;
        var times = new List<Timed>();
        foreach (var (statement, sql) in new[]
        {
            ("insert", "INSERT INTO households (source_key, name, members, kind, phone, location) SELECT * FROM bench_households"),
            ("update", "UPDATE households SET members = members % 50 + 1"),
        })
        {
            var cpu = BackendCpuSeconds(pid);
            var clock = Stopwatch.StartNew();
            await ExecuteAsync(conn, sql);
            times.Add(new(statement, BackendCpuSeconds(pid) - cpu, clock.Elapsed.TotalSeconds));
        }
        await tx.RollbackAsync();
        return times;
    }

    /// <summary>
    /// Points the households' trail and version triggers at the functions before today's, or drops
    /// the trail's (in the caller's transaction); today's are what the database has.
    /// </summary>
    static async Task UseAsync(NpgsqlConnection conn, Trail trail)
    {
        if (trail == Trail.Today) return;
        if (trail == Trail.Before)
            await ExecuteAsync(conn, """
                DROP TRIGGER households_record_version ON households;
                CREATE TRIGGER households_record_version BEFORE UPDATE ON households
                FOR EACH ROW EXECUTE FUNCTION bench_raise_version_before();
                """);
        foreach (var (when, name, referencing) in new[]
        {
            ("INSERT", "households_changes_inserted", "NEW TABLE AS new_rows"),
            ("UPDATE", "households_changes_updated", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        })
        {
            await ExecuteAsync(conn, $"DROP TRIGGER {name} ON households");
            if (trail == Trail.Before)
                await ExecuteAsync(conn, $"""
                    CREATE TRIGGER {name} AFTER {when} ON households REFERENCING {referencing}
                    FOR EACH STATEMENT EXECUTE FUNCTION bench_record_changes_before('household')
                    """);
        }
    }

    /// <summary>
    /// Both kinds of function record the same rows, versions included (but for the ids, which a
    /// rolled-back insert does not give back). The second update changes nothing in some rows,
    /// which must keep their version.
    /// </summary>
    static async Task CheckSameRecordsAsync(NpgsqlConnection conn)
    {
        async Task<List<string>> RecordsAsync(Trail trail)
        {
            await using var tx = await conn.BeginTransactionAsync();
            await UseAsync(conn, trail);
            await ExecuteAsync(conn, "INSERT INTO households (source_key, name, members, kind, phone, location) SELECT * FROM bench_households");
            await ExecuteAsync(conn, "UPDATE households SET members = members % 50 + 1, phone = NULL WHERE members > 3");
            await ExecuteAsync(conn, "UPDATE households SET location = ST_Translate(location, 0, 0), phone = NULL WHERE members % 2 = 0");
            var records = new List<string>();
            await using (var cmd = new NpgsqlCommand("""
                SELECT concat_ws(' ', actor, reason, entity, before - 'id', after - 'id') FROM data_changes ORDER BY entity_id, id
                """, conn))
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) records.Add(r.GetString(0));
            await tx.RollbackAsync();
            return records;
        }
        var (today, before) = (await RecordsAsync(Trail.Today), await RecordsAsync(Trail.Before));
        if (today.Count == 0 || !today.SequenceEqual(before))
            throw new InvalidOperationException($"the trigger functions record different rows: {today.Count} against {before.Count}, "
                + $"first difference: {today.Zip(before).FirstOrDefault(p => p.First != p.Second)}");
        Console.WriteLine($"both kinds of trigger function record the same {today.Count:N0} rows (an insert of each household, two updates of some)");
    }

    static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>User and system CPU time of a process on this machine (the database's backend), from /proc/PID/stat.</summary>
    static double BackendCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the line, the 12th and 13th after the command; in clock ticks (100 a second).
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }
}
