namespace GridMap.Tests.Data;

/// <summary><c>./gridmap backup</c> and <c>./gridmap restore</c> on the test's databases (given as GRIDMAP_DB, as for any external PostGIS).</summary>
public class BackupTests(CasesApp app) : IClassFixture<CasesApp>
{
    static async Task<(int Code, string Output)> GridmapAsync(TestDatabase db, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(TestDatabase.RepoRoot, "gridmap"), args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            Environment = { ["GRIDMAP_DB"] = db.ServiceConnectionString, ["GRIDMAP_DB_OWNER"] = db.OwnerConnectionString },
        };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Every table of the schema with its row count, and one case's whole audit trail.</summary>
    static async Task<(Dictionary<string, long> Counts, List<string> Trail)> ContentsAsync(TestDatabase db, long caseId)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
            ORDER BY 1
            """, conn))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", conn);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }
        var trail = new List<string>();
        if (!counts.ContainsKey("case_events")) return (counts, trail);
        await using (var events = new NpgsqlCommand("SELECT to_jsonb(e) - 'snapshot' || jsonb_build_object('snapshot', e.snapshot) FROM case_events e WHERE case_id = $1 ORDER BY seq", conn))
        {
            events.Parameters.Add(new() { Value = caseId });
            await using var r = await events.ExecuteReaderAsync();
            while (await r.ReadAsync()) trail.Add(r.GetString(0));
        }
        return (counts, trail);
    }

    [Fact]
    public async Task A_backup_restored_into_a_fresh_database_holds_the_same_rows_and_audit_trail()
    {
        var cases = new CaseClient(app.ClientFor(SmallDistrict.Admin));
        var c = await cases.InProgressAsync();
        c = await cases.MoveOkAsync(c, "submit_feedback", new { note = "已清理" });
        await cases.ReportAsync(121.22, 31.88);
        var caseId = c.GetProperty("id").GetInt64();
        var file = Path.Combine(Path.GetTempPath(), $"gridmap-backup-{Guid.NewGuid():N}.dump");
        var fresh = new TestDatabase();
        await fresh.InitializeAsync();
        try
        {
            var backup = await GridmapAsync(app.Database, "backup", file);
            Assert.True(backup.Code == 0, backup.Output);
            var restore = await GridmapAsync(fresh, "restore", file);
            Assert.True(restore.Code == 0, restore.Output);

            var (counts, trail) = await ContentsAsync(app.Database, caseId);
            var (restoredCounts, restoredTrail) = await ContentsAsync(fresh, caseId);
            Assert.Equal(counts, restoredCounts);
            Assert.True(counts["cases"] >= 2 && counts["case_events"] >= 5 && counts["areas"] > 0, string.Join(", ", counts));
            Assert.Equal(5, trail.Count);
            Assert.Equal(trail, restoredTrail);

            // A second restore would mix two districts: refused unless asked, and nothing changes.
            var again = await GridmapAsync(fresh, "restore", file);
            Assert.NotEqual(0, again.Code);
            Assert.Contains("not empty", again.Output);
            Assert.Equal(counts, (await ContentsAsync(fresh, caseId)).Counts);

            var forced = await GridmapAsync(fresh, "restore", file, "--force");
            Assert.True(forced.Code == 0, forced.Output);
            Assert.Equal(counts, (await ContentsAsync(fresh, caseId)).Counts);
        }
        finally
        {
            File.Delete(file);
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_file_that_is_no_backup_is_refused_and_nothing_is_written()
    {
        var file = Path.GetTempFileName();
        var fresh = new TestDatabase();
        await fresh.InitializeAsync();
        try
        {
            await File.WriteAllTextAsync(file, "not a dump");
            var restore = await GridmapAsync(fresh, "restore", file);
            Assert.NotEqual(0, restore.Code);
            Assert.Contains("not a backup", restore.Output);
            Assert.Empty((await ContentsAsync(fresh, 0)).Counts);
        }
        finally
        {
            File.Delete(file);
            await fresh.DisposeAsync();
        }
    }
}
