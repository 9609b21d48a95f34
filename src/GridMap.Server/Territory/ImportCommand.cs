using System.Diagnostics;

namespace GridMap.Server.Territory;

/// <summary>
/// <c>gridmap import FILE</c>: the import of <c>POST /api/import/areas</c>, with progress and
/// problems on stderr and the summary on stdout. Exit code 0 imported, 1 rejected, 2 no file.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(NpgsqlDataSource db, string path, TextWriter output, TextWriter errors,
        CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            errors.WriteLine($"import: no such file: {path}");
            return 2;
        }
        errors.WriteLine($"reading {path} ({new FileInfo(path).Length / 1048576.0:0.0} MB)");
        var progress = new Progress(errors);
        ImportOutcome outcome;
        await using (var file = File.OpenRead(path))
            outcome = await AreaImporter.ImportAsync(db, file, progress, ct);
        progress.Finish();

        if (outcome is ImportOutcome.Imported i)
        {
            output.WriteLine($"imported {i.Count} areas: {string.Join(", ", i.ByLevel.Select(l => $"{l.Value} {l.Key}"))}");
            return 0;
        }
        return Report(outcome, path, errors);
    }

    /// <summary>Why the areas were not imported, on stderr; exit code 1.</summary>
    public static int Report(ImportOutcome outcome, string path, TextWriter errors)
    {
        switch (outcome)
        {
            case ImportOutcome.Rejected r:
                errors.WriteLine($"rejected: {r.Problems.Count} problem(s) in {r.Problems.Select(p => p.Index).Distinct().Count()} of {r.Features} features; nothing was written");
                foreach (var p in r.Problems)
                    errors.WriteLine($"  feature {p.Index}{(p.Code is null ? "" : $" ({p.Code})")} {p.Field}: {p.Reason}");
                return 1;
            case ImportOutcome.Unreadable u:
                errors.WriteLine($"rejected: {path}: {u.Reason}");
                return 1;
            case ImportOutcome.Refused f:
                errors.WriteLine($"rejected by the database: {f.Reason}; nothing was written");
                return 1;
            default:
                throw new InvalidOperationException($"unexpected outcome {outcome}");
        }
    }

    /// <summary>One line when a step ends, and one a second while a long step runs.</summary>
    public sealed class Progress(TextWriter errors) : IProgress<ImportProgress>
    {
        readonly Stopwatch stepClock = Stopwatch.StartNew();
        readonly Stopwatch sinceLine = Stopwatch.StartNew();
        ImportProgress? last;

        public void Report(ImportProgress value)
        {
            lock (this)
            {
                if (last is { } previous && previous.Step != value.Step) EndStep(previous);
                else if (last is not null && sinceLine.Elapsed.TotalSeconds >= 1)
                {
                    errors.WriteLine($"  {value.Step}: {value.Done} of {value.Total}");
                    sinceLine.Restart();
                }
                last = value;
            }
        }

        public void Finish()
        {
            lock (this)
            {
                if (last is { } previous) EndStep(previous);
                last = null;
            }
        }

        void EndStep(ImportProgress step)
        {
            errors.WriteLine($"{step.Step}: {step.Done} of {step.Total} in {stepClock.Elapsed.TotalSeconds:0.0} s");
            stepClock.Restart();
            sinceLine.Restart();
        }
    }
}
