namespace GridMap.Core.Tests.Spatial;

public class GeodesicChordTests
{
    [Fact]
    public void Chord_estimate_stays_within_a_fifth_of_its_stated_error_bound_up_to_100_km()
    {
        var random = new Random(7);
        double worstShare = 0;
        for (int i = 0; i < 20_000; i++)
        {
            double lat1 = random.NextDouble() * 160 - 80, lon1 = random.NextDouble() * 360 - 180;
            double distance = i % 2 == 0 ? random.NextDouble() * 2_000 : random.NextDouble() * 100_000;
            double bearing = random.NextDouble() * 2 * Math.PI;
            double lat2 = lat1 + distance / 111_000 * Math.Cos(bearing);
            double lon2 = lon1 + distance / 111_000 * Math.Sin(bearing) / Math.Cos(lat1 * Math.PI / 180);
            if (Math.Abs(lat2) > 89) continue;

            double exact = Geodesic.DistanceMetres(lon1, lat1, lon2, lat2);
            double estimate = GeodesicChord.ApproxDistanceMetres(lon1, lat1, lon2, lat2);
            double share = Math.Abs(estimate - exact) / GeodesicChord.ErrorBoundMetres(exact);
            worstShare = Math.Max(worstShare, share);
        }
        Assert.True(worstShare < 0.2, $"worst error was {worstShare:P1} of the bound");
    }

    [Fact]
    public void Chord_estimate_at_Haimen_is_within_a_micrometre_at_one_kilometre()
    {
        double exact = Geodesic.DistanceMetres(121.17, 31.9, 121.1776, 31.9054);
        double estimate = GeodesicChord.ApproxDistanceMetres(121.17, 31.9, 121.1776, 31.9054);
        Assert.Equal(exact, estimate, 1e-6);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(300.0)]
    [InlineData(1_000.0)]
    [InlineData(100_000.0)]
    public void Chord_and_arc_conversions_are_inverse(double arcMetres)
    {
        Assert.Equal(arcMetres, GeodesicChord.ArcMetres(GeodesicChord.ChordMetres(arcMetres)), 1e-6);
    }
}
