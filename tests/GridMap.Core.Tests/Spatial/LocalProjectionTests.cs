namespace GridMap.Core.Tests.Spatial;

public class LocalProjectionTests
{
    readonly LocalProjection haimen = new(121.17, 31.87);

    [Fact]
    public void Centre_projects_to_the_origin()
    {
        var (x, y) = haimen.Project(121.17, 31.87);
        Assert.Equal(0, x, 6);
        Assert.Equal(0, y, 6);
    }

    [Fact]
    public void One_minute_of_latitude_is_about_1848_metres_at_haimen()
    {
        // Meridian arc of 1' at 31.87°N on WGS84: 1847.9 m (M = a(1−e²)/(1−e²sin²φ)^1.5).
        var (_, y) = haimen.Project(121.17, 31.87 + 1.0 / 60);
        Assert.Equal(1847.9, y, 0.2);
    }

    [Fact]
    public void Round_trip_returns_the_same_polygon_within_a_millimetre()
    {
        var polygon = new WKTReader().Read("POLYGON ((121.1 31.8, 121.3 31.8, 121.3 31.95, 121.1 31.8))");
        var back = haimen.Unproject(haimen.Project(polygon));
        Assert.True(polygon.EqualsExact(back, 1e-8));
        Assert.Equal(4326, back.SRID);
    }
}
