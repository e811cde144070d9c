using MathNet.Numerics;

namespace ModelMonitor.Drift;

/// <summary>
/// Survival functions of the one-sample Kolmogorov statistic <c>D_n</c> (two-sided) and Smirnov
/// statistic <c>D+_n</c> (one-sided) for finite <c>n</c>.
/// </summary>
/// <remarks>
/// The two-sided survival function follows the recipe of Simard and L'Ecuyer, "Computing the
/// Two-Sided Kolmogorov-Smirnov Distribution", Journal of Statistical Software 39(11), 2011, with
/// the region boundaries SciPy's <c>kstwo</c> uses, so that the approximations agree where the
/// recipe switches between them: Ruben-Gambino's closed forms at the ends, twice the exact one-sided
/// probability for large <c>n x^2</c>, the Durbin matrix (Marsaglia, Tsang and Wang, 2003) for small
/// <c>n x^1.5</c>, and the Pelz-Good asymptotic series otherwise. Where SciPy uses Pomeranz's
/// recursion (<c>n &lt;= 140</c>) we use the Durbin matrix: both are exact.
/// </remarks>
internal static class KolmogorovDistribution
{
    private const long MaxExactSmirnovSize = 1_000_000;

    /// <summary><c>P(D_n &gt;= x)</c>, two-sided.</summary>
    public static double Survival(long n, double x)
    {
        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5)
            {
                return 1.0;
            }

            // Ruben-Gambino: P(D_n <= x) = n! / n^n (2t - 1)^n for 1/(2n) <= x <= 1/n.
            var cdf = Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
            return Clip(1.0 - cdf);
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }

        if (x >= 0.5)
        {
            return Clip(2 * SmirnovSurvival(n, x));
        }

        var nxx = t * x;
        if (n <= 140)
        {
            return nxx <= 4 ? Clip(1.0 - DurbinCdf((int)n, x)) : Clip(2 * SmirnovSurvival(n, x));
        }

        if (nxx >= 370.0)
        {
            return 0.0;
        }

        if (nxx >= 2.2)
        {
            return Clip(2 * SmirnovSurvival(n, x));
        }

        var cdfProb = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? DurbinCdf((int)n, x) : PelzGoodCdf(n, x);
        return Clip(1.0 - cdfProb);
    }

    /// <summary>
    /// <c>P(D+_n &gt;= x)</c>, the one-sided Smirnov survival function: for <c>n &lt;= 10^6</c> the exact
    /// sum of Birnbaum and Tingey (1951),
    /// <c>x * sum_{j=0}^{floor(n(1-x))} C(n, j) (x + j/n)^(j-1) (1 - x - j/n)^(n-j)</c>, in logarithms;
    /// above, where that sum would cost millions of terms, the approximation
    /// <c>exp(-(6 n x + 1)^2 / (18 n))</c>, as SciPy's <c>smirnov</c> does past the same size.
    /// </summary>
    public static double SmirnovSurvival(long n, double x)
    {
        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        if (n > MaxExactSmirnovSize)
        {
            var a = (6.0 * n * x) + 1;
            return Clip(Math.Exp(-a * a / 18.0 / n));
        }

        var last = (long)Math.Floor(n * (1.0 - x));
        var logX = Math.Log(x);
        var sum = 0.0;
        var logChoose = 0.0; // log C(n, j)
        for (long j = 0; j <= last; j++)
        {
            if (j > 0)
            {
                logChoose += Math.Log((double)(n - j + 1) / j);
            }

            var rest = ((double)(n - j) / n) - x;
            if (rest <= 0)
            {
                break;
            }

            var step = x + ((double)j / n);
            var log = logChoose + ((j - 1) * Math.Log(step)) + ((n - j) * Math.Log(rest)) + logX;
            sum += Math.Exp(log);
        }

        return Clip(sum);
    }

    /// <summary>log(n! / n^n).</summary>
    private static double LogFactorialOverPower(long n) => SpecialFunctions.GammaLn(n + 1.0) - (n * Math.Log(n));

    /// <summary>
    /// <c>P(D_n &lt; x)</c> by Durbin's matrix formula, <c>n!/n^n (H^n)[k,k]</c>, with the matrix
    /// power taken by repeated squaring and its scale kept in a separate binary exponent.
    /// </summary>
    internal static double DurbinCdf(int n, double x)
    {
        var nd = n * x;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;
        var factorialInverse = new double[m + 1]; // 1 / i!
        factorialInverse[0] = 1;
        for (var i = 1; i <= m; i++)
        {
            factorialInverse[i] = factorialInverse[i - 1] / i;
        }

        var matrix = new double[m * m];
        for (var r = 0; r < m; r++)
        {
            for (var c = 0; c < m; c++)
            {
                var d = r - c + 1;
                matrix[(r * m) + c] = d >= 0 ? factorialInverse[d] : 0.0;
            }
        }

        for (var r = 0; r < m; r++)
        {
            // First column and last row: (1 - h^i) / i!.
            matrix[r * m] = (1 - Math.Pow(h, r + 1)) * factorialInverse[r + 1];
            matrix[((m - 1) * m) + (m - 1 - r)] = (1 - Math.Pow(h, r + 1)) * factorialInverse[r + 1];
        }

        var corner = 1 - (2 * Math.Pow(h, m)) + (h > 0.5 ? Math.Pow((2 * h) - 1, m) : 0.0);
        matrix[(m - 1) * m] = corner * factorialInverse[m];

        var result = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            result[(i * m) + i] = 1;
        }

        var scratch = new double[m * m];
        var resultExponent = 0;
        var matrixExponent = 0;
        var power = n;
        while (power > 0)
        {
            if ((power & 1) != 0)
            {
                Multiply(result, matrix, scratch, m);
                (result, scratch) = (scratch, result);
                resultExponent += matrixExponent;
                resultExponent += Rescale(result, m, k);
            }

            power >>= 1;
            if (power > 0)
            {
                Multiply(matrix, matrix, scratch, m);
                (matrix, scratch) = (scratch, matrix);
                matrixExponent *= 2;
                matrixExponent += Rescale(matrix, m, k);
            }
        }

        var p = result[((k - 1) * m) + (k - 1)];
        // Multiply by n!/n^n one factor at a time, renormalising to avoid underflow.
        for (var i = 1; i <= n; i++)
        {
            p = p * i / n;
            if (p != 0 && Math.Abs(p) < 1e-140)
            {
                p = Math.ScaleB(p, 400);
                resultExponent -= 400;
            }
        }

        return Math.Clamp(Math.ScaleB(p, resultExponent), 0.0, 1.0);
    }

    private static int Rescale(double[] matrix, int m, int k)
    {
        var pivot = Math.Abs(matrix[((k - 1) * m) + (k - 1)]);
        if (pivot > 1e140)
        {
            for (var i = 0; i < matrix.Length; i++)
            {
                matrix[i] = Math.ScaleB(matrix[i], -400);
            }

            return 400;
        }

        return 0;
    }

    private static void Multiply(double[] a, double[] b, double[] product, int m)
    {
        Array.Clear(product);
        for (var i = 0; i < m; i++)
        {
            var row = i * m;
            for (var l = 0; l < m; l++)
            {
                var ail = a[row + l];
                if (ail == 0)
                {
                    continue;
                }

                var brow = l * m;
                for (var j = 0; j < m; j++)
                {
                    product[row + j] += ail * b[brow + j];
                }
            }
        }
    }

    /// <summary>
    /// <c>P(D_n &lt;= x)</c> by the Pelz-Good series <c>K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5</c>
    /// with <c>z = x sqrt(n)</c>, each term in its theta-function form for small <c>z</c>.
    /// </summary>
    internal static double PelzGoodCdf(long n, double x)
    {
        var z = Math.Sqrt(n) * x;
        var z2 = z * z;
        var z4 = z2 * z2;
        var z6 = z4 * z2;
        var pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;
        var logQ = -pi2 / 8 / z2;
        if (logQ < -708)
        {
            return 0.0;
        }

        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        double k0 = 0, k1 = 0, k2 = 0, k3 = 0;
        double extra2 = 0, extra3 = 0;
        for (var k = 1; k <= maxK; k++)
        {
            // Odd terms: exp(-(2k - 1)^2 pi^2 / (8 z^2)).
            double mm = (2 * k) - 1;
            var m2 = mm * mm;
            var m4 = m2 * m2;
            var m6 = m4 * m2;
            var e = Math.Exp(logQ * m2);
            k0 += e;
            k1 += e * ((pi2 * m2 / 4) - z2);
            k2 += e * ((6 * z6) + (2 * z4) + ((2 * z4) - (5 * z2)) * pi2 * m2 / 4 + (pi4 * (1 - (2 * z2)) * m4 / 16));
            k3 += e * ((pi6 * (5 - (30 * z2)) * m6 / 64)
                + (pi4 * ((-60 * z2) + (212 * z4)) * m4 / 16)
                + (pi2 * ((135 * z4) - (96 * z6)) * m2 / 4)
                - (30 * z6) - (90 * z4 * z4));

            // Even terms: exp(-k^2 pi^2 / (2 z^2)).
            double kk = k * k;
            var f = Math.Exp(-pi2 * kk / 2 / z2);
            extra2 += kk * f;
            extra3 += ((3 * z2) - (pi2 * kk)) * kk * f;
        }

        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        k0 *= sqrt2Pi / z;
        k1 *= sqrt2Pi / (6 * z4);
        k2 = (k2 * sqrt2Pi / (72 * z6 * z)) - (extra2 * pi2 * sqrt2Pi / (36 * z2 * z));
        k3 = (k3 * sqrt2Pi / (6480 * z6 * z4)) + (extra3 * pi2 * sqrt2Pi / (216 * z6));
        var sn = Math.Sqrt(n);
        return k0 + (k1 / sn) + (k2 / n) + (k3 / (n * sn));
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);
}
