using GridMap.Server.Cases;
using GridMap.Server.Tiles;

namespace GridMap.Server.Ogc;

/// <summary>
/// One OGC API Features collection and the SQL that reads it: the rows of <see cref="From"/>
/// (alias <c>t</c>, key <c>t.id</c>) that <see cref="Visible"/> keeps for the caller, each written
/// as a GeoJSON Feature by PostGIS. <see cref="Visible"/> reads <c>@scope</c> (the root of the
/// caller's area, NULL for everything) and <c>@assignedTo</c> (<see cref="CaseAccess"/>);
/// <see cref="Properties"/> reads <c>@unmasked</c>. The rules are those of the <c>/api</c> list of
/// the same rows, so the two always answer the same features.
/// </summary>
/// <param name="Policy">Who may read it (<see cref="Access"/>); anyone else is told it does not exist.</param>
/// <param name="Time">The feature's time (its temporal geometry for <c>datetime</c>), or null when it has none.</param>
/// <param name="PersonalData">Unmasked reads of it are recorded in <c>personal_data_reads</c>.</param>
/// <param name="Versions">The write counters of what it reads (<see cref="TileEtag"/>), which tell when its cached extent is out of date; null: none, its extent is worked out each time.</param>
public sealed record OgcCollection(string Id, string Title, string Description, string Policy,
    string From, string Geometry, string Visible, string Properties, string? Time = null, bool PersonalData = false,
    string[]? Versions = null)
{
    /// <summary>The area rule: the value in <paramref name="column"/> is in the caller's area subtree.</summary>

    /// <summary>A time as the API writes it: RFC 3339 in China Standard Time, as <c>Cases.CaseView</c> does.</summary>
    public static string Cst(string time) =>
        $"""to_char({time} AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD"T"HH24:MI:SS.US"+08:00"')""";

    public static IReadOnlyList<OgcCollection> All { get; } = [.. Areas(), .. People()];

    public static OgcCollection? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    /// <summary>
    /// One collection per level, and per layer where the level has layers: <c>district</c>,
    /// <c>street</c>, <c>community</c>, <c>grid_party</c>, …, <c>micro_grid_city_management</c>.
    /// </summary>
    static IEnumerable<OgcCollection> Areas()
    {
        string[] levelsZh = ["区", "街道", "社区", "网格", "微网格"];
        string[] layersZh = ["党建", "综治", "城管"];
        foreach (var level in Enum.GetValues<AreaLevel>())
        {
            var layers = level.HasLayer() ? Enum.GetValues<AreaLayer>().Cast<AreaLayer?>() : [null];
            foreach (var layer in layers)
            {
                var id = layer is { } l ? $"{level.Name()}_{l.Name()}" : level.Name();
                var title = layer is { } l2 ? $"{levelsZh[(int)level]}（{layersZh[(int)l2]}） {level.Name()}, {l2.Name()} layer" : $"{levelsZh[(int)level]} {level.Name()}";
                // Names from Core's vocabulary (never from a request), so they may stand in the SQL text.
                var which = layer is { } l3 ? $"t.level = '{level.Name()}' AND t.layer = '{l3.Name()}'" : $"t.level = '{level.Name()}'";
                yield return new(id, title,
                    $"Areas of level {level.Name()}{(layer is { } l4 ? $" in the {l4.Name()} grid layer" : "")} in your area: level, layer, code (DB11/T 2157), name, parentId, population; boundaries as MultiPolygons.",
                    Access.Territory, "areas t", "t.boundary", $"{which} AND {AreaScope.Filter("t.id")}",
                    "json_build_object('level', t.level, 'layer', t.layer, 'code', t.code, 'name', t.name, 'parentId', t.parent_id, 'population', t.population)",
                    Versions: ["areas"]);
            }
        }
    }

    static IEnumerable<OgcCollection> People() =>
    [
        new("households", "党员户 Party-member households",
            "Party-member households in your area: name and phone masked unless your role contacts people (and then every read is recorded), members, kind, gridId.",
            Access.Households, "households t", "t.location", AreaScope.Filter("t.grid_id"),
            "json_build_object('name', mask_name(t.name, @unmasked), 'members', t.members, 'kind', t.kind, 'phone', mask_phone(t.phone, @unmasked), 'gridId', t.grid_id)",
            PersonalData: true, Versions: ["areas", "households"]),
        new("stations", "党群服务中心/站 Party-mass service centres and stations",
            "Service centres and stations of the areas in your area, with their service radius in metres; status planned: proposed by a planner, not yet built.",
            Access.Territory, "service_stations t", "t.location", AreaScope.Filter("t.area_id"),
            "json_build_object('name', t.name, 'level', t.level, 'status', t.status, 'radiusM', t.radius_m, 'openingHours', t.opening_hours, 'services', t.services, 'areaId', t.area_id)",
            Versions: ["areas", "service_stations"]),
        new("staff", "网格员 Grid staff",
            "Grid leaders, grid workers and Party members whose home grid is in your area, at their last known location (time: locatedAt); phones masked unless your role contacts people.",
            Access.Staff, "staff t", "t.location", $"t.location IS NOT NULL AND {AreaScope.Filter("t.home_grid_id")}",
            $"json_build_object('name', t.name, 'role', t.role, 'homeGridId', t.home_grid_id, 'phone', mask_phone(t.phone, @unmasked), 'onDuty', t.on_duty, 'locatedAt', {Cst("t.located_at")})",
            Time: "t.located_at"),
        // The case as every reader sees it (Data/Sql/case_snapshots.sql), the reporter masked.
        new("cases", "民情诉求 Cases",
            "People's concerns in your area (a grid worker: those assigned to it), from report to closing (time: reportedAt); each with the properties of GET /api/cases/{id}.",
            Access.ReadCases, "case_snapshots t", "t.location",
            CaseAccess.Filter("t."),
            "t.snapshot",
            Time: "t.reported_at", Versions: ["areas", TileEtag.CaseEvents]),
    ];

    /// <summary>Whether <paramref name="caller"/> may read this collection at all.</summary>
    public bool ReadableBy(Caller caller) => Access.May(caller.Role, Policy);
}
