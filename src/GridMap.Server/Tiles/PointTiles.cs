using GridMap.Server.Cases;

namespace GridMap.Server.Tiles;

/// <summary>
/// Point layers: households, stations, staff and cases, each in the caller's area as its list
/// gives them. A tile ships every point when it holds at most @pointLimit of them
/// (<see cref="TileOptions.PointLimit"/>); past that it ships clusters instead, one per cell of
/// 16 × 16 pixels that holds points, at their mean position with their <c>count</c> (and a count
/// of the ones that need attention), so that a tile of a whole district stays small. A cluster
/// carries no id and nothing about any one row; a feature with <c>count</c> is a cluster.
/// </summary>
public static class PointTiles
{
    static readonly TileField Count = new("count", "Number", "cluster only: how many points it stands for");

    public static readonly TileLayer Households = new PointTileLayer(
        "households", Access.Households, "Party-member households in your area (names and phones masked unless your role contacts people)",
        From: "households t", Where: AreaScope.Filter("t.grid_id"),
        Columns: """t.kind, t.members, t.grid_id AS "gridId" """,
        Attributes: [new("id", "Number", "household id (also the feature id)"), new("kind", "String", "demonstration, leading, prosperity, civility or member"),
                 new("members", "Number", "members of the household"), new("gridId", "Number", "the Party-building grid it lies in")],
        PersonalColumns: "mask_name(t.name, @unmasked) AS name, mask_phone(t.phone, @unmasked) AS phone",
        PersonalAttributes: [new("name", "String", "name of the household (masked, 张*国, unless your role contacts people)"),
                 new("phone", "String", "phone number (masked, 138****1234, unless your role contacts people)")],
        ClusterColumns: "count(*)::int AS count",
        ClusterAttributes: [Count])
    { RecordsReads = true, Versions = ["areas", "households"] };

    public static readonly TileLayer Stations = new PointTileLayer(
        "stations", Access.Territory, "Party-mass service centres and stations of your area, with their service radius",
        From: "service_stations t", Where: AreaScope.Filter("t.area_id"),
        Columns: """t.name, t.level, t.status, t.radius_m AS "radiusM", t.opening_hours AS "openingHours", array_to_string(t.services, ',') AS services, t.area_id AS "areaId" """,
        Attributes: [new("id", "Number", "station id (also the feature id)"), new("name", "String", "name"), new("level", "String", "district, street, community or grid"),
                 new("status", "String", "open or planned"), new("radiusM", "Number", "service radius in metres"),
                 new("openingHours", "String", "opening hours"), new("services", "String", "services offered, comma-separated"),
                 new("areaId", "Number", "the area it serves")],
        PersonalColumns: "", PersonalAttributes: [],
        ClusterColumns: "count(*)::int AS count",
        ClusterAttributes: [Count])
    { Versions = ["areas", "service_stations"] };

    public static readonly TileLayer Staff = new PointTileLayer(
        "staff", Access.Staff, "Grid leaders, grid workers and Party members whose home grid is in your area, where they were last located (phones masked unless your role contacts people)",
        From: "staff t", Where: $"t.location IS NOT NULL AND {AreaScope.Filter("t.home_grid_id")}",
        Columns: $"""t.name, t.role, t.home_grid_id AS "homeGridId", t.on_duty AS "onDuty", {TileSql.Time("t.located_at")} AS "locatedAt" """,
        Attributes: [new("id", "Number", "staff id (also the feature id)"), new("name", "String", "name"), new("role", "String", "grid_leader, grid_worker or party_member"),
                 new("homeGridId", "Number", "the grid they belong to"), new("onDuty", "Boolean", "on duty (在岗)"),
                 new("locatedAt", "String", "when the location was reported (ISO 8601, +08:00)")],
        PersonalColumns: "mask_phone(t.phone, @unmasked) AS phone",
        PersonalAttributes: [new("phone", "String", "phone number (masked, 137****1111, unless your role contacts people)")],
        ClusterColumns: """count(*)::int AS count, (count(*) FILTER (WHERE t.on_duty))::int AS "onDutyCount" """,
        ClusterAttributes: [Count, new("onDutyCount", "Number", "cluster only: how many are on duty")]);

    public static readonly TileLayer Cases = new PointTileLayer(
        "cases", Access.ReadCases, "Cases you may read: in your area, and a grid worker's own; areaId, status, category, from, to and overdue filter them as in /api/cases",
        // A few of the case's fields as every reader sees them (Data/Sql/case_snapshots.sql), times as api_time writes them.
        From: "case_snapshots t",
        Where: $"""
            {CaseAccess.Filter("t.")} AND {CaseFilter.Sql("t.")}
            """,
        Columns: """t.status, t.category_code AS category, t.overdue, api_time(t.reported_at) AS "reportedAt" """,
        Attributes: [new("id", "Number", "case id (also the feature id)"), new("status", "String", "workflow status"), new("category", "String", "category code"),
                 new("overdue", "Boolean", "its deadline passed while it was running"),
                 new("reportedAt", "String", "when it was reported (ISO 8601, +08:00)")],
        PersonalColumns: "", PersonalAttributes: [],
        ClusterColumns: """count(*)::int AS count, (count(*) FILTER (WHERE t.overdue))::int AS "overdueCount" """,
        ClusterAttributes: [Count, new("overdueCount", "Number", "cluster only: how many are overdue")])
    { FiltersCases = true, Versions = ["areas", TileEtag.CaseEvents] };

    sealed record PointTileLayer(string Id, string Policy, string Description, string From, string Where,
        string Columns, TileField[] Attributes, string PersonalColumns, TileField[] PersonalAttributes, string ClusterColumns, TileField[] ClusterAttributes)
        : TileLayer(Id, Policy, Description)
    {
        string? masked, unmasked;

        // Names and phones come through mask_name/mask_phone(…, @unmasked) as in the lists; only an
        // unmasked read of households is recorded, so that statement differs. Built on first use.
        public override string Sql(bool seesPersonalData) => seesPersonalData && RecordsReads
            ? unmasked ??= Statement(From, Where, AllColumns, ClusterColumns, record: true)
            : masked ??= Statement(From, Where, AllColumns, ClusterColumns, record: false);

        string AllColumns => PersonalColumns.Length == 0 ? Columns : $"{Columns}, {PersonalColumns}";

        public override IReadOnlyList<TileField> Fields(bool seesPersonalData) => [.. Attributes, .. PersonalAttributes, .. ClusterAttributes];
    }

    /// <summary>
    /// One statement: <c>few</c> counts the points near the tile, stopping past @pointLimit;
    /// PostgreSQL runs only the branch of the CASE it picks (each is an init plan, run when first
    /// needed). With <paramref name="record"/>, the ids of the points shipped with names and
    /// phones are recorded in <c>personal_data_reads</c> by the same statement, so the record
    /// is committed before any byte of the tile is sent, and returned beside the tile (a second
    /// column), so that each later sending of it from <see cref="TileCache"/> records them too;
    /// clusters name no one and record nothing.
    /// </summary>
    static string Statement(string from, string where, string columns, string clusterColumns, bool record)
    {
        var near = $"FROM {from} WHERE t.location && {TileSql.Near} AND {where}";
        var recorded = record ? $"""
            ,
            recorded AS (
                INSERT INTO personal_data_reads (user_id, username, what, household_ids)
                SELECT @userId, @username, @what, array_agg(t.id ORDER BY t.id) {near} AND (SELECT yes FROM few)
                HAVING count(*) > 0
                RETURNING household_ids)
            """ : "";
        return $"""
            WITH few AS MATERIALIZED (
                SELECT count(*) <= @pointLimit AS yes FROM (SELECT 1 {near} LIMIT @pointLimit + 1) s){recorded}
            SELECT CASE WHEN (SELECT yes FROM few) THEN (
                SELECT ST_AsMVT(f, @layer, {TileSql.Extent}, 'geom', 'feature_id') FROM (
                    SELECT t.id AS feature_id, t.id, {columns}, {TileSql.Geom("t.location")} AS geom
                    {near}) f)
            ELSE (
                SELECT ST_AsMVT(c, @layer, {TileSql.Extent}, 'geom') FROM (
                    SELECT {clusterColumns}, ST_MakePoint(round(avg(t.tx)), round(avg(t.ty))) AS geom
                    FROM (SELECT t.*, {TileSql.TileX("t.location")} AS tx, {TileSql.TileY("t.location")} AS ty
                          FROM {from} WHERE t.location && {TileSql.Inside} AND {where}) t
                    GROUP BY {TileSql.Cell("t.tx")}, {TileSql.Cell("t.ty")}) c)
            END{(record ? ", (SELECT household_ids FROM recorded)" : "")}
            """;
    }
}
