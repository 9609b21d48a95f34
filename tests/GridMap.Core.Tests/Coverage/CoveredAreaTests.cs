namespace GridMap.Core.Tests.Coverage;

public class CoveredAreaTests
{
    static readonly Geometry Area = new WKTReader().Read("POLYGON ((121.12 31.82, 121.22 31.82, 121.22 31.92, 121.12 31.92, 121.12 31.82))");

    [Fact]
    public void One_station_gives_a_64_gon_whose_vertices_are_at_the_geodesic_radius()
    {
        var shape = CoveredArea.Of([new Station(121.19, 31.88, 500)], Area);

        var polygon = Assert.IsType<Polygon>(shape);
        Assert.Equal(4326, shape.SRID);
        Assert.Equal(65, polygon.ExteriorRing.NumPoints);
        Assert.All(polygon.Coordinates, c => Assert.Equal(500, Geodesic.DistanceMetres(121.19, 31.88, c.X, c.Y), 0.01));
        double expectedSquareMetres = 32 * 500 * 500 * Math.Sin(2 * Math.PI / 64);
        Assert.Equal(expectedSquareMetres, LocalProjection.For(Area.EnvelopeInternal).Project(shape).Area, expectedSquareMetres * 1e-4);
    }

    [Fact]
    public void Households_well_inside_a_radius_are_in_the_shape_and_those_outside_every_radius_are_not()
    {
        var random = new Random(9);
        var stations = Haimen.Stations(25, random, 200, 900);
        var (lon, lat, _) = Haimen.Households(3000, random);

        var shape = CoveredArea.Of(stations, Area);

        var inArea = new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(Area);
        var inShape = new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(shape);
        int checkedInside = 0;
        for (int i = 0; i < lon.Length; i++)
        {
            var point = new Coordinate(lon[i], lat[i]);
            double margin = stations.Min(s => Geodesic.DistanceMetres(s.Lon, s.Lat, lon[i], lat[i]) - s.RadiusMetres);
            bool wellInsideArea = inArea.Locate(point) == Location.Interior && Area.Boundary.Distance(new Point(point)) > 1e-4;
            if (margin < -1 && wellInsideArea) { Assert.Equal(Location.Interior, inShape.Locate(point)); checkedInside++; }
            if (margin > 0.01) Assert.Equal(Location.Exterior, inShape.Locate(point));
        }
        Assert.True(checkedInside > 300);
    }

    [Fact]
    public void Shape_is_clipped_to_the_area()
    {
        var shape = CoveredArea.Of([new Station(121.22, 31.87, 1000)], Area);

        Assert.True(Area.Buffer(1e-9).Covers(shape));
        double fullCircle = 32 * 1000 * 1000 * Math.Sin(2 * Math.PI / 64);
        Assert.Equal(0.5, LocalProjection.For(Area.EnvelopeInternal).Project(shape).Area / fullCircle, 0.01);
    }

    [Fact]
    public void Overlapping_circles_dissolve_into_one_polygon_and_the_override_radius_applies()
    {
        var stations = new List<Station> { new(121.16, 31.87, 300), new(121.17, 31.87, 300) };

        Assert.IsType<MultiPolygon>(CoveredArea.Of(stations, Area));
        Assert.IsType<Polygon>(CoveredArea.Of(stations, Area, radiusOverrideMetres: 1000));
        Assert.True(CoveredArea.Of([], Area).IsEmpty);
    }
}
