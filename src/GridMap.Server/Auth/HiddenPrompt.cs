namespace GridMap.Server.Auth;

/// <summary>
/// A new password typed at the terminal without echo, asked twice (as passwd does) so that a typo
/// nobody saw does not lock the user out. <see cref="ReadLine"/> gives null when the two differ.
/// </summary>
public sealed class HiddenPrompt(TextWriter prompt) : TextReader
{
    public override string? ReadLine()
    {
        var first = Ask("new password: ");
        if (first is null) return null;
        if (Ask("the same again: ") == first) return first;
        prompt.WriteLine("the two entries differ");
        return null;
    }

    string? Ask(string question)
    {
        prompt.Write(question);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter: prompt.WriteLine(); return typed.ToString();
                case ConsoleKey.Backspace: if (typed.Length > 0) typed.Length--; break;
                default:
                    if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key is ConsoleKey.C or ConsoleKey.D) { prompt.WriteLine(); return null; }
                    if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
                    break;
            }
        }
    }
}
