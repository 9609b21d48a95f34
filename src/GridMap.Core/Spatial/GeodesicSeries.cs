namespace GridMap.Core.Spatial;

// Angle helpers and the series of Karney's method (order 6), ported from GeographicLib 2.2
// (MIT licence, © Charles Karney). Degrees are reduced exactly before conversion to radians,
// which is where most of the algorithm's accuracy comes from.
public static partial class Geodesic
{
    static double LatFix(double lat) => Math.Abs(lat) > 90 ? double.NaN : lat;

    /// <summary>Coarsens values near zero so that tiny non-zero angles (e.g. 1e-200) need no special case.</summary>
    static double AngRound(double x)
    {
        const double z = 1.0 / 16;
        double y = Math.Abs(x);
        y = y < z ? z - (z - y) : y;
        return Math.CopySign(y, x);
    }

    static double Remainder(double x, double y)
    {
        x %= y;
        return x < -y / 2 ? x + y : (x < y / 2 ? x : x - y);
    }

    static (double S, double T) ErrorFreeSum(double u, double v)
    {
        double s = u + v;
        double up = s - v, vpp = s - up;
        up -= u; vpp -= v;
        double t = s != 0 ? 0 - (up + vpp) : s;
        return (s, t);
    }

    /// <summary>lon2 - lon1 reduced to [-180, 180], as a rounded value plus its rounding error.</summary>
    static (double D, double E) AngDiff(double x, double y)
    {
        var r = ErrorFreeSum(Remainder(-x, 360), Remainder(y, 360));
        r = ErrorFreeSum(Remainder(r.S, 360), r.T);
        double d = r.S, e = r.T;
        if (d == 0 || Math.Abs(d) == 180) d = Math.CopySign(d, e == 0 ? y - x : -e);
        return (d, e);
    }

    static (double Sin, double Cos) SinCosD(double x) => SinCosDe(x, 0, correct: false);

    static (double Sin, double Cos) SinCosDe(double x, double t) => SinCosDe(x, t, correct: true);

    static (double Sin, double Cos) SinCosDe(double x, double t, bool correct)
    {
        double d = x % 360;
        double q = Math.Round(d / 90, MidpointRounding.AwayFromZero);
        d = correct ? AngRound((d - 90 * q) + t) : d - 90 * q;
        double r = d * Degree;
        double s = Math.Sin(r), c = Math.Cos(r);
        if (Math.Abs(d) == 45) { c = Math.Sqrt(0.5); s = Math.CopySign(c, r); }
        else if (Math.Abs(d) == 30) { c = Math.Sqrt(0.75); s = Math.CopySign(0.5, r); }
        double sinx, cosx;
        switch ((int)q & 3)
        {
            case 0: sinx = s; cosx = c; break;
            case 1: sinx = c; cosx = -s; break;
            case 2: sinx = -s; cosx = -c; break;
            default: sinx = -c; cosx = s; break;
        }
        cosx += 0;
        if (sinx == 0) sinx = Math.CopySign(sinx, x + t);
        return (sinx, cosx);
    }

    /// <summary>Sine and cosine of the reduced (parametric) latitude.</summary>
    static (double Sin, double Cos) ReducedLatitude(double lat)
    {
        var (s, c) = SinCosD(lat);
        var (sbet, cbet) = Norm(F1 * s, c);
        return (sbet, Math.Max(Tiny, cbet)); // cos = +epsilon at the poles
    }

    static double Hypot(double x, double y) => Math.Sqrt(x * x + y * y);

    static (double S, double C) Norm(double s, double c)
    {
        double h = Hypot(s, c);
        return (s / h, c / h);
    }

    static double PolyVal(int n, ReadOnlySpan<double> p, int s, double x)
    {
        double y = n < 0 ? 0 : p[s++];
        while (--n >= 0) y = y * x + p[s++];
        return y;
    }

    /// <summary>Clenshaw sum of c[i]·sin(2ix), i = 1..n (c[0] unused).</summary>
    static double SinCosSeries(bool sinp, double sinx, double cosx, ReadOnlySpan<double> c)
    {
        int k = c.Length;
        int n = k - (sinp ? 1 : 0);
        double ar = 2 * (cosx - sinx) * (cosx + sinx);
        double y0 = (n & 1) != 0 ? c[--k] : 0, y1 = 0;
        n /= 2;
        while (n-- > 0)
        {
            y1 = ar * y0 - y1 + c[--k];
            y0 = ar * y1 - y0 + c[--k];
        }
        return sinp ? 2 * sinx * cosx * y0 : cosx * (y0 - y1);
    }

    /// <summary>The positive root k of k^4 + 2k^3 - (x^2 + y^2 - 1)k^2 - 2y^2k - y^2 = 0.</summary>
    static double Astroid(double x, double y)
    {
        double p = x * x, q = y * y, r = (p + q - 1) / 6;
        if (q == 0 && r <= 0) return 0;
        double s = p * q / 4, r2 = r * r, r3 = r * r2;
        double disc = s * (s + 2 * r3);
        double u = r;
        if (disc >= 0)
        {
            double t3 = s + r3;
            t3 += t3 < 0 ? -Math.Sqrt(disc) : Math.Sqrt(disc);
            double t = Math.Cbrt(t3);
            u += t + (t != 0 ? r2 / t : 0);
        }
        else
        {
            double ang = Math.Atan2(Math.Sqrt(-disc), -(s + r3));
            u += 2 * r * Math.Cos(ang / 3);
        }
        double v = Math.Sqrt(u * u + q);
        double uv = u < 0 ? q / (v - u) : u + v;
        double w = (uv - q) / (2 * v);
        return uv / (Math.Sqrt(uv + w * w) + w);
    }

    static readonly double[] A1m1Coeff = [1, 4, 64, 0, 256];
    static readonly double[] C1Coeff = [-1, 6, -16, 32, -9, 64, -128, 2048, 9, -16, 768, 3, -5, 512, -7, 1280, -7, 2048];
    static readonly double[] A2m1Coeff = [-11, -28, -192, 0, 256];
    static readonly double[] C2Coeff = [1, 2, 16, 32, 35, 64, 384, 2048, 15, 80, 768, 7, 35, 512, 63, 1280, 77, 2048];
    static readonly double[] A3Coeff = [-3, 128, -2, -3, 64, -1, -3, -1, 16, 3, -1, -2, 8, 1, -1, 2, 1, 1];
    static readonly double[] C3Coeff =
    [
        3, 128, 2, 5, 128, -1, 3, 3, 64, -1, 0, 1, 8, -1, 1, 4,
        5, 256, 1, 3, 128, -3, -2, 3, 64, 1, -3, 2, 32,
        7, 512, -10, 9, 384, 5, -9, 5, 192,
        7, 512, -14, 7, 512,
        21, 2560,
    ];

    // After the tables they are built from: initialisers run in textual order within a file.
    static readonly double[] A3x = A3Coefficients();
    static readonly double[] C3x = C3Coefficients();

    static double A1m1f(double eps)
    {
        const int p = Order / 2;
        double t = PolyVal(p, A1m1Coeff, 0, eps * eps) / A1m1Coeff[p + 1];
        return (t + eps) / (1 - eps);
    }

    static double A2m1f(double eps)
    {
        const int p = Order / 2;
        double t = PolyVal(p, A2m1Coeff, 0, eps * eps) / A2m1Coeff[p + 1];
        return (t - eps) / (1 + eps);
    }

    static void C1f(double eps, Span<double> c) => FourierCoefficients(C1Coeff, eps, c);

    static void C2f(double eps, Span<double> c) => FourierCoefficients(C2Coeff, eps, c);

    static void FourierCoefficients(ReadOnlySpan<double> coeff, double eps, Span<double> c)
    {
        double eps2 = eps * eps, d = eps;
        int o = 0;
        for (int l = 1; l <= Order; ++l)
        {
            int p = (Order - l) / 2;
            c[l] = d * PolyVal(p, coeff, o, eps2) / coeff[o + p + 1];
            o += p + 2;
            d *= eps;
        }
    }

    static double[] A3Coefficients()
    {
        var a3x = new double[Order];
        int o = 0, k = 0;
        for (int j = Order - 1; j >= 0; --j)
        {
            int p = Math.Min(Order - j - 1, j);
            a3x[k++] = PolyVal(p, A3Coeff, o, N) / A3Coeff[o + p + 1];
            o += p + 2;
        }
        return a3x;
    }

    static double[] C3Coefficients()
    {
        var c3x = new double[Order * (Order - 1) / 2];
        int o = 0, k = 0;
        for (int l = 1; l < Order; ++l)
            for (int j = Order - 1; j >= l; --j)
            {
                int p = Math.Min(Order - j - 1, j);
                c3x[k++] = PolyVal(p, C3Coeff, o, N) / C3Coeff[o + p + 1];
                o += p + 2;
            }
        return c3x;
    }

    static double A3f(double eps) => PolyVal(Order - 1, A3x, 0, eps);

    static void C3f(double eps, Span<double> c)
    {
        double mult = 1;
        int o = 0;
        for (int l = 1; l < Order; ++l)
        {
            int p = Order - l - 1;
            mult *= eps;
            c[l] = mult * PolyVal(p, C3x, o, eps);
            o += p + 1;
        }
    }
}
