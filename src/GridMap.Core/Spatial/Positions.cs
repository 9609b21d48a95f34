using NetTopologySuite.Geometries;

namespace GridMap.Core.Spatial;

/// <summary>A geometry moved position by position from one coordinate system to another (a projection, an offset datum).</summary>
public static class Positions
{
    /// <summary>A copy of <paramref name="g"/>, made by <paramref name="factory"/> (its SRID), with every position passed through <paramref name="convert"/>.</summary>
    public static Geometry Converted(Geometry g, GeometryFactory factory, Func<double, double, (double, double)> convert)
    {
        var copy = factory.CreateGeometry(g);
        copy.Apply(new Converter(convert));
        copy.GeometryChanged();
        return copy;
    }

    sealed class Converter(Func<double, double, (double, double)> convert) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = convert(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
