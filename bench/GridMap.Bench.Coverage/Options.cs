namespace GridMap.Bench.Coverage;

sealed record Options(int Households, int Stations, int Candidates, int K, double RadiusMetres, int Runs, int Seed, string Url = "http://127.0.0.1:5080")
{
    public static Options Parse(string[] args)
    {
        var o = new Options(1_000_000, 2_000, 5_000, 20, 500, 9, 42);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            o = args[i] switch
            {
                "--households" => o with { Households = int.Parse(value) },
                "--stations" => o with { Stations = int.Parse(value) },
                "--candidates" => o with { Candidates = int.Parse(value) },
                "--k" => o with { K = int.Parse(value) },
                "--radius" => o with { RadiusMetres = double.Parse(value) },
                "--runs" => o with { Runs = Math.Max(7, int.Parse(value)) },
                "--seed" => o with { Seed = int.Parse(value) },
                "--url" => o with { Url = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}
