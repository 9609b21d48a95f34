namespace GridMap.Core.Tests.Coverage;

public class SiteCandidatesTests
{
    static readonly WKTReader Wkt = new();

    // About 4.7 km east-west by 5.5 km north-south at Haimen.
    static readonly Geometry Area = Wkt.Read("POLYGON ((121.15 31.85, 121.2 31.85, 121.2 31.9, 121.15 31.9, 121.15 31.85))");

    [Fact]
    public void Lattice_points_lie_in_the_area_at_the_spacing_in_metres()
    {
        var lattice = SiteCandidates.Lattice(Area, 500);

        Assert.All(lattice, c => Assert.True(Area.Covers(new Point(c.Lon, c.Lat))));
        double areaSquareMetres = LocalProjection.For(Area.EnvelopeInternal).Project(Area).Area;
        Assert.InRange(lattice.Count, areaSquareMetres / 500 / 500 * 0.85, areaSquareMetres / 500 / 500 * 1.15);
        var (first, second) = (lattice[0], lattice[1]); // neighbours in the southernmost row
        Assert.Equal(500, Geodesic.DistanceMetres(first.Lon, first.Lat, second.Lon, second.Lat), 0.05);
    }

    [Fact]
    public void Lattice_positions_are_known_before_the_lattice_and_bound_its_points()
    {
        var triangle = Wkt.Read("POLYGON ((121.15 31.85, 121.2 31.85, 121.15 31.9, 121.15 31.85))");

        long positions = SiteCandidates.LatticePositions(triangle, 250);

        Assert.Equal(positions, SiteCandidates.LatticePositions(Area, 250)); // the same envelope
        Assert.InRange(SiteCandidates.Lattice(Area, 250).Count, 0.75 * positions, positions); // the envelope has a margin of one spacing
        Assert.InRange(SiteCandidates.Lattice(triangle, 250).Count, 0.35 * positions, 0.5 * positions);
    }

    [Fact]
    public void Lattice_follows_the_shape_not_the_bounding_box()
    {
        var triangle = Wkt.Read("POLYGON ((121.15 31.85, 121.2 31.85, 121.15 31.9, 121.15 31.85))");

        var lattice = SiteCandidates.Lattice(triangle, 250);

        Assert.All(lattice, c => Assert.True(triangle.Covers(new Point(c.Lon, c.Lat))));
        Assert.InRange(lattice.Count, SiteCandidates.Lattice(Area, 250).Count * 0.4, SiteCandidates.Lattice(Area, 250).Count * 0.6);
    }

    [Fact]
    public void Grid_centre_is_the_centroid_or_an_inside_point_when_the_centroid_falls_outside()
    {
        var square = Wkt.Read("POLYGON ((121.15 31.85, 121.16 31.85, 121.16 31.86, 121.15 31.86, 121.15 31.85))");
        var ring = Wkt.Read("POLYGON ((121.15 31.85, 121.19 31.85, 121.19 31.89, 121.15 31.89, 121.15 31.85), (121.155 31.855, 121.185 31.855, 121.185 31.885, 121.155 31.885, 121.155 31.855))");

        var centres = SiteCandidates.GridCentres([square, ring]).ToList();

        Assert.Equal(new SiteCandidate(121.155, 31.855), new SiteCandidate(Math.Round(centres[0].Lon, 9), Math.Round(centres[0].Lat, 9)));
        Assert.True(ring.Contains(new Point(centres[1].Lon, centres[1].Lat)));
    }

    [Fact]
    public void Default_candidates_are_grid_centres_in_the_area_followed_by_the_lattice()
    {
        var inside = Wkt.Read("POLYGON ((121.15 31.85, 121.16 31.85, 121.16 31.86, 121.15 31.86, 121.15 31.85))");
        var outside = Wkt.Read("POLYGON ((121.25 31.85, 121.26 31.85, 121.26 31.86, 121.25 31.86, 121.25 31.85))");

        var candidates = SiteCandidates.Default(Area, [inside, outside], 1000);

        Assert.Equal(1 + SiteCandidates.Lattice(Area, 1000).Count, candidates.Count);
        Assert.Equal(121.155, candidates[0].Lon, 9);
    }

    [Fact]
    public void A_lattice_too_fine_for_the_area_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SiteCandidates.Lattice(Area, 5));
    }
}
