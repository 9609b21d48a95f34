using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace GridMap.Bench.Tiles;

/// <summary>
/// CPU time (user and system, from <c>/proc</c>) of the processes a tile goes through: the bench
/// itself with the processes it ran (the HTTP client, wrk, or Npgsql for the bare statement), the server, and the PostgreSQL
/// backends serving this database. On a machine whose cores are all busy, throughput follows
/// CPU per tile, so the difference between the two sides' CPU per tile is what the endpoint adds,
/// and in which process.
/// </summary>
public sealed record CpuTimes(TimeSpan Bench, TimeSpan Server, TimeSpan Postgres)
{
    public TimeSpan Total => Bench + Server + Postgres;

    public static CpuTimes operator -(CpuTimes a, CpuTimes b) => new(a.Bench - b.Bench, a.Server - b.Server, a.Postgres - b.Postgres);
    public static CpuTimes operator +(CpuTimes a, CpuTimes b) => new(a.Bench + b.Bench, a.Server + b.Server, a.Postgres + b.Postgres);

    public static readonly CpuTimes Zero = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>
    /// Now. The backends are read by process id; one that ended since <paramref name="before"/>
    /// is lost (the pools of both sides hold their connections, so none do while the trace runs).
    /// </summary>
    public static async Task<Snapshot> TakeAsync(NpgsqlDataSource db, Process server)
    {
        await using var cmd = db.CreateCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'");
        var backends = new Dictionary<int, TimeSpan>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                if (Of(r.GetInt32(0)) is { } time) backends[r.GetInt32(0)] = time;
        server.Refresh();
        return new(BenchAndChildren(), server.TotalProcessorTime, backends, TieredCompilation(server.Id), TieredCompilation(Environment.ProcessId));
    }

    /// <param name="ServerJit">The server's background compiler (its tiered compilation threads): still busy means not yet warm.</param>
    /// <param name="BenchJit">The bench's own: its Npgsql and HttpClient are compiled anew as the passes warm them, on the cores the next pass uses.</param>
    public sealed record Snapshot(TimeSpan Bench, TimeSpan Server, Dictionary<int, TimeSpan> Backends, TimeSpan ServerJit, TimeSpan BenchJit)
    {
        public CpuTimes Since(Snapshot before) => new(Bench - before.Bench, Server - before.Server,
            Backends.Aggregate(TimeSpan.Zero, (sum, b) => sum + b.Value - before.Backends.GetValueOrDefault(b.Key)));

        public TimeSpan ServerJitSince(Snapshot before) => Grown(ServerJit, before.ServerJit);

        public TimeSpan BenchJitSince(Snapshot before) => Grown(BenchJit, before.BenchJit);

        /// <summary>
        /// At least zero: a compiler thread that ended in between took its time out of the sum,
        /// so the figure is a lower bound, and one that went down says the compiler is idle.
        /// </summary>
        static TimeSpan Grown(TimeSpan after, TimeSpan before) => after > before ? after - before : TimeSpan.Zero;
    }

    /// <summary>CPU of the threads of <paramref name="pid"/> that the runtime names ".NET Tiered Compilation Worker" (truncated to 15 characters in /proc).</summary>
    static TimeSpan TieredCompilation(int pid)
    {
        var sum = TimeSpan.Zero;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal) && Of(task) is { } time) sum += time;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return sum;
    }

    static TimeSpan? Of(int pid) => Of($"/proc/{pid}");

    /// <summary>The bench's own CPU and its children's that ended (wrk's runs): fields 14 to 17 of its stat.</summary>
    static TimeSpan BenchAndChildren() => Ticks(File.ReadAllText("/proc/self/stat"), 11, 4);

    /// <summary>utime + stime of a process or thread, fields 14 and 15 of its stat (in clock ticks of 10 ms); null when it is gone.</summary>
    static TimeSpan? Of(string folder)
    {
        string stat;
        try { stat = File.ReadAllText(Path.Combine(folder, "stat")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        return Ticks(stat, 11, 2);
    }

    /// <summary>The sum of <paramref name="count"/> fields of clock ticks (10 ms), from field <paramref name="first"/> after the process's name.</summary>
    static TimeSpan Ticks(string stat, int first, int count)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = 0;
        for (int i = first; i < first + count; i++) ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10.0);
    }
}
