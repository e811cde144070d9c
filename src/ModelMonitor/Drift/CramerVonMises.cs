using MathNet.Numerics;

namespace ModelMonitor.Drift;

/// <summary>The two-sample Cramér-von Mises test.</summary>
/// <remarks>
/// <para>
/// The statistic (Anderson, 1962) is <c>T = U / (n m N) - (4 n m - 1) / (6 N)</c> with
/// <c>U = n sum_i (r_i - i)^2 + m sum_j (s_j - j)^2</c>, where <c>r_i</c> and <c>s_j</c> are the ranks of
/// the sorted reference and current values in the pooled sample (ties get their average rank) and
/// <c>N = n + m</c>; it equals <c>n m / N^2</c> times the sum over the pooled sample of the squared gap
/// between the two empirical CDFs, so it weighs the whole distribution where Kolmogorov-Smirnov
/// looks at the largest gap only. Ranks come from one merge walk of sorted copies (O(n log n)) and
/// <c>U</c> is summed in exact integer arithmetic.
/// </para>
/// <para>
/// P-values follow SciPy's <c>cramervonmises_2samp</c>: <see cref="PValueMode.Auto"/> is exact
/// when both samples have at most 20 values and asymptotic otherwise. Exact: the share of all
/// <c>C(N, n)</c> equally likely arrangements whose statistic, on SciPy's integer lattice scale
/// (Xiao, Gordon and Yakovlev, 2006), is at least the observed one rounded down to that scale; it
/// is enumerated by dynamic programming, so an exact request with a sample above
/// <see cref="MaxExactSize"/> values falls back to the asymptotic p-value (and says so).
/// Asymptotic: the statistic standardised by its exact mean and variance,
/// <c>tn = 1/6 + (T - E T) / sqrt(45 Var T)</c>, referred to the limiting one-sample Cramér-von Mises
/// distribution (Csörgő and Faraway, 1996), whose series is summed until a term falls below 1e-7,
/// as SciPy does; <c>tn &lt; 0.003</c> gives p = 1.
/// </para>
/// <para>
/// NaN values are dropped and counted; a sample with fewer than two values (after NaN is dropped)
/// or an infinite value throws an <see cref="ArgumentException"/> naming the sample. Constant
/// columns are fine (tied values share their average rank). Thread-safe.
/// </para>
/// </remarks>
public static class CramerVonMises
{
    /// <summary>The largest sample size for which <see cref="PValueMode.Auto"/> computes the exact p-value.</summary>
    public const int MaxExactAutoSize = 20;

    /// <summary>The largest sample size for which an exact p-value is computed at all.</summary>
    public const int MaxExactSize = 30;

    /// <summary>Tests whether <paramref name="current"/> comes from the distribution of <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <param name="mode">How to compute the p-value.</param>
    /// <returns>The statistic <c>T</c>, its p-value and how that was obtained.</returns>
    /// <exception cref="ArgumentException">A sample has fewer than two non-NaN values, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="significance"/> is not in (0, 1), or <paramref name="mode"/> is undefined.</exception>
    public static DriftTestResult Test(
        ReadOnlySpan<double> reference,
        ReadOnlySpan<double> current,
        double significance = DriftTestResult.DefaultSignificance,
        PValueMode mode = PValueMode.Auto)
    {
        DriftSample.ValidateSignificance(significance);
        if (mode is not (PValueMode.Auto or PValueMode.Exact or PValueMode.Asymptotic))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown p-value mode.");
        }

        var (a, b) = DriftSample.SortedCopies(reference, current, out var droppedA, out var droppedB);
        ThrowIfFewerThanTwo(a, nameof(reference));
        ThrowIfFewerThanTwo(b, nameof(current));
        long n = a.Length;
        long m = b.Length;
        var (sumA, sumB) = TwiceRankGapSquares(a, b);
        var k = n * m;
        var total = n + m;
        var numerator = (3 * (((Int128)n * sumA) + ((Int128)m * sumB))) - (2 * (Int128)k * ((4 * (Int128)k) - 1));
        var t = (double)numerator / (12.0 * k * total);
        var exact = mode switch
        {
            PValueMode.Auto => Math.Max(n, m) <= MaxExactAutoSize,
            PValueMode.Exact => Math.Max(n, m) <= MaxExactSize,
            _ => false,
        };
        double p;
        if (exact)
        {
            var u = (((double)n * sumA) + ((double)m * sumB)) / 4.0;
            p = ExactSurvival(u, (int)n, (int)m);
        }
        else
        {
            p = AsymptoticSurvival(t, n, m);
        }

        return new DriftTestResult(DriftMethod.CramerVonMises, t, Math.Clamp(p, 0.0, 1.0), significance, n, m)
        {
            ReferenceDropped = droppedA,
            CurrentDropped = droppedB,
            PValueMethod = exact ? PValueMethod.Exact : PValueMethod.Asymptotic,
        };
    }

    private static void ThrowIfFewerThanTwo(double[] values, string paramName)
    {
        if (values.Length < 2)
        {
            throw new ArgumentException($"{paramName} has {values.Length} non-NaN value; the Cramér-von Mises test needs at least two.", paramName);
        }
    }

    /// <summary>
    /// <c>sum_i (2 r_i - 2 i)^2</c> for both sorted samples, with midranks <c>r</c> in the pooled sample:
    /// doubling makes every midrank gap an integer, so the sums are exact.
    /// </summary>
    internal static (long A, long B) TwiceRankGapSquares(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        long sumA = 0, sumB = 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var i0 = i;
            var j0 = j;
            DriftSample.AdvancePastTiedBlock(a, b, ref i, ref j);

            // Twice the midrank of the tied block: 2 * below + (ties + 1).
            long twiceRank = (2L * (i0 + j0)) + (i - i0) + (j - j0) + 1;
            for (var r = i0; r < i; r++)
            {
                var gap = twiceRank - (2L * (r + 1));
                sumA = checked(sumA + (gap * gap));
            }

            for (var r = j0; r < j; r++)
            {
                var gap = twiceRank - (2L * (r + 1));
                sumB = checked(sumB + (gap * gap));
            }
        }

        return (sumA, sumB);
    }

    /// <summary>The asymptotic p-value: the standardised statistic against the limiting distribution.</summary>
    internal static double AsymptoticSurvival(double t, long n, long m)
    {
        double k = n * m;
        double total = n + m;
        var et = (1 + (1 / total)) / 6;
        var vt = (total + 1) * ((4 * k * total) - (3 * (((double)n * n) + ((double)m * m))) - (2 * k));
        vt /= 45 * total * total * 4 * k;
        var tn = (1.0 / 6) + ((t - et) / Math.Sqrt(45 * vt));
        return tn < 0.003 ? 1.0 : Math.Max(0.0, 1.0 - LimitingCdf(tn));
    }

    /// <summary>
    /// The CDF of the limiting one-sample Cramér-von Mises statistic (Csörgő and Faraway, 1996, eq. 1.2):
    /// <c>sum_k Gamma(k + 1/2) / (Gamma(k + 1) pi^1.5 sqrt x) sqrt(4k + 1) exp(-q) K_1/4(q)</c>,
    /// <c>q = (4k + 1)^2 / (16 x)</c>, summed until a term falls below 1e-7.
    /// </summary>
    internal static double LimitingCdf(double x)
    {
        var total = 0.0;
        for (var k = 0; ; k++)
        {
            var u = Math.Exp(SpecialFunctions.GammaLn(k + 0.5) - SpecialFunctions.GammaLn(k + 1.0)) / (Math.Pow(Math.PI, 1.5) * Math.Sqrt(x));
            double y = (4 * k) + 1;
            var q = y * y / (16 * x);
            var term = u * Math.Sqrt(y) * Math.Exp(-2 * q) * ScaledBesselK(0.25, q);
            total += term;
            if (Math.Abs(term) < 1e-7)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// <c>exp(x) K_nu(x)</c> for <c>x &gt; 0</c> from <c>integral_0^inf exp(-x (cosh t - 1)) cosh(nu t) dt</c>
    /// by the trapezoidal rule, which converges geometrically for this analytic, doubly exponentially
    /// decaying integrand.
    /// </summary>
    internal static double ScaledBesselK(double nu, double x)
    {
        const double h = 0.02;
        var sum = 0.5; // t = 0: exp(0) cosh(0) / 2
        for (var i = 1; ; i++)
        {
            var t = i * h;
            var exponent = -x * (Math.Cosh(t) - 1);
            var f = Math.Exp(exponent) * Math.Cosh(nu * t);
            sum += f;
            if (f < 1e-18 * sum && exponent < -40)
            {
                return sum * h;
            }
        }
    }

    /// <summary>
    /// The exact p-value: the share of lattice paths from (0, 0) to (n, m) whose sum over visited points
    /// of <c>(a i - b j)^2</c> (<c>a = lcm / n</c>, <c>b = lcm / m</c>) reaches the observed value on that scale.
    /// </summary>
    internal static double ExactSurvival(double u, int n, int m)
    {
        var lcm = (long)Euclid.LeastCommonMultiple(n, m);
        var a = lcm / n;
        var b = lcm / m;
        double nm = (double)n * m;
        // SciPy's threshold: floor(lcm^2 (n + m) (6 U - nm (4 nm - 1)) / (6 nm^2)) with Python's float floor division.
        var numerator = lcm * lcm * (double)(n + m) * ((6 * u) - (nm * ((4 * nm) - 1)));
        var threshold = PythonFloorDivide(numerator, 6 * nm * nm);

        // Row by row over j (current values taken), a map value -> number of paths per i.
        var row = new Dictionary<long, long>[n + 1];
        for (var i = 0; i <= n; i++)
        {
            row[i] = [];
        }

        row[0][0] = 1;
        for (var i = 1; i <= n; i++)
        {
            Extend(row[i - 1], row[i], Square((a * i) - 0));
        }

        for (var j = 1; j <= m; j++)
        {
            var next = new Dictionary<long, long>[n + 1];
            for (var i = 0; i <= n; i++)
            {
                next[i] = [];
                var add = Square((a * i) - (b * j));
                Extend(row[i], next[i], add);
                if (i > 0)
                {
                    Extend(next[i - 1], next[i], add);
                }
            }

            row = next;
        }

        var total = SpecialFunctions.Binomial(n + m, n);
        long count = 0;
        foreach (var (value, paths) in row[n])
        {
            if (value >= threshold)
            {
                count += paths;
            }
        }

        return count / total;
    }

    private static long Square(long v) => v * v;

    private static void Extend(Dictionary<long, long> from, Dictionary<long, long> to, long add)
    {
        foreach (var (value, paths) in from)
        {
            var key = value + add;
            to[key] = to.GetValueOrDefault(key) + paths;
        }
    }

    private static double PythonFloorDivide(double a, double b)
    {
        var mod = a % b;
        var div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0))
        {
            div -= 1;
        }

        var floor = Math.Floor(div);
        if (div - floor > 0.5)
        {
            floor += 1;
        }

        return floor;
    }
}
