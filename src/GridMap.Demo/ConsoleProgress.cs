namespace GridMap.Demo;

/// <summary>How far a long job has got in one of its stages.</summary>
public readonly record struct DemoProgress(string Stage, long Done, long Total);

/// <summary>
/// A one-line progress bar per stage on standard error, redrawn only when the percentage moves;
/// a finished stage shows how long it took.
/// </summary>
public sealed class ConsoleProgress(TextWriter? output = null) : IProgress<DemoProgress>
{
    const int Width = 30;
    readonly TextWriter output = output ?? Console.Error;
    readonly System.Diagnostics.Stopwatch clock = new();
    (string Stage, long Percent) last = ("", -1);

    public void Report(DemoProgress value)
    {
        var percent = value.Total <= 0 ? 100 : Math.Clamp(value.Done * 100 / value.Total, 0, 100);
        if ((value.Stage, percent) == last) return;
        if (last.Stage != value.Stage)
        {
            if (last.Percent is >= 0 and < 100) output.WriteLine();
            clock.Restart();
        }
        last = (value.Stage, percent);
        var filled = (int)(percent * Width / 100);
        output.Write($"\r{value.Stage,-18} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}%  {value.Done:N0}/{value.Total:N0}");
        if (percent == 100) output.WriteLine($"  {clock.Elapsed.TotalSeconds:F1} s");
        output.Flush();
    }
}
