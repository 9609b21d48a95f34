using System.Globalization;
using System.Text;

namespace GridMap.Bench.City;

/// <summary>
/// One measured figure of the city benchmark: what was measured, its value, the issue's target
/// (none for figures kept only to watch), and a baseline measured in the same run where one means
/// something. Lower is better, but for a figure marked <see cref="AtLeast"/> (a throughput ratio).
/// </summary>
public sealed record CityRow(string Name, double Value, string Unit, double? Target = null, double? Baseline = null, string? BaselineName = null, string? Note = null,
    bool AtLeast = false)
{
    public bool? Met => Target is { } t ? (AtLeast ? Value >= t : Value <= t) : null;

    public string TargetText => Target is { } t ? (AtLeast ? "≥ " : "≤ ") + CityReport.Value(t, Unit) : "—";
}

/// <summary>
/// The benchmark's table: printed as it grows, then written as the "City benchmark" section of
/// docs/benchmarks.md. To add a measurement (tiles, pages), call <see cref="Add"/> with its row.
/// </summary>
public sealed class CityReport
{
    public const string Heading = "## City benchmark";
    readonly List<CityRow> rows = [];

    public IReadOnlyList<CityRow> Rows => rows;

    public void Add(CityRow row)
    {
        rows.Add(row);
        Console.WriteLine(Line(row));
    }

    static string Line(CityRow r) =>
        $"{r.Name,-58} {Value(r.Value, r.Unit),12}   target {r.TargetText,-10} " +
        $"{(r.Met switch { true => "met", false => "NOT MET", null => "" }),-8}" +
        (r.Baseline is { } b ? $" baseline {r.BaselineName}: {Value(b, r.Unit)} ({r.Value / b:0.00}×)" : "");

    public static string Value(double value, string unit) => unit switch
    {
        "s" => value.ToString(value >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " s",
        "ms" => value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " ms",
        "MB" => value.ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        // Three places: a ratio just under its target must not read as the target ("0.9 ×, not met").
        "×" => value.ToString("0.000", CultureInfo.InvariantCulture) + " ×",
        _ => value.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit,
    };

    public string Markdown(string command, string load, string machine, DateTimeOffset when)
    {
        var md = new StringBuilder();
        md.AppendLine(Heading).AppendLine();
        md.AppendLine($"`{command}` on {when:yyyy-MM-dd HH:mm} UTC, {machine}; `uptime` before the run: {load}.");
        md.AppendLine("Written by the benchmark itself (bench/GridMap.Bench/City): rerun it rather than edit the table. Each HTTP figure is the");
        md.AppendLine("median of the runs after one warm-up, signed in as the demo admin, at district level. The machine is shared: with a load");
        md.AppendLine("far above its two cores every figure here is slower than on an idle one.").AppendLine();
        md.AppendLine("What runs: `demo generate` writes the district (GeoJSON) and `cases.jsonl.gz`; `demo load` puts it into a new");
        md.AppendLine("database in one transaction: the areas through the area import with every topology check (the territory row),");
        md.AppendLine("households, stations, staff, roads, cases and case_events by binary COPY, households' grids by one spatial join");
        md.AppendLine("(grid by grid through an index) in the one INSERT that data_changes audits, the roads' routing topology in one pass,");
        md.AppendLine("the cases replayed through the workflow (Case.Take, with the overdue watcher's marks) on the client's cores while");
        md.AppendLine("the database takes the rest, each case's snapshot made once from case_snapshots and joined to its events of the");
        md.AppendLine("last 30 days (older events without it, as the live stream's retention leaves them: Live:SnapshotDays), and the");
        md.AppendLine("indexes and foreign keys of cases and case_events rebuilt after their COPY. The area import refuses more than 100,000 features and");
        md.AppendLine("geometries of more than 200,000 positions before any check (and `POST /api/import/areas` bodies over");
        md.AppendLine("`GRIDMAP_IMPORT_MAX_BYTES`, 50 MB), each with a message saying to split the file. After the load and before anything");
        md.AppendLine("served is timed, the bench runs `VACUUM (ANALYZE)` and `CHECKPOINT` on the new database: the first autovacuum of the");
        md.AppendLine("loaded tables and the checkpoint of their pages, which a district in service has behind it.").AppendLine();
        md.AppendLine("| measured | value | target | met | baseline (same run) | note |");
        md.AppendLine("|---|---:|---:|---|---|---|");
        foreach (var r in rows)
            md.AppendLine($"| {r.Name} | {Value(r.Value, r.Unit)} | {r.TargetText} | " +
                $"{(r.Met switch { true => "met", false => "**not met**", null => "—" })} | " +
                $"{(r.Baseline is { } b ? $"{r.BaselineName}: {Value(b, r.Unit)} ({r.Value / b:0.00}×)" : "—")} | {r.Note ?? ""} |");
        return md.ToString();
    }

    /// <summary>Replaces the section in docs/benchmarks.md (up to the next level-2 heading), or appends it.</summary>
    public static void WriteSection(string path, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var start = text.IndexOf(Heading + "\n", StringComparison.Ordinal);
        if (start < 0)
        {
            File.WriteAllText(path, text.TrimEnd() + "\n\n" + section);
            return;
        }
        var next = text.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        var after = next < 0 ? "" : text[(next + 1)..];
        File.WriteAllText(path, text[..start] + section + (after.Length > 0 ? "\n" + after : ""));
    }
}
