using GridMap.Bench;
using GridMap.Bench.GeoJson;
using GridMap.Bench.Locate;
using GridMap.Bench.Planner;
using GridMap.Bench.Tiling;

// Benchmarks named in docs/benchmarks.md; run with ./gridmap bench VERB [options].
return args switch
{
    ["locate", .. var rest] => await LocateBench.RunAsync(Options.Parse(rest)),
    ["geojson", .. var rest] => await GeoJsonBench.RunAsync(Options.Parse(rest)),
    ["planner", .. var rest] => await PlannerBench.RunAsync(Options.Parse(rest)),
    ["tiling", .. var rest] => TilingBench.Run(Options.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: GridMap.Bench locate [--grids 100000] [--households 1000000] [--runs 5] [--skip-postgis | --cluster]");
    Console.Error.WriteLine("       GridMap.Bench geojson [--runs 50]");
    Console.Error.WriteLine("       GridMap.Bench planner [--runs 3]");
    Console.Error.WriteLine("       GridMap.Bench tiling [--areas data/demo/areas.geojson] [--runs 5]  (make a district: ./gridmap demo generate --grids 5000 --out DIR)");
    return 2;
}
