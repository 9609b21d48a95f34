namespace GridMap.Core.Spatial;

/// <summary>
/// Geodesic distance on the WGS84 ellipsoid, as PostGIS computes it for <c>geography</c>.
/// </summary>
/// <remarks>
/// PostGIS decides <c>ST_DWithin(geography, geography, r)</c> and <c>ST_Distance(geography, ...)</c>
/// between points with PROJ's <c>geod_inverse</c>, which is Karney's algorithm
/// (C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87, 43–55, 2013). This is a port of
/// the distance-only part of that algorithm from GeographicLib 2.2 (MIT licence, © Charles
/// Karney), specialised to WGS84. It is accurate to about 15 nm for any pair of points,
/// antipodal ones included, so counts built on it agree with PostGIS except for points whose
/// distance equals the radius to within rounding.
/// </remarks>
public static partial class Geodesic
{
    /// <summary>WGS84 semi-major axis (metres).</summary>
    public const double A = 6378137;

    /// <summary>WGS84 flattening.</summary>
    public const double F = 1 / 298.257223563;

    const int Order = 6;
    const double F1 = 1 - F;
    const double E2 = F * (2 - F);
    const double Ep2 = E2 / (F1 * F1);
    const double N = F / (2 - F);
    const double B = A * F1;
    const int MaxIt1 = 20;
    const int MaxIt2 = MaxIt1 + 53 + 10;
    const double Degree = Math.PI / 180;
    static readonly double Tol0 = Math.Pow(0.5, 52);
    static readonly double Tol1 = 200 * Tol0;
    static readonly double Tol2 = Math.Sqrt(Tol0);
    static readonly double TolB = Tol0;
    static readonly double XThresh = 1000 * Tol2;
    static readonly double Tiny = Math.Sqrt(double.Epsilon / Math.Pow(0.5, 52));
    static readonly double Etol2 = 0.1 * Tol2 / Math.Sqrt(Math.Max(0.001, Math.Abs(F)) * Math.Min(1, 1 - F / 2) / 2);

    /// <summary>
    /// The length in metres of the shortest geodesic between two points given in degrees
    /// (longitude first, as in NTS and PostGIS). NaN if a latitude lies outside [-90, 90].
    /// </summary>
    public static double DistanceMetres(double lon1, double lat1, double lon2, double lat2)
    {
        lat1 = AngRound(LatFix(lat1));
        lat2 = AngRound(LatFix(lat2));
        var (lon12, lon12s) = AngDiff(lon1, lon2);
        double lonsign = Math.CopySign(1, lon12);
        lon12 *= lonsign; lon12s *= lonsign;
        double lam12 = lon12 * Degree;
        var (slam12, clam12) = SinCosDe(lon12, lon12s);
        lon12s = (180 - lon12) - lon12s;

        // Canonical form: 0 <= lon12 <= 180, -90 <= lat1 <= 0, lat1 <= lat2 <= -lat1.
        if (Math.Abs(lat1) < Math.Abs(lat2) || double.IsNaN(lat2)) (lat1, lat2) = (lat2, lat1);
        double latsign = Math.CopySign(1, -lat1);
        lat1 *= latsign; lat2 *= latsign;

        var (sbet1, cbet1) = ReducedLatitude(lat1);
        var (sbet2, cbet2) = ReducedLatitude(lat2);
        if (cbet1 < -sbet1) { if (cbet2 == cbet1) sbet2 = Math.CopySign(sbet1, sbet2); }
        else if (Math.Abs(sbet2) == -sbet1) cbet2 = cbet1;

        double dn1 = Math.Sqrt(1 + Ep2 * sbet1 * sbet1);
        double dn2 = Math.Sqrt(1 + Ep2 * sbet2 * sbet2);
        Span<double> c1a = stackalloc double[Order + 1];
        Span<double> c2a = stackalloc double[Order + 1];
        Span<double> c3a = stackalloc double[Order];

        double s12x = double.NaN;
        bool meridian = lat1 == -90 || slam12 == 0;
        if (meridian)
        {
            double calp1 = clam12, calp2 = 1;
            double ssig1 = sbet1, csig1 = calp1 * cbet1;
            double ssig2 = sbet2, csig2 = calp2 * cbet2;
            double sig12 = Math.Atan2(Math.Max(0, csig1 * ssig2 - ssig1 * csig2), csig1 * csig2 + ssig1 * ssig2);
            var (s12b, m12b, _) = Lengths(N, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, distance: true, reduced: true, c1a, c2a);
            if (sig12 < Tol2 || m12b >= 0)
            {
                if (sig12 < 3 * Tiny || (sig12 < Tol0 && (s12b < 0 || m12b < 0))) s12b = 0;
                s12x = s12b * B;
            }
            else meridian = false; // only on prolate ellipsoids, kept for fidelity
        }

        if (!meridian && sbet1 == 0 && lon12s >= F * 180)
            return A * lam12; // along the equator

        if (!meridian)
        {
            var start = InverseStart(sbet1, cbet1, sbet2, cbet2, lam12, slam12, clam12);
            if (start.Sig12 >= 0)
                return start.Sig12 * B * start.Dnm;
            s12x = Newton(sbet1, cbet1, dn1, sbet2, cbet2, dn2, start.Salp1, start.Calp1, slam12, clam12, c1a, c2a, c3a);
        }
        return 0 + s12x;
    }

    static double Newton(double sbet1, double cbet1, double dn1, double sbet2, double cbet2, double dn2,
        double salp1, double calp1, double slam12, double clam12, Span<double> c1a, Span<double> c2a, Span<double> c3a)
    {
        // Solve lambda12(alp1) = lam12 by Newton's method, keeping a bracket (alp1a, alp1b) of the root.
        double salp1a = Tiny, calp1a = 1, salp1b = Tiny, calp1b = -1;
        Lambda lam = default;
        bool tripn = false, tripb = false;
        for (int numit = 0; ; ++numit)
        {
            lam = Lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12, numit < MaxIt1, c1a, c2a, c3a);
            double v = lam.Lam12;
            if (tripb || !(Math.Abs(v) >= (tripn ? 8 : 1) * Tol0) || numit == MaxIt2) break;
            if (v > 0 && (numit < MaxIt1 || calp1 / salp1 > calp1b / salp1b)) { salp1b = salp1; calp1b = calp1; }
            else if (v < 0 && (numit < MaxIt1 || calp1 / salp1 < calp1a / salp1a)) { salp1a = salp1; calp1a = calp1; }
            if (numit < MaxIt1 && lam.DLam12 > 0)
            {
                double dalp1 = -v / lam.DLam12;
                if (Math.Abs(dalp1) < Math.PI)
                {
                    double sdalp1 = Math.Sin(dalp1), cdalp1 = Math.Cos(dalp1);
                    double nsalp1 = salp1 * cdalp1 + calp1 * sdalp1;
                    if (nsalp1 > 0)
                    {
                        calp1 = calp1 * cdalp1 - salp1 * sdalp1;
                        salp1 = nsalp1;
                        (salp1, calp1) = Norm(salp1, calp1);
                        tripn = Math.Abs(v) <= 16 * Tol0;
                        continue;
                    }
                }
            }
            salp1 = (salp1a + salp1b) / 2;
            calp1 = (calp1a + calp1b) / 2;
            (salp1, calp1) = Norm(salp1, calp1);
            tripn = false;
            tripb = Math.Abs(salp1a - salp1) + (calp1a - calp1) < TolB || Math.Abs(salp1 - salp1b) + (calp1 - calp1b) < TolB;
        }
        var (s12b, _, _) = Lengths(lam.Eps, lam.Sig12, lam.Ssig1, lam.Csig1, dn1, lam.Ssig2, lam.Csig2, dn2, distance: true, reduced: false, c1a, c2a);
        return s12b * B;
    }

    readonly record struct Start(double Sig12, double Salp1, double Calp1, double Dnm);

    static Start InverseStart(double sbet1, double cbet1, double sbet2, double cbet2, double lam12, double slam12, double clam12)
    {
        double sbet12 = sbet2 * cbet1 - cbet2 * sbet1;
        double cbet12 = cbet2 * cbet1 + sbet2 * sbet1;
        double sbet12a = sbet2 * cbet1;
        sbet12a += cbet2 * sbet1;
        bool shortline = cbet12 >= 0 && sbet12 < 0.5 && cbet2 * lam12 < 0.5;
        double somg12, comg12, dnm = double.NaN;
        if (shortline)
        {
            double sbetm2 = (sbet1 + sbet2) * (sbet1 + sbet2);
            sbetm2 /= sbetm2 + (cbet1 + cbet2) * (cbet1 + cbet2);
            dnm = Math.Sqrt(1 + Ep2 * sbetm2);
            double omg12 = lam12 / (F1 * dnm);
            somg12 = Math.Sin(omg12); comg12 = Math.Cos(omg12);
        }
        else { somg12 = slam12; comg12 = clam12; }

        double salp1 = cbet2 * somg12;
        double calp1 = comg12 >= 0
            ? sbet12 + cbet2 * sbet1 * somg12 * somg12 / (1 + comg12)
            : sbet12a - cbet2 * sbet1 * somg12 * somg12 / (1 - comg12);
        double ssig12 = Hypot(salp1, calp1);
        double csig12 = sbet1 * sbet2 + cbet1 * cbet2 * comg12;
        if (shortline && ssig12 < Etol2)
            return new Start(Math.Atan2(ssig12, csig12), salp1, calp1, dnm); // really short lines

        if (!(csig12 >= 0 || ssig12 >= 6 * Math.Abs(N) * Math.PI * cbet1 * cbet1))
        {
            // Nearly antipodal: scale to coordinates where the antipode is at the origin and
            // estimate alp1 from the astroid problem (valid for oblate ellipsoids, f > 0).
            double lam12x = Math.Atan2(-slam12, -clam12);
            double k2 = sbet1 * sbet1 * Ep2;
            double eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
            double lamscale = F * cbet1 * A3f(eps) * Math.PI;
            double betscale = lamscale * cbet1;
            double x = lam12x / lamscale;
            double y = sbet12a / betscale;
            if (y > -Tol1 && x > -1 - XThresh)
            {
                salp1 = Math.Min(1, -x);
                calp1 = -Math.Sqrt(1 - salp1 * salp1);
            }
            else
            {
                double k = Astroid(x, y);
                double omg12a = lamscale * (-x * k / (1 + k));
                somg12 = Math.Sin(omg12a); comg12 = -Math.Cos(omg12a);
                salp1 = cbet2 * somg12;
                calp1 = sbet12a - cbet2 * sbet1 * somg12 * somg12 / (1 - comg12);
            }
        }
        if (!(salp1 <= 0)) (salp1, calp1) = Norm(salp1, calp1);
        else { salp1 = 1; calp1 = 0; }
        return new Start(-1, salp1, calp1, dnm);
    }

    readonly record struct Lambda(double Lam12, double Sig12, double Ssig1, double Csig1, double Ssig2, double Csig2, double Eps, double DLam12);

    static Lambda Lambda12(double sbet1, double cbet1, double dn1, double sbet2, double cbet2, double dn2,
        double salp1, double calp1, double slam120, double clam120, bool diffp,
        Span<double> c1a, Span<double> c2a, Span<double> c3a)
    {
        if (sbet1 == 0 && calp1 == 0) calp1 = -Tiny; // break the degeneracy of the equatorial line
        double salp0 = salp1 * cbet1;
        double calp0 = Hypot(calp1, salp1 * sbet1);
        double ssig1 = sbet1, somg1 = salp0 * sbet1;
        double csig1 = calp1 * cbet1, comg1 = csig1;
        (ssig1, csig1) = Norm(ssig1, csig1);

        double calp2 = cbet2 != cbet1 || Math.Abs(sbet2) != -sbet1
            ? Math.Sqrt(calp1 * cbet1 * (calp1 * cbet1) + (cbet1 < -sbet1 ? (cbet2 - cbet1) * (cbet1 + cbet2) : (sbet1 - sbet2) * (sbet1 + sbet2))) / cbet2
            : Math.Abs(calp1);
        double ssig2 = sbet2, somg2 = salp0 * sbet2;
        double csig2 = calp2 * cbet2, comg2 = csig2;
        (ssig2, csig2) = Norm(ssig2, csig2);

        double sig12 = Math.Atan2(Math.Max(0, csig1 * ssig2 - ssig1 * csig2), csig1 * csig2 + ssig1 * ssig2);
        double somg12 = Math.Max(0, comg1 * somg2 - somg1 * comg2);
        double comg12 = comg1 * comg2 + somg1 * somg2;
        double eta = Math.Atan2(somg12 * clam120 - comg12 * slam120, comg12 * clam120 + somg12 * slam120);
        double k2 = calp0 * calp0 * Ep2;
        double eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
        C3f(eps, c3a);
        double b312 = SinCosSeries(true, ssig2, csig2, c3a) - SinCosSeries(true, ssig1, csig1, c3a);
        double domg12 = -F * A3f(eps) * salp0 * (sig12 + b312);
        double lam12 = eta + domg12;
        double dlam12 = double.NaN;
        if (diffp)
        {
            if (calp2 == 0) dlam12 = -2 * F1 * dn1 / sbet1;
            else
            {
                var (_, m12b, _) = Lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, distance: false, reduced: true, c1a, c2a);
                dlam12 = m12b * F1 / (calp2 * cbet2);
            }
        }
        return new Lambda(lam12, sig12, ssig1, csig1, ssig2, csig2, eps, dlam12);
    }

    /// <summary>Distance/b, reduced length/b and the secular coefficient m0 of the reduced length.</summary>
    static (double S12b, double M12b, double M0) Lengths(double eps, double sig12,
        double ssig1, double csig1, double dn1, double ssig2, double csig2, double dn2,
        bool distance, bool reduced, Span<double> c1a, Span<double> c2a)
    {
        double a1 = A1m1f(eps), a2 = 0, m0x = 0, j12 = 0, s12b = double.NaN, m12b = double.NaN;
        C1f(eps, c1a);
        if (reduced)
        {
            a2 = A2m1f(eps);
            C2f(eps, c2a);
            m0x = a1 - a2;
            a2 = 1 + a2;
        }
        a1 = 1 + a1;
        if (distance)
        {
            double b1 = SinCosSeries(true, ssig2, csig2, c1a) - SinCosSeries(true, ssig1, csig1, c1a);
            s12b = a1 * (sig12 + b1);
            if (reduced)
            {
                double b2 = SinCosSeries(true, ssig2, csig2, c2a) - SinCosSeries(true, ssig1, csig1, c2a);
                j12 = m0x * sig12 + (a1 * b1 - a2 * b2);
            }
        }
        else if (reduced)
        {
            for (int l = 1; l <= Order; ++l) c2a[l] = a1 * c1a[l] - a2 * c2a[l];
            j12 = m0x * sig12 + (SinCosSeries(true, ssig2, csig2, c2a) - SinCosSeries(true, ssig1, csig1, c2a));
        }
        if (reduced)
            m12b = dn2 * (csig1 * ssig2) - dn1 * (ssig1 * csig2) - csig1 * csig2 * j12;
        return (s12b, m12b, m0x);
    }
}
