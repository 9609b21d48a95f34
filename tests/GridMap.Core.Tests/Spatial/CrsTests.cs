namespace GridMap.Core.Tests.Spatial;

public class CrsTests
{
    /// <summary>Metres between two WGS84 points a few kilometres apart at most (equirectangular).</summary>
    static double Metres((double Lon, double Lat) a, (double Lon, double Lat) b)
    {
        const double R = 6371008.8;
        var x = (b.Lon - a.Lon) * Math.PI / 180 * Math.Cos((a.Lat + b.Lat) / 2 * Math.PI / 180);
        var y = (b.Lat - a.Lat) * Math.PI / 180;
        return R * Math.Sqrt(x * x + y * y);
    }

    // Control points published with googollee/eviltransform's test suite (python/test.py and the
    // ports of it, e.g. larryli/eviltransform's EvilTransformTest.php): WGS84 → GCJ-02.
    [Theory]
    [InlineData(121.5272106, 31.1774276, 121.531541859215, 31.17530398364597)] // Shanghai
    [InlineData(113.912316, 22.543847, 113.9171764808363, 22.540796131694766)] // Shenzhen
    [InlineData(116.377817, 39.911954, 116.38404722455657, 39.91334545536069)] // Beijing
    // wandergis/coordtransform's test/app.js: wgs84togcj02(116.404, 39.915)
    [InlineData(116.404, 39.915, 116.41024449916938, 39.91640428150164)]
    public void Gcj02_forward_matches_published_control_points(double lon, double lat, double gcjLon, double gcjLat)
    {
        var gcj = Crs.Gcj02.FromWgs84(lon, lat);
        Assert.True(Metres(gcj, (gcjLon, gcjLat)) < 0.01, $"{gcj} is {Metres(gcj, (gcjLon, gcjLat)):0.000} m from the control point");
        var back = Crs.Gcj02.ToWgs84(gcjLon, gcjLat);
        Assert.True(Metres(back, (lon, lat)) < 0.5, $"the inverse lands {Metres(back, (lon, lat)):0.000} m away");
    }

    // wandergis/coordtransform's test/app.js: gcj02tobd09(116.404, 39.915) and bd09togcj02(116.404, 39.915).
    [Fact]
    public void Bd09_forward_matches_published_control_point()
    {
        var bd = ChinaOffsets.Bd09FromGcj02(116.404, 39.915);
        Assert.True(Metres(bd, (116.41036949371029, 39.92133699351021)) < 0.01);
    }

    [Fact]
    public void Bd09_inverse_is_within_half_a_metre_of_the_published_approximation()
    {
        // The published bd09togcj02 is itself an approximation (metres off); ours must land near it,
        // and, unlike it, map back onto the BD-09 point exactly.
        var gcj = Crs.Gcj02.FromWgs84(Crs.Bd09.ToWgs84(116.404, 39.915).Lon, Crs.Bd09.ToWgs84(116.404, 39.915).Lat);
        Assert.True(Metres(gcj, (116.39762729119315, 39.90865673957631)) < 5);
        var wgs = Crs.Bd09.ToWgs84(116.404, 39.915);
        Assert.True(Metres(Crs.Bd09.FromWgs84(wgs.Lon, wgs.Lat), (116.404, 39.915)) < 0.05);
    }

    public static TheoryData<string> OffsetSystems => new() { "GCJ02", "BD09" };

    /// <summary>A lattice over the demo district (Haimen) and over Beijing, every position round-tripped.</summary>
    [Theory]
    [MemberData(nameof(OffsetSystems))]
    public void Offsets_round_trip_within_half_a_metre(string name)
    {
        var crs = Crs.Parse(name, out _)!;
        foreach (var (lon0, lat0) in new[] { (121.0, 31.7), (116.2, 39.8) })
            for (var i = 0; i <= 10; i++)
                for (var j = 0; j <= 10; j++)
                {
                    var (lon, lat) = (lon0 + i * 0.05, lat0 + j * 0.04);
                    var shifted = crs.FromWgs84(lon, lat);
                    Assert.True(Metres(shifted, (lon, lat)) > 100, "the offset is hundreds of metres in China");
                    var back = crs.ToWgs84(shifted.X, shifted.Y);
                    Assert.True(Metres(back, (lon, lat)) < 0.5, $"{name} round trip at {lon},{lat}: {Metres(back, (lon, lat)):0.000} m");
                }
    }

    [Fact]
    public void Gcj02_leaves_positions_outside_china_as_they_are()
    {
        Assert.Equal((2.35, 48.85), Crs.Gcj02.FromWgs84(2.35, 48.85));
        Assert.Equal((2.35, 48.85), Crs.Gcj02.ToWgs84(2.35, 48.85));
    }

    [Theory]
    [InlineData("EPSG:4326", "EPSG:4326")]
    [InlineData("epsg:4490", "EPSG:4490")]
    [InlineData("4527", "EPSG:4527")]
    [InlineData("gcj-02", "GCJ02")]
    [InlineData("BD09", "BD09")]
    public void Names_are_read_case_insensitively(string text, string name) =>
        Assert.Equal(name, Crs.Parse(text, out _)!.Name);

    [Theory]
    [InlineData("EPSG:4512")]
    [InlineData("EPSG:4555")]
    [InlineData("EPSG:3857")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_names_are_refused_with_the_list(string? text)
    {
        Assert.Null(Crs.Parse(text, out var problem));
        Assert.Contains("GCJ02", problem);
    }

    /// <summary>
    /// Zones 25–45 (EPSG:4513–4533) carry the zone number in front of the easting; 4534–4554 are the
    /// same central meridians (75°E + 3°·k) without it. A point on each central meridian has easting
    /// 500 km (plus the zone · 10⁶), and the northing of the equator is 0.
    /// </summary>
    [Fact]
    public void Gauss_kruger_zones_put_their_central_meridian_at_500_km()
    {
        for (var k = 0; k <= 20; k++)
        {
            var centralMeridian = 75.0 + 3 * k;
            var zone = 25 + k;
            var (prefixed, _) = Crs.Parse($"EPSG:{4513 + k}", out _)!.FromWgs84(centralMeridian, 32);
            var (plain, _) = Crs.Parse($"EPSG:{4534 + k}", out _)!.FromWgs84(centralMeridian, 32);
            Assert.Equal(zone * 1_000_000 + 500_000, prefixed, 1e-3);
            Assert.Equal(500_000, plain, 1e-3);
        }
        var (_, equator) = Crs.Parse("EPSG:4554", out _)!.FromWgs84(135, 0);
        Assert.Equal(0, equator, 1e-3);
    }

    /// <summary>Round trips over the district and at both edges of a zone (±1.5° from the central meridian).</summary>
    [Theory]
    [InlineData("EPSG:4528", 121.17, 31.87)] // Haimen in zone 40 (CM 120°E), prefixed
    [InlineData("EPSG:4549", 121.17, 31.87)] // the same without the prefix
    [InlineData("EPSG:4549", 118.5, 31.87)]  // western edge of CM 120°E
    [InlineData("EPSG:4549", 121.5, 45.0)]   // eastern edge, further north
    [InlineData("EPSG:4513", 73.5, 39.0)]    // zone 25, the westernmost
    [InlineData("EPSG:4554", 136.5, 47.0)]   // CM 135°E, the easternmost
    public void Gauss_kruger_round_trips_within_a_millimetre(string name, double lon, double lat)
    {
        var crs = Crs.Parse(name, out _)!;
        for (var d = -0.05; d <= 0.05; d += 0.025)
        {
            var (x, y) = crs.FromWgs84(lon + d, lat + d);
            var back = crs.ToWgs84(x, y);
            Assert.True(Metres(back, (lon + d, lat + d)) < 0.001, $"{name} at {lon + d},{lat + d}: {Metres(back, (lon + d, lat + d))} m");
        }
    }

    /// <summary>
    /// A published figure: 1° of longitude along the equator in a 3° zone is 111,319.49 m of
    /// easting on a WGS84/CGCS2000-sized ellipsoid (a·π/180 with a = 6,378,137 m, k₀ = 1), to
    /// within the transverse Mercator's scale growth of ~1.5e-4 at 1° from the meridian.
    /// </summary>
    [Fact]
    public void Gauss_kruger_scale_on_the_equator_is_the_ellipsoids()
    {
        var crs = Crs.Parse("EPSG:4549", out _)!;
        var (x, _) = crs.FromWgs84(121, 0);
        Assert.InRange(x - 500_000, 111_319.49, 111_319.49 * 1.0002);
    }
}
