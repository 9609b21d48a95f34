using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridMap.Server.Data.PostGis;

/// <summary>
/// PostGIS's binary form of geometry and geography: WKB extended with an SRID and Z/M flags.
/// </summary>
static class Ewkb
{
    // PostGIS leaves the SRID out when it is 0 (unknown); NTS would then say -1.
    static readonly NtsGeometryServices UnknownSridIsZero = new(
        NtsGeometryServices.Instance.DefaultCoordinateSequenceFactory, NtsGeometryServices.Instance.DefaultPrecisionModel, srid: 0);

    public static Geometry Read(byte[] ewkb) =>
        new WKBReader(UnknownSridIsZero) { HandleSRID = true, HandleOrdinates = Ordinates.XYZM }.Read(ewkb);

    /// <summary>
    /// Written as PostGIS writes it: no SRID when it is unknown (0, or NTS's -1), and Z and M
    /// only when some coordinate has a value. NTS operations often return XYZ sequences whose
    /// Z is NaN, which PostGIS would otherwise store as a 3D geometry of NaNs.
    /// </summary>
    public static byte[] Write(Geometry geometry)
    {
        var (hasZ, hasM) = MeasuredOrdinates(geometry);
        var hasSrid = geometry.SRID > 0;
        return new WKBWriter(ByteOrder.LittleEndian, handleSRID: hasSrid, emitZ: hasZ, emitM: hasM).Write(geometry);
    }

    public static (bool HasZ, bool HasM) MeasuredOrdinates(Geometry geometry)
    {
        var finder = new OrdinateFinder();
        geometry.Apply(finder);
        return (finder.HasZ, finder.HasM);
    }

    sealed class OrdinateFinder : IEntireCoordinateSequenceFilter
    {
        public bool HasZ { get; private set; }
        public bool HasM { get; private set; }
        public bool Done => HasZ && HasM;
        public bool GeometryChanged => false;

        public void Filter(CoordinateSequence sequence)
        {
            for (var i = 0; i < sequence.Count && !Done; i++)
            {
                HasZ |= sequence.HasZ && !double.IsNaN(sequence.GetZ(i));
                HasM |= sequence.HasM && !double.IsNaN(sequence.GetM(i));
            }
        }
    }
}
