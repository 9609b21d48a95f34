namespace GridMap.Core.Tests.Spatial;

public class LonLatTests
{
    [Theory]
    [InlineData(-180, true)]
    [InlineData(180, true)]
    [InlineData(180.0000001, false)]
    [InlineData(-180.0000001, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    public void Longitude_range_is_closed_and_refuses_what_is_not_a_number(double lon, bool expected) =>
        Assert.Equal(expected, LonLat.IsLon(lon));

    [Theory]
    [InlineData(-90, true)]
    [InlineData(90, true)]
    [InlineData(90.0000001, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.NegativeInfinity, false)]
    public void Latitude_range_is_closed_and_refuses_what_is_not_a_number(double lat, bool expected) =>
        Assert.Equal(expected, LonLat.IsLat(lat));
}
