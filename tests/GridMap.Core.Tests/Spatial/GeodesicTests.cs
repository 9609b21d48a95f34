namespace GridMap.Core.Tests.Spatial;

public class GeodesicTests
{
    // lat1, lon1, lat2, lon2, s12: the first 20 lines of Karney's GeodTest.dat, computed in
    // high-precision arithmetic (as shipped in GeographicLib's own geodesictest.js).
    public static TheoryData<double, double, double, double, double> GeodTestLines => new()
    {
        { 35.60777, -139.44815, -11.17491, -69.95921, 8935244.56048183 },
        { 55.52454, 106.05087, 77.03196, 197.18234, 4105086.171392441 },
        { -21.97856, 142.59065, 41.84138, 98.56635, 8394328.894657671 },
        { -66.99028, 112.2363, -12.70631, 285.90344, 11150344.231208025 },
        { -17.42761, 173.34268, -15.84784, 5.93557, 16076603.163118068 },
        { 32.84994, 48.28919, -56.28556, 202.29132, 16727068.943816446 },
        { 6.96833, 52.74123, -7.39675, 206.17291, 17102477.249695837 },
        { -50.56724, -16.30485, -33.56571, -94.97412, 6455670.511866869 },
        { -58.93002, -8.90775, -8.91104, 133.13503, 11756066.021986462 },
        { -68.82867, -74.28391, -50.63005, -8.36685, 3956936.926063544 },
        { -10.62672, -32.0898, 5.883, -134.31681, 11470869.386456301 },
        { -21.76221, 166.90563, 48.72884, 213.97627, 9098627.398655491 },
        { -19.79938, -174.47484, -11.99349, -154.35109, 2319004.860116939 },
        { -11.95887, -116.94513, 4.57352, 7.16501, 13834722.580140138 },
        { -87.85331, 85.66836, 66.48646, 16.09921, 17286615.314714465 },
        { 1.74708, 128.32011, -11.16617, 11.87109, 12942901.124134742 },
        { -25.72959, -144.90758, -57.70581, -269.17879, 9413446.745245311 },
        { -41.22777, 122.32875, -7.57291, 130.37946, 3812686.035106021 },
        { 11.01307, 138.25278, 6.62726, 247.05981, 11911190.819018409 },
        { -29.47124, 95.14681, -27.46601, -69.15955, 13487015.838114548 },
    };

    [Theory]
    [MemberData(nameof(GeodTestLines))]
    public void Distance_matches_Karneys_high_precision_test_set_to_a_micrometre(
        double lat1, double lon1, double lat2, double lon2, double expectedMetres)
    {
        Assert.Equal(expectedMetres, Geodesic.DistanceMetres(lon1, lat1, lon2, lat2), 1e-6);
        Assert.Equal(expectedMetres, Geodesic.DistanceMetres(lon2, lat2, lon1, lat1), 1e-6);
    }

    // Pairs near Haimen (31.9°N). Expected values are what PostGIS 3.3.2 / PROJ 9.1.1 returns
    // for ST_Distance(geography, geography) (printed to 1e-8 m), which coverage must agree with.
    [Theory]
    [InlineData(121.17, 31.9, 121.17105, 31.9, 99.32533288)]
    [InlineData(121.17, 31.9, 121.17, 31.9045, 498.98295111)]
    [InlineData(121.17, 31.9, 121.1776, 31.9054, 935.60767542)]
    [InlineData(121.17, 31.9, 121.2, 31.88, 3601.86220222)]
    [InlineData(121.17, 31.9, 121.0, 31.95, 17006.04284924)]
    [InlineData(121.17, 31.9, 121.17, 31.72, 19959.02825895)]
    [InlineData(121.1, 31.85, 121.3, 31.95, 21929.14571202)]
    public void Distance_at_Haimen_agrees_with_PostGIS_geography_to_well_under_a_millimetre(
        double lon1, double lat1, double lon2, double lat2, double postgisMetres)
    {
        Assert.Equal(postgisMetres, Geodesic.DistanceMetres(lon1, lat1, lon2, lat2), 1e-7);
    }

    // Nearly antipodal and other awkward pairs from GeographicLib's GeodSolve regression tests,
    // where Vincenty's method fails to converge.
    [Theory]
    [InlineData(36.493349428792, 0, 36.49334942879201, 0.0000008, 0.072, 0.5e-3)]
    [InlineData(88.202499451857, 0, -88.202499451857, 179.981022032992859592, 20003898.214, 0.5e-3)]
    [InlineData(89.262080389218, 0, -89.262080389218, 179.992207982775375662, 20003925.854, 0.5e-3)]
    [InlineData(56.320923501171, 0, -56.320923501171, 179.664747671772880215, 19993558.287, 0.5e-3)]
    [InlineData(52.784459512564, 0, -52.784459512563990912, 179.634407464943777557, 19991596.095, 0.5e-3)]
    [InlineData(48.522876735459, 0, -48.52287673545898293, 179.599720456223079643, 19989144.774, 0.5e-3)]
    [InlineData(0, 0, 0, 179, 19926189, 0.5)]
    [InlineData(0, 0, 0, 179.5, 19980862, 0.5)]
    [InlineData(0, 0, 0, 180, 20003931, 0.5)]
    [InlineData(0, 0, 1, 180, 19893357, 0.5)]
    [InlineData(0, 539, 0, 181, 222639, 0.5)]
    [InlineData(40.6, -73.8, 49.01666667, 2.55, 5853226, 0.5)]
    public void Distance_is_right_for_nearly_antipodal_and_degenerate_pairs(
        double lat1, double lon1, double lat2, double lon2, double expectedMetres, double tolerance)
    {
        Assert.Equal(expectedMetres, Geodesic.DistanceMetres(lon1, lat1, lon2, lat2), tolerance);
    }

    [Fact]
    public void Distance_is_zero_for_the_same_point_and_nan_for_an_impossible_latitude()
    {
        Assert.Equal(0, Geodesic.DistanceMetres(121.17, 31.87, 121.17, 31.87));
        Assert.Equal(0, Geodesic.DistanceMetres(10, 90, -170, 90), 1e-9);
        Assert.True(double.IsNaN(Geodesic.DistanceMetres(0, 91, 0, 0)));
    }
}
