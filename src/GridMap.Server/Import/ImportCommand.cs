using GridMap.Server.Territory;

namespace GridMap.Server.Import;

/// <summary>
/// <c>gridmap import KIND FILE --crs CRS [--dry-run]</c>: the import of <c>POST /api/import/{kind}</c>
/// from the command line, with progress and bad rows on stderr and the counts on stdout.
/// Exit code 0 imported (or a clean dry run), 1 refused, 2 usage. <c>gridmap import FILE</c> (a
/// GeoJSON FeatureCollection of areas in WGS84) stays as it was: <see cref="Territory.ImportCommand"/>.
/// </summary>
public static class ImportCommand
{
    public const string Usage = "usage: gridmap import KIND FILE --crs CRS [--dry-run]   (KIND: areas, households, stations, staff)";

    public static async Task<int> RunAsync(NpgsqlDataSource db, string kindName, string path, string[] options, TextWriter output, TextWriter errors,
        CancellationToken ct = default)
    {
        if (!Enum.TryParse<ImportKind>(kindName, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(kindName, out _))
        {
            errors.WriteLine($"import: '{kindName}' is not a kind of import");
            errors.WriteLine(Usage);
            return 2;
        }
        var dryRun = options.Contains("--dry-run");
        var crsAt = Array.IndexOf(options, "--crs");
        var crs = Crs.Parse(crsAt >= 0 && crsAt + 1 < options.Length ? options[crsAt + 1] : null, out var crsProblem);
        if (crs is null || options.Any(o => o.StartsWith("--", StringComparison.Ordinal) && o is not ("--crs" or "--dry-run")))
        {
            errors.WriteLine($"import: {crsProblem ?? $"unknown option in {string.Join(' ', options)}"}");
            errors.WriteLine(Usage);
            return 2;
        }
        if (!File.Exists(path))
        {
            errors.WriteLine($"import: no such file: {path}");
            return 2;
        }
        ImportFile.RegisterEncodings();
        errors.WriteLine($"reading {path} ({new FileInfo(path).Length / 1048576.0:0.0} MB)");
        SourceTable table;
        try
        {
            table = ImportFile.Read(await File.ReadAllBytesAsync(path, ct), ImportLimits.From(new ConfigurationBuilder().AddEnvironmentVariables().Build()));
        }
        catch (ImportFileException e)
        {
            errors.WriteLine($"rejected: {path}: {e.Message}");
            return 1;
        }
        errors.WriteLine($"{table.Rows.Count} rows ({table.Format}{(table.Encoding is { } enc ? ", " + enc : "")}) in {crs.Name}");
        var actor = $"cli:{Environment.UserName}";
        var progress = new Territory.ImportCommand.Progress(errors);
        if (kind == ImportKind.Areas)
        {
            var (outcome, id) = await AreaRows.ImportAsync(db, table, Path.GetFileName(path), crs, dryRun, actor, progress, ct);
            progress.Finish();
            if (outcome is ImportOutcome.Imported i)
            {
                output.WriteLine($"{(dryRun ? "would import" : $"import {id}: imported")} {i.Count} areas: {string.Join(", ", i.ByLevel.Select(l => $"{l.Value} {l.Key}"))}");
                return 0;
            }
            return Territory.ImportCommand.Report(outcome, path, errors);
        }
        ImportReport report;
        try
        {
            report = await PointImporter.RunAsync(db, kind, table, Path.GetFileName(path), crs, dryRun, actor, progress, ct);
        }
        catch (ImportFileException e)
        {
            progress.Finish();
            errors.WriteLine($"rejected: {e.Message}");
            return 1;
        }
        progress.Finish();
        foreach (var note in report.Notes) errors.WriteLine($"note: {note}");
        if (report.IgnoredColumns.Count > 0) errors.WriteLine($"columns not read: {string.Join(", ", report.IgnoredColumns)}");
        foreach (var p in report.Problems) errors.WriteLine($"  {report.LineWord} {p.Line} {p.Field}: {p.Reason}");
        var counts = $"{report.Added} added, {report.Changed} changed, {report.Unchanged} unchanged of {report.Rows} rows";
        if (!report.Accepted)
        {
            errors.WriteLine($"rejected: {report.Problems.Count} problem(s); nothing was written ({counts} once they are fixed)");
            return 1;
        }
        output.WriteLine(dryRun ? $"dry run: would be {counts}" : $"import {report.ImportId}: {counts}");
        return 0;
    }
}
