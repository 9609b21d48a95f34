using System.Globalization;
using System.Reflection;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using ProjNet.IO.CoordinateSystems;

namespace GridMap.Core.Spatial;

/// <summary>
/// A coordinate system an uploader may declare a file in (<c>crs=</c>), and the way from it to
/// WGS84 longitude/latitude, in which everything is stored. The one place these names are read:
/// <list type="bullet">
/// <item><c>EPSG:4326</c> WGS84 lon/lat, as it is.</item>
/// <item><c>EPSG:4490</c> CGCS2000 lon/lat, taken as WGS84: the two frames differ by a few
/// centimetres, below what a household's or a grid's position means.</item>
/// <item><c>EPSG:4513</c>–<c>EPSG:4533</c> CGCS2000 3-degree Gauss–Krüger zones 25–45 with the zone
/// number in front of the easting, <c>EPSG:4534</c>–<c>EPSG:4554</c> the same central meridians
/// (75°E–135°E) without it: projected metres, unprojected by ProjNet with the definitions PostGIS
/// holds (embedded as <c>Resources/cgcs2000_gauss_kruger.wkt</c>, copied from PostGIS 3.3.2's
/// <c>spatial_ref_sys</c>, so that the core needs no database) onto CGCS2000, taken as WGS84.</item>
/// <item><c>GCJ02</c> (Amap, Tencent) and <c>BD09</c> (Baidu): lon/lat with the offsets of
/// <see cref="ChinaOffsets"/>, undone by iteration to within <see cref="ChinaOffsets.InverseToleranceDegrees"/>.</item>
/// </list>
/// </summary>
public abstract class Crs
{
    /// <summary>The name as <c>crs=</c> takes it and reports show it: <c>EPSG:4513</c>, <c>GCJ02</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What a person picks it by: <c>WGS 84</c>, or a zone's name in its definition (<c>CGCS2000 / 3-degree Gauss-Kruger CM 120E</c>).</summary>
    public abstract string Title { get; }

    /// <summary>True for lon/lat in degrees, false for projected metres (easting, northing).</summary>
    public abstract bool IsGeographic { get; }

    /// <summary>WGS84 (lon, lat) of a position given in this system as (x, y): (lon, lat) or (easting, northing).</summary>
    public abstract (double Lon, double Lat) ToWgs84(double x, double y);

    /// <summary>The position in this system of a WGS84 (lon, lat): for tests and for writing files in it.</summary>
    public abstract (double X, double Y) FromWgs84(double lon, double lat);

    public override string ToString() => Name;

    public static readonly Crs Wgs84 = new LonLatCrs("EPSG:4326", "WGS 84");
    public static readonly Crs Cgcs2000 = new LonLatCrs("EPSG:4490", "CGCS2000");
    public static readonly Crs Gcj02 = new OffsetCrs("GCJ02", "GCJ-02 (Amap, Tencent)", ChinaOffsets.Gcj02FromWgs84, ChinaOffsets.Wgs84FromGcj02);
    public static readonly Crs Bd09 = new OffsetCrs("BD09", "BD-09 (Baidu)", ChinaOffsets.Bd09FromWgs84, ChinaOffsets.Wgs84FromBd09);

    /// <summary>The EPSG codes of the CGCS2000 3-degree Gauss–Krüger zones, with and without the zone prefix.</summary>
    public const int FirstGaussKruger = 4513, LastGaussKruger = 4554;

    /// <summary>Every system <c>crs=</c> accepts, in the order a picker lists them (<c>GET /api/import/crs</c>).</summary>
    public static IReadOnlyList<Crs> All =>
        [Wgs84, Cgcs2000, .. Enumerable.Range(FirstGaussKruger, LastGaussKruger - FirstGaussKruger + 1).Select(code => GaussKruger.Value[code]), Gcj02, Bd09];

    /// <summary>What <c>crs=</c> accepts, for messages and docs.</summary>
    public const string Accepted = "EPSG:4326, EPSG:4490, EPSG:4513 to EPSG:4554 (CGCS2000 3-degree Gauss–Krüger), GCJ02, BD09";

    /// <summary>
    /// The system named by <paramref name="text"/> (case-insensitive; <c>EPSG:</c> may be left off a
    /// code, <c>GCJ-02</c> and <c>BD-09</c> are taken too), or null with the reason in <paramref name="problem"/>.
    /// </summary>
    public static Crs? Parse(string? text, out string? problem)
    {
        problem = null;
        var name = (text ?? "").Trim().ToUpperInvariant().Replace("-", "");
        if (name.StartsWith("EPSG:", StringComparison.Ordinal)) name = name[5..];
        switch (name)
        {
            case "4326" or "WGS84": return Wgs84;
            case "4490" or "CGCS2000": return Cgcs2000;
            case "GCJ02": return Gcj02;
            case "BD09": return Bd09;
        }
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code is >= FirstGaussKruger and <= LastGaussKruger)
            return GaussKruger.Value[code];
        problem = text is null or "" ? $"name the coordinate system of the file: one of {Accepted}"
            : $"'{text}' is not a coordinate system GridMap reads; one of {Accepted}";
        return null;
    }

    sealed class LonLatCrs(string name, string title) : Crs
    {
        public override string Name => name;
        public override string Title => title;
        public override bool IsGeographic => true;
        public override (double Lon, double Lat) ToWgs84(double x, double y) => (x, y);
        public override (double X, double Y) FromWgs84(double lon, double lat) => (lon, lat);
    }

    sealed class OffsetCrs(string name, string title, Func<double, double, (double, double)> from, Func<double, double, (double, double)> to) : Crs
    {
        public override string Name => name;
        public override string Title => title;
        public override bool IsGeographic => true;
        public override (double Lon, double Lat) ToWgs84(double x, double y) => to(x, y);
        public override (double X, double Y) FromWgs84(double lon, double lat) => from(lon, lat);
    }

    /// <summary>A zone of the embedded definitions: projected metres to and from its own CGCS2000 lon/lat.</summary>
    sealed class ProjectedCrs : Crs
    {
        readonly MathTransform unproject;
        readonly MathTransform project;

        public ProjectedCrs(int code, ProjectedCoordinateSystem system)
        {
            Name = $"EPSG:{code}";
            Title = system.Name;
            project = new CoordinateTransformationFactory()
                .CreateFromCoordinateSystems(system.GeographicCoordinateSystem, system).MathTransform;
            unproject = project.Inverse();
        }

        public override string Name { get; }
        public override string Title { get; }
        public override bool IsGeographic => false;
        public override (double Lon, double Lat) ToWgs84(double x, double y) => unproject.Transform(x, y);
        public override (double X, double Y) FromWgs84(double lon, double lat) => project.Transform(lon, lat);
    }

    static readonly Lazy<IReadOnlyDictionary<int, Crs>> GaussKruger = new(ReadGaussKruger);

    static IReadOnlyDictionary<int, Crs> ReadGaussKruger()
    {
        using var stream = typeof(Crs).Assembly.GetManifestResourceStream("spatial/cgcs2000_gauss_kruger.wkt")
            ?? throw new InvalidOperationException("the resource spatial/cgcs2000_gauss_kruger.wkt is missing from GridMap.Core");
        using var reader = new StreamReader(stream);
        var zones = new Dictionary<int, Crs>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var bar = line.IndexOf('|');
            var code = int.Parse(line[..bar], CultureInfo.InvariantCulture);
            zones[code] = new ProjectedCrs(code, (ProjectedCoordinateSystem)CoordinateSystemWktReader.Parse(line[(bar + 1)..]));
        }
        for (var code = FirstGaussKruger; code <= LastGaussKruger; code++)
            if (!zones.ContainsKey(code)) throw new InvalidOperationException($"spatial/cgcs2000_gauss_kruger.wkt lacks EPSG:{code}");
        return zones;
    }
}
