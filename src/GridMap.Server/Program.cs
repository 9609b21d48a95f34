using GridMap.Server;
using GridMap.Server.BaseMap;
using GridMap.Server.Cases;
using GridMap.Server.Coverage;
using GridMap.Server.Export;
using GridMap.Server.Households;
using GridMap.Server.Ogc;
using GridMap.Server.Staff;
using GridMap.Server.Stations;
using GridMap.Server.Territory;
using GridMap.Server.Tiles;
using GridMap.Server.Visits;
using GridMap.Server.Volunteers;

// Writing the demo district's files needs no database.
if (args is ["demo", "generate", .. var demoOptions])
    return GridMap.Demo.DemoCommand.Run(demoOptions);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Find() });
builder.Services.AddGridMapData(builder.Configuration);
builder.Services.AddCases();
builder.Services.AddCoverage();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsExceptionHandler.NameTheRequest);
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddGridMapAuth(builder.Configuration);
builder.Services.AddLive();
builder.Services.AddTiles(builder.Configuration);
builder.Services.AddOgc();
builder.Services.AddCompression();

var app = builder.Build();
// WebApplicationFactory passes --options, never a verb.
if (args is [var command, ..] && !command.StartsWith('-') && command != "serve")
    return await Cli.RunAsync(app, args);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseResponseCompression();
// Routing first: a request that an endpoint answers (a map's tiles, the API) skips the static
// files' look-ups in web/ (a directory check on every request), which only serve the rest.
app.UseRouting();
app.Use(Compression.CompareStaticTagsWeakly);
app.UseDefaultFiles();
var preloads = new ModulePreloads(app.Environment.WebRootFileProvider);
app.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = file =>
    {
        Compression.WeakenTag(file.Context.Response);
        if (file.File.Name.EndsWith(".html", StringComparison.Ordinal) && preloads.HeaderFor(file.Context.Request.Path) is { Length: > 0 } link)
            file.Context.Response.Headers.Link = link;
    },
});
app.UseGridMapAuth();
app.MapOpenApi().AllowAnonymous();
app.MapAuth();
app.MapHealth();
app.MapAreas();
app.MapHouseholds();
app.MapStations();
app.MapStaff();
app.MapImport();
app.MapCases();
app.MapKpis();
app.MapOpen311();
app.MapLive();
app.MapCoverage();
app.MapOgc();
app.MapTiles();
app.MapExport();
app.MapBaseMap();
app.MapMedia();
app.MapSummonses();
app.MapCasePlace();
app.MapHotSpots();
app.MapVisits();
app.MapVolunteers();
app.Run();
return 0;

public partial class Program;
