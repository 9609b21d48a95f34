// Coverage and site-suggestion timings in the core (no database): see docs/benchmarks-coverage.md.
//   dotnet run -c Release --project bench/GridMap.Bench.Coverage -- coverage [--households N] [--stations N] [--radius M] [--runs N]
//   dotnet run -c Release --project bench/GridMap.Bench.Coverage -- suggest [--households N] [--candidates N] [--k N] [--radius M] [--runs N]
//   dotnet run -c Release --project bench/GridMap.Bench.Coverage -- geodesic
//   dotnet run -c Release --project bench/GridMap.Bench.Coverage -- postgis [--households N] [--stations N] [--runs N]
//     (same counts by EXISTS(ST_DWithin(geography)) on a throwaway database; compares and times both)
//   dotnet run -c Release --project bench/GridMap.Bench.Coverage -- api [--url http://127.0.0.1:5080] [--runs N]
//     (the coverage endpoints of a running server, e.g. ./gridmap up with the demo district)
using GridMap.Bench.Coverage;

var verb = args.FirstOrDefault() ?? "";
var options = Options.Parse(args.Skip(1).ToArray());
var table = new Table();
switch (verb)
{
    case "coverage": CoverageBench.Run(options, table); break;
    case "suggest": SuggestBench.Run(options, table); break;
    case "geodesic": GeodesicBench.Run(options, table); break;
    case "postgis": await PostgisBench.Run(options, table); break;
    case "api": ApiBench.Run(options, table); break;
    default:
        Console.Error.WriteLine("usage: coverage | suggest | geodesic | postgis | api  [--url URL] [--households N] [--stations N] [--candidates N] [--k N] [--radius M] [--runs N]");
        return 2;
}
table.Print();
return 0;
