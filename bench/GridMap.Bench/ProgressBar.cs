namespace GridMap.Bench;

/// <summary>A one-line progress bar on stderr, redrawn when the whole percentage changes.</summary>
public sealed class ProgressBar : IDisposable
{
    private const int Width = 30;
    private readonly string _label;
    private readonly long _total;
    private int _shown = -1;

    public ProgressBar(string label, long total)
    {
        _label = label;
        _total = Math.Max(total, 1);
        Report(0);
    }

    public void Report(long done)
    {
        int percent = (int)(100 * Math.Min(done, _total) / _total);
        if (percent == _shown) return;
        _shown = percent;
        if (Console.IsErrorRedirected) return;
        int filled = percent * Width / 100;
        Console.Error.Write($"\r  {_label} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}%");
    }

    public void Dispose()
    {
        Report(_total);
        Console.Error.Write(Console.IsErrorRedirected ? $"  {_label}: done\n" : "\n");
    }
}
