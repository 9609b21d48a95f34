namespace GridMap.Server.Export;

/// <summary>How a column is typed in a GeoPackage (CSV and GeoJSON carry the value as it is).</summary>
public enum ExportType { Integer, Real, Text, Boolean, DateTime }

/// <summary>A property of an exported feature, under the name the lists and the import use.</summary>
public sealed record ExportColumn(string Name, ExportType Type);

/// <summary>
/// What <c>GET /api/export/{layer}.{format}</c> can export: the role policy that may read it, its
/// geometry, the columns of its flat formats (CSV, GeoPackage) in order, and the query parameters
/// it filters by. Point layers end their CSV rows with <c>lon</c>, <c>lat</c>; area layers with
/// <c>wkt</c>, the column GDAL's CSV driver reads as geometry.
/// </summary>
public sealed record ExportLayer(string Name, string Policy, bool Points, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<string> Filters)
{
    static ExportColumn I(string name) => new(name, ExportType.Integer);
    static ExportColumn R(string name) => new(name, ExportType.Real);
    static ExportColumn T(string name) => new(name, ExportType.Text);
    static ExportColumn B(string name) => new(name, ExportType.Boolean);
    static ExportColumn D(string name) => new(name, ExportType.DateTime);

    /// <summary>The geometry type a GeoPackage declares.</summary>
    public string GeometryType => Points ? "POINT" : "MULTIPOLYGON";

    // Households' headers are those the household import accepts, so an export goes back in as it is
    // (unmasked: a masked phone is not a phone number and the import refuses it).
    public static readonly ExportLayer Households = new("households", Access.Households, Points: true,
        [I("id"), T("name"), T("phone"), T("kind"), I("members"), T("grid"), I("gridId")], ["bbox"]);

    public static readonly ExportLayer Stations = new("stations", Access.Territory, Points: true,
        [I("id"), T("name"), T("level"), T("status"), R("radiusM"), T("openingHours"), T("services"), I("areaId")], ["bbox"]);

    // With the properties the area import takes (level, code, name, layer, parentCode, population).
    public static readonly ExportLayer Areas = new("areas", Access.Territory, Points: false,
        [I("id"), T("level"), T("layer"), T("code"), T("name"), I("parentId"), T("parentCode"), I("population")], ["bbox", "level", "layer"]);

    /// <summary>The case snapshot's scalar fields (<c>summons</c> as JSON text), in the snapshot's order.</summary>
    public static readonly ExportLayer Cases = new("cases", Access.ReadCases, Points: true,
        [I("id"), T("status"), B("finished"), T("categoryCode"), T("description"), T("reporter"), T("source"),
         I("gridId"), I("communityId"), I("streetId"), I("districtId"), I("assigneeId"), I("possibleDuplicateOf"),
         D("reportedAt"), D("registeredAt"), D("dispatchDue"), D("dispatchedAt"), D("handlingDue"), D("feedbackAt"),
         D("closedAt"), D("updatedAt"), D("deadline"), B("overdue"), B("handlingClockPaused"),
         I("extensionRequestedHours"), I("extensionGrantedHours"), I("reworkCount"), B("published"), I("version"), T("summons")],
        ["bbox", "areaId", "status", "category", "from", "to", "overdue"]);

    /// <summary>
    /// The figures of <c>GET /api/kpis?by=grid</c> (or <c>by=area</c>: the areas one level below
    /// <c>areaId</c>, as kpi.html shows them), one feature per area with its boundary.
    /// </summary>
    public static readonly ExportLayer Kpis = new("kpis", Access.Aggregates, Points: false,
        [I("rank"), I("areaId"), T("level"), T("code"), T("name"), I("due"), I("closed"), I("closedOnTime"), R("closureRate"), R("onTimeClosureRate"),
         I("reworked"), R("reworkRate"), I("extended"), R("extensionRate"), I("overdueOpen")],
        ["areaId", "from", "to", "by"]);

    public static IReadOnlyList<ExportLayer> All { get; } = [Cases, Kpis, Households, Stations, Areas];

    public static ExportLayer? Find(string name) => All.FirstOrDefault(l => l.Name == name);
}
