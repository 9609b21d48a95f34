using System.Globalization;

namespace GridMap.Bench.Coverage;

/// <summary>The Markdown table a run prints.</summary>
sealed class Table
{
    readonly List<string> _rows = [];
    readonly List<string> _notes = [];

    public void Add(string operation, string size, (double[] Wall, double[] Cpu) millis, double? goalMillis = null)
    {
        var sorted = millis.Wall.Order().ToArray();
        double median = Median(sorted);
        string goal = goalMillis is { } g ? $"≤ {g:0} ms" : "";
        string met = goalMillis is { } limit ? (median <= limit ? "yes" : "**no**") : "";
        _rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {operation} | {size} | {sorted.Length} | {median:0.0} | {sorted[0]:0.0} | {sorted[^1]:0.0} | {Median(millis.Cpu.Order().ToArray()):0.0} | {goal} | {met} |"));
    }

    static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    public void Note(string note) => _notes.Add(note);

    public void Print()
    {
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| operation | size | runs | median ms | min ms | max ms | median CPU ms | goal (median) | met |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        _rows.ForEach(Console.WriteLine);
        if (_notes.Count > 0) Console.WriteLine();
        _notes.ForEach(n => Console.WriteLine($"- {n}"));
    }

    static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
