namespace GridMap.Server.Auth;

/// <summary><c>gridmap apikey add NAME [--per-minute N] | list | revoke NAME</c>: the Open311 clients' keys.</summary>
public static class ApiKeyCommand
{
    public const string Usage = "usage: gridmap apikey add NAME [--per-minute N] | gridmap apikey list | gridmap apikey revoke NAME";

    public static async Task<int> RunAsync(NpgsqlDataSource db, string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            case ["add", var name, .. var options]:
                int? perMinute = null;
                if (options is ["--per-minute", var n] && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) perMinute = parsed;
                else if (options.Length > 0) { error.WriteLine($"unknown options: {string.Join(' ', options)}\n{Usage}"); return 2; }
                var (key, problem) = await ApiKeys.AddAsync(db, name, perMinute);
                if (problem is not null) { error.WriteLine(problem); return 1; }
                output.WriteLine($"added {name}; api_key: {key}");
                output.WriteLine("It is shown this once and cannot be read back: give it to the client now.");
                return 0;
            case ["list"]:
                foreach (var k in await ApiKeys.ListAsync(db))
                    output.WriteLine(string.Join('\t', k.Name, k.PerMinute is { } p ? $"{p}/min" : "default limit",
                        $"issued {k.CreatedAt:yyyy-MM-dd HH:mm}Z", k.RevokedAt is { } at ? $"revoked {at:yyyy-MM-dd HH:mm}Z" : "active"));
                return 0;
            case ["revoke", var name]:
                if (await ApiKeys.RevokeAsync(db, name)) { output.WriteLine($"revoked {name}"); return 0; }
                error.WriteLine($"there is no active key named {name}");
                return 1;
            default:
                error.WriteLine(Usage);
                return 2;
        }
    }
}
