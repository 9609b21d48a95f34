using GridMap.Bench;
using GridMap.Bench.Audit;
using GridMap.Bench.City;
using GridMap.Bench.GeoJson;
using GridMap.Bench.Import;
using GridMap.Bench.Locate;
using GridMap.Bench.Ogc;
using GridMap.Bench.Planner;
using GridMap.Bench.Tiling;
using GridMap.Bench.Tiles;

// Benchmarks named in docs/benchmarks.md; run with ./gridmap bench VERB [options].
return args switch
{
    ["locate", .. var rest] => await LocateBench.RunAsync(Options.Parse(rest)),
    ["geojson", .. var rest] => await GeoJsonBench.RunAsync(Options.Parse(rest)),
    ["planner", .. var rest] => await PlannerBench.RunAsync(Options.Parse(rest)),
    ["tiling", .. var rest] => TilingBench.Run(Options.Parse(rest)),
    ["ogc", .. var rest] => await OgcBench.RunAsync(Options.Parse(rest)),
    ["city", .. var rest] => await CityBench.RunAsync(Options.Parse(rest)),
    ["tiles", "--data", var data, .. var rest] => await TilesBench.RunAsync(Options.Parse(rest), Path.GetFullPath(data)),
    ["tiles", .. var rest] => await TilesBench.RunAsync(Options.Parse(rest), null),
    ["screens", "--data", var data, .. var rest] => await ScreensBench.RunAsync(Options.Parse(rest), Path.GetFullPath(data)),
    ["screens", .. var rest] => await ScreensBench.RunAsync(Options.Parse(rest), null),
    ["import", .. var rest] => await ImportBench.RunAsync(Options.Parse(rest)),
    ["audit", .. var rest] => await AuditBench.RunAsync(Options.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: GridMap.Bench locate [--grids 100000] [--households 1000000] [--runs 5] [--skip-postgis | --cluster]");
    Console.Error.WriteLine("       GridMap.Bench geojson [--runs 50]");
    Console.Error.WriteLine("       GridMap.Bench planner [--runs 3]");
    Console.Error.WriteLine("       GridMap.Bench tiling [--areas data/demo/areas.geojson] [--runs 5]  (make a district: ./gridmap demo generate --grids 5000 --out DIR)");
    Console.Error.WriteLine("       GridMap.Bench ogc [--households 100000] [--runs 20]");
    Console.Error.WriteLine("       GridMap.Bench city [--grids 5000] [--households 100000] [--cases 200000] [--runs 5]");
    Console.Error.WriteLine("       GridMap.Bench tiles [--data DIR (from demo generate; default data/demo)] [--warmup 5] [--passes 15] [--clients 4]\n" +
                            "             [--keep] [--database bench_… (kept by --keep)] [--baseline OTHER/GridMap.Server.dll [--rounds 2]]");
    Console.Error.WriteLine("       GridMap.Bench screens [--data DIR | --database bench_…] [--screens 4] [--clients 4] [--warmup 3] [--passes 5] [--baseline OTHER/GridMap.Server.dll [--rounds 2]]");
    Console.Error.WriteLine("       GridMap.Bench import [--households 100000] [--runs 3]");
    Console.Error.WriteLine("       GridMap.Bench audit [--households 100000] [--runs 5]");
    return 2;
}
