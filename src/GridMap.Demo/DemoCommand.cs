using System.Diagnostics;
using GridMap.Core.Cases;

namespace GridMap.Demo;

/// <summary><c>demo generate [--out DIR] [--grids N] [--households N] [--cases N] [--as-of DATE] [--seed S] [--large] [--micro-grids N]</c>: writes a demo district.</summary>
public static class DemoCommand
{
    public const string Usage = "usage: demo generate [--out DIR] [--grids N] [--households N] [--cases N] [--as-of YYYY-MM-DD] [--seed S] [--large] [--micro-grids N]";

    public static int Run(IReadOnlyList<string> args, TextWriter? log = null)
    {
        log ??= Console.Error;
        var options = new DemoOptions();
        var directory = Path.Combine("data", "demo");
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() { var name = args[i]; return int.TryParse(Value(), out var n) && n > 0 ? n : throw new ArgumentException($"{name} needs a positive whole number"); }
            try
            {
                switch (args[i])
                {
                    case "--out": directory = Value(); break;
                    case "--grids": options = options with { Grids = Number() }; break;
                    case "--households": options = options with { Households = Number() }; break;
                    case "--seed": options = options with { Seed = Number() }; break;
                    case "--cases": options = options with { Cases = Number() }; break;
                    case "--as-of":
                        options = options with
                        {
                            AsOf = DateOnly.TryParseExact(Value(), "yyyy-MM-dd", out var day)
                                ? new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8))
                                : throw new ArgumentException("--as-of needs a date, YYYY-MM-DD (the cases' year ends at 09:00 China time that day)"),
                        };
                        break;
                    case "--micro-grids": options = options with { MicroGrids = Number() }; break;
                    case "--large": options = options with { Grids = DemoOptions.Large.Grids, Households = DemoOptions.Large.Households }; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (ArgumentException e)
            {
                log.WriteLine($"{e.Message}\n{Usage}");
                return 2;
            }
        }

        var clock = Stopwatch.StartNew();
        var progress = new ConsoleProgress(log);
        DemoDistrictData data;
        try
        {
            data = DemoDistrict.Generate(options, progress);
        }
        catch (ArgumentException e)
        {
            log.WriteLine(e.Message);
            return 2;
        }
        DemoGeoJson.Write(data, directory, progress);
        DemoCasesFile.Write(data.Cases, directory, progress);
        var levels = data.Areas.GroupBy(a => a.Level).Select(g => $"{g.Count():N0} {g.Key}");
        var bytes = DemoGeoJson.FileNames.Append(DemoCasesFile.FileName).Select(f => new FileInfo(Path.Combine(directory, f)))
            .Where(f => f.Exists).Sum(f => f.Length);
        var cases = data.Cases.Count == 0 ? "" : $", {data.Cases.Count:N0} cases ({data.Cases.Count(c => !CaseWorkflow.IsTerminal(c.Status)):N0} open)";
        log.WriteLine($"{string.Join(", ", levels)}; {data.Households.Count:N0} households, {data.Stations.Count:N0} stations, " +
            $"{data.Staff.Count:N0} staff, {data.Roads.Count:N0} roads{cases} -> {directory} ({bytes / 1024.0 / 1024.0:F1} MB) in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
