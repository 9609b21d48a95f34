namespace GridMap.Load;

/// <summary>The command line: <c>--name value</c> pairs and two switches.</summary>
sealed record LoadOptions
{
    public string? Url { get; init; }
    public string? Db { get; init; }
    public int Clients { get; init; } = 1000;
    public int Rate { get; init; } = 500;
    public int Seconds { get; init; } = 20;
    public int WarmUpSeconds { get; init; } = 30;
    public int Runs { get; init; } = 1;
    public int InFlight { get; init; } = 1000;
    /// <summary>Keep-alive connections the reports share, as an intake gateway (a 12345 system) keeps a pool.</summary>
    public int Connections { get; init; } = 32;
    public bool SelfHost { get; init; }
    public bool Ramp { get; init; }
    /// <summary>Seconds per ramp step.</summary>
    public int StepSeconds { get; init; } = 10;
    public int Seed { get; init; } = 1;
    /// <summary>Who the hub clients sign in as: a user who may watch every area (an admin).</summary>
    public string User { get; init; } = "admin";
    public string? Password { get; init; } = Environment.GetEnvironmentVariable("GRIDMAP_DEMO_PASSWORD");

    /// <summary>What the measured part of a run may last, well inside the sign-in's hour.</summary>
    public const int MaxSignedInSeconds = 50 * 60;

    public const string Usage = """
        GridMap live-push load: WebSocket hub clients subscribed as in real use, cases written at a
        target rate, latency from write to receipt by every subscribed client.

          --url URL          a running server (http://127.0.0.1:5080); 127.0.0.1 only
          --db CONN          its database, for writing cases (default: GRIDMAP_DB, else ./gridmap db-url)
          --user NAME        sign in as this admin for --url (default admin)
          --password P       its password (default: GRIDMAP_DEMO_PASSWORD)
          --self-host        start the server on a throwaway database with a synthetic district instead
          --clients N        hub clients (default 1000)
          --rate R           cases per second (default 500)
          --seconds S        length of the measured run (default 20)
          --warm-up S        an unmeasured run at the same rate first, till the server's JIT has settled (default 30)
          --runs N           measured runs, one after another on the growing table: each, the median
                             and worst by p99, and all together (default 1)
          --in-flight N      POSTs outstanding at most (default 1000); reports are sent at their due time
          --connections N    keep-alive HTTP connections they share, as a gateway's pool (default 32)
          --ramp             after the run, raise reports/s (×1.25 a step), then clients (×1.5), until p99 passes 1 s
          --step-seconds S   length of a ramp step (default 10)

        GRIDMAP_LOAD_DB_SETTINGS="name = value; …" sets these on --self-host's database alone, before the
        server connects (ALTER DATABASE … SET): auto_explain, log_lock_waits, while looking for a stall.
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--url" => options with { Url = Value().TrimEnd('/') },
                "--db" => options with { Db = Value() },
                "--user" => options with { User = Value() },
                "--password" => options with { Password = Value() },
                "--clients" => options with { Clients = int.Parse(Value()) },
                "--rate" => options with { Rate = int.Parse(Value()) },
                "--seconds" => options with { Seconds = int.Parse(Value()) },
                "--runs" => options with { Runs = int.Parse(Value()) },
                "--warm-up" => options with { WarmUpSeconds = int.Parse(Value()) },
                "--connections" => options with { Connections = int.Parse(Value()) },
                "--in-flight" => options with { InFlight = int.Parse(Value()) },
                "--step-seconds" => options with { StepSeconds = int.Parse(Value()) },
                "--seed" => options with { Seed = int.Parse(Value()) },
                "--self-host" => options with { SelfHost = true },
                "--ramp" => options with { Ramp = true },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        if (options.SelfHost == (options.Url is not null)) throw new ArgumentException("give either --url or --self-host");
        if (options.Url is not null && new Uri(options.Url).Host != "127.0.0.1") throw new ArgumentException("--url must be on 127.0.0.1");
        if (options.Clients is < 1 or > 20_000 || options.Rate is < 1 or > 20_000 || options.Seconds is < 1 or > 600 || options.InFlight is < 1 or > 10_000 || options.Runs is < 1 or > 20)
            throw new ArgumentException("clients 1..20000, rate 1..20000, seconds 1..600, in-flight 1..10000, runs 1..20");
        // The server closes a hub connection when its sign-in expires, an hour after it was made.
        if (options.WarmUpSeconds + options.Runs * options.Seconds > MaxSignedInSeconds)
            throw new ArgumentException($"warm-up + runs × seconds may not pass {MaxSignedInSeconds} s: the hub closes connections whose one-hour sign-in has expired");
        return options;
    }
}
