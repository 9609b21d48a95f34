namespace GridMap.Server.Import;

public enum ImportKind { Areas, Households, Stations, Staff }

/// <summary>A column an import reads, by every name an office's sheet may give it (Chinese or English).</summary>
public sealed record ImportField(string Name, bool Required, params string[] Aliases);

/// <summary>
/// The accepted column names of each kind (listed in docs/gis.md), and the Chinese and English
/// words for the values of kind, level and role. Headers match ignoring case, spaces, '_' and '-'.
/// A position comes from lon/lat columns (or x/y: easting/northing in a Gauss–Krüger zone), or from
/// the geometry of a GeoJSON, Shapefile or GeoPackage feature.
/// </summary>
public static class ImportFields
{
    public static readonly ImportField Key = new("id", true, "id", "编号", "key", "sourceid", "源编号");
    static readonly ImportField Name = new("name", true, "name", "姓名", "名称", "户主", "户主姓名", "站点名称");
    static readonly ImportField Phone = new("phone", false, "phone", "电话", "联系电话", "手机", "手机号", "tel");
    static readonly ImportField Lon = new("lon", false, "lon", "lng", "longitude", "经度", "x", "东坐标", "easting");
    static readonly ImportField Lat = new("lat", false, "lat", "latitude", "纬度", "y", "北坐标", "northing");
    static readonly ImportField Grid = new("grid", false, "grid", "gridcode", "网格", "网格编码", "网格编号", "网格代码");

    public static IReadOnlyList<ImportField> Of(ImportKind kind) => kind switch
    {
        ImportKind.Households =>
        [
            Key, Name,
            new("members", true, "members", "人数", "家庭人数", "人口"),
            new("kind", true, "kind", "类型", "户类型", "类别"),
            Phone,
            new("address", false, "address", "地址", "住址", "门牌"),
            Lon, Lat, Grid,
        ],
        ImportKind.Stations =>
        [
            Key, Name,
            new("level", true, "level", "级别", "层级"),
            new("radius", true, "radius", "radiusm", "半径", "服务半径"),
            new("hours", false, "hours", "openinghours", "开放时间", "服务时间"),
            new("services", false, "services", "服务", "服务项目"),
            new("area", false, "area", "areacode", "区域", "区域编码", "所属区域"),
            Lon, Lat,
        ],
        ImportKind.Staff =>
        [
            Key, Name,
            new("role", true, "role", "角色", "岗位", "职务"),
            Phone,
            Grid with { Required = true },
            Lon, Lat,
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "areas have their own import"),
    };

    static string Normal(string header) =>
        new(header.Trim().ToLowerInvariant().Where(c => c is not (' ' or '_' or '-' or '\u3000')).ToArray());

    /// <summary>Each field of the kind and the file's column that holds it (null: absent); columns no field claims are listed apart.</summary>
    public static (Dictionary<string, string?> Columns, List<string> Unknown) Match(ImportKind kind, IEnumerable<string> header)
    {
        var fields = Of(kind);
        var columns = fields.ToDictionary(f => f.Name, _ => (string?)null);
        var unknown = new List<string>();
        foreach (var h in header)
        {
            var n = Normal(h);
            if (fields.FirstOrDefault(f => f.Aliases.Select(Normal).Contains(n)) is { } field && columns[field.Name] is null) columns[field.Name] = h;
            else if (h.Length > 0) unknown.Add(h);
        }
        return (columns, unknown);
    }

    public static readonly IReadOnlyDictionary<string, string> HouseholdKinds = Words(
        ("demonstration", "党员示范户"), ("leading", "党员引领户"), ("prosperity", "致富示范户"), ("civility", "文明示范户"), ("member", "党员户"));

    public static readonly IReadOnlyDictionary<string, string> StationLevels = Words(
        ("district", "区"), ("district", "区级"), ("street", "街道"), ("street", "街道级"), ("community", "社区"), ("community", "社区级"),
        ("grid", "网格"), ("grid", "网格级"));

    public static readonly IReadOnlyDictionary<string, string> StaffRoles = Words(
        ("grid_leader", "网格长"), ("grid_worker", "网格员"), ("party_member", "党员"));

    /// <summary>Value words → stored names: each English name stands for itself, each Chinese word for its English name.</summary>
    static Dictionary<string, string> Words(params (string English, string Chinese)[] pairs)
    {
        var words = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (english, chinese) in pairs)
        {
            words[english] = english;
            words[chinese] = english;
        }
        return words;
    }

    public static string List(IReadOnlyDictionary<string, string> words) => string.Join(", ", words.Keys);
}
