namespace GridMap.Bench;

/// <summary>Command-line options of the form <c>--name value</c> or a bare <c>--flag</c>.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string?> _values = new();

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--"))
            {
                if (pending is not null) options._values[pending] = null;
                pending = arg[2..];
            }
            else if (pending is not null)
            {
                options._values[pending] = arg;
                pending = null;
            }
            else throw new ArgumentException($"unexpected argument '{arg}'");
        }
        if (pending is not null) options._values[pending] = null;
        return options;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var value) && value is not null ? int.Parse(value.Replace("_", "")) : fallback;

    public string Text(string name, string fallback) =>
        _values.TryGetValue(name, out var value) && value is not null ? value : fallback;

    public bool Flag(string name) => _values.ContainsKey(name);
}
