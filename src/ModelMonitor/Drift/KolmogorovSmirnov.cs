using MathNet.Numerics;

namespace ModelMonitor.Drift;

/// <summary>The two-sample Kolmogorov-Smirnov test.</summary>
/// <remarks>
/// <para>
/// The statistic is the largest gap between the empirical CDFs of the reference (<c>F</c>) and the
/// current sample (<c>G</c>): <c>D = max |F - G|</c> two-sided, <c>max(F - G)</c> for
/// <see cref="TestAlternative.Greater"/> and <c>max(G - F)</c> for <see cref="TestAlternative.Less"/>.
/// Both CDFs are evaluated only at the distinct values of the pooled sample (a value's CDF includes
/// every copy of it), so ties never open a gap that is not there. Both samples are copied, sorted and
/// merge-walked: O(n log n) time, O(n) memory; the gap is kept as the exact integer
/// <c>i * m - j * n</c> until the end.
/// </para>
/// <para>
/// The p-value is chosen like SciPy's <c>ks_2samp(reference, current, method='auto')</c>:
/// <see cref="PValueMode.Auto"/> is exact when both samples have at most 10,000 values and
/// asymptotic otherwise. Exact: the probability, under the null hypothesis of one continuous
/// distribution (all arrangements of the pooled sample equally likely), that the lattice path of the
/// merged samples reaches the observed gap; for equal sizes a closed form, otherwise the first-passage
/// probability summed over a band of the lattice in O(n m) time. As in SciPy, an exact request falls
/// back to the asymptotic p-value (and says so in <see cref="DriftTestResult.PValueMethod"/>) when
/// <c>lcm(n, m)</c> exceeds <see cref="int.MaxValue"/>, and, one-sided with unequal sizes, when
/// <c>C(n + m, n)</c> overflows a double (unless <c>D = 0</c>, whose p-value is 1). Asymptotic
/// two-sided: the exact one-sample Kolmogorov distribution at the effective size
/// <c>round(n m / (n + m))</c> (SciPy's
/// <c>kstwo.sf(D, round(en))</c>, not the Kolmogorov limit); one-sided: Hodges' approximation
/// <c>exp(-2 z^2 - 2 z (M + 2 N) / (3 sqrt(M N (M + N))))</c>, <c>z = D sqrt(en)</c>, <c>M &gt;= N</c>
/// the larger and smaller size. Like SciPy's, both p-values assume a continuous distribution; with
/// ties they are conservative (too large).
/// </para>
/// <para>
/// NaN values are dropped and counted; an infinite value or an empty (or all-NaN) sample throws an
/// <see cref="ArgumentException"/> naming the sample. A constant column is fine: identical constants
/// give <c>D = 0</c> and p = 1, different constants <c>D = 1</c>. Thread-safe (no shared state).
/// </para>
/// </remarks>
public static class KolmogorovSmirnov
{
    /// <summary>The largest sample size for which <see cref="PValueMode.Auto"/> computes the exact p-value.</summary>
    public const int MaxExactAutoSize = 10_000;

    /// <summary>Tests whether <paramref name="current"/> comes from the distribution of <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <param name="mode">How to compute the p-value.</param>
    /// <returns>The statistic <c>D</c>, its p-value and how that was obtained.</returns>
    /// <exception cref="ArgumentException">A sample is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="significance"/> is not in (0, 1), or an enum value is undefined.</exception>
    public static DriftTestResult Test(
        ReadOnlySpan<double> reference,
        ReadOnlySpan<double> current,
        double significance = DriftTestResult.DefaultSignificance,
        TestAlternative alternative = TestAlternative.TwoSided,
        PValueMode mode = PValueMode.Auto)
    {
        DriftSample.ValidateSignificance(significance);
        ValidateEnums(alternative, mode);
        var (a, b) = DriftSample.SortedCopies(reference, current, out var droppedA, out var droppedB);
        var gap = Gap(a, b, alternative);
        var (p, method) = PValue(a.Length, b.Length, gap, alternative, mode);
        var d = gap / ((double)a.Length * b.Length);
        return new DriftTestResult(DriftMethod.KolmogorovSmirnov, d, p, significance, a.Length, b.Length)
        {
            ReferenceDropped = droppedA,
            CurrentDropped = droppedB,
            PValueMethod = method,
            Alternative = alternative,
        };
    }

    /// <summary>The Kolmogorov-Smirnov statistic of two samples that are already sorted ascending and free of NaN.</summary>
    /// <param name="sortedReference">The reference sample, ascending.</param>
    /// <param name="sortedCurrent">The current sample, ascending.</param>
    /// <param name="alternative">Which gap to measure.</param>
    /// <returns><c>D</c> in [0, 1].</returns>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static double Statistic(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, TestAlternative alternative = TestAlternative.TwoSided)
    {
        DriftSample.ThrowIfEmpty(sortedReference, nameof(sortedReference));
        DriftSample.ThrowIfEmpty(sortedCurrent, nameof(sortedCurrent));

        ValidateEnums(alternative, PValueMode.Auto);
        return Gap(sortedReference, sortedCurrent, alternative) / ((double)sortedReference.Length * sortedCurrent.Length);
    }

    private static void ValidateEnums(TestAlternative alternative, PValueMode mode)
    {
        if (alternative is not (TestAlternative.TwoSided or TestAlternative.Greater or TestAlternative.Less))
        {
            throw new ArgumentOutOfRangeException(nameof(alternative), alternative, "Unknown alternative.");
        }

        if (mode is not (PValueMode.Auto or PValueMode.Exact or PValueMode.Asymptotic))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown p-value mode.");
        }
    }

    /// <summary>The largest gap as the integer <c>n * m * D</c>, with n, m the sizes of a and b.</summary>
    internal static long Gap(ReadOnlySpan<double> a, ReadOnlySpan<double> b, TestAlternative alternative)
    {
        long n = a.Length;
        long m = b.Length;
        int i = 0, j = 0;
        long maxUp = 0; // max(F - G) * n * m
        long maxDown = 0; // max(G - F) * n * m
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            var diff = (i * m) - (j * n);
            if (diff > maxUp)
            {
                maxUp = diff;
            }
            else if (-diff > maxDown)
            {
                maxDown = -diff;
            }
        }

        return alternative switch
        {
            TestAlternative.Greater => maxUp,
            TestAlternative.Less => maxDown,
            _ => Math.Max(maxUp, maxDown),
        };
    }

    private static (double P, PValueMethod Method) PValue(int n, int m, long gap, TestAlternative alternative, PValueMode mode)
    {
        var g = (long)Euclid.GreatestCommonDivisor(n, m);
        var exact = mode switch
        {
            PValueMode.Auto => Math.Max(n, m) <= MaxExactAutoSize,
            PValueMode.Exact => n / g < int.MaxValue / (double)(m / g),
            _ => false,
        };
        if (exact && gap > 0 && alternative != TestAlternative.TwoSided && n != m && LogChoose(n + m, n) > Math.Log(double.MaxValue))
        {
            exact = false;
        }

        if (exact)
        {
            return (gap == 0 ? 1.0 : Math.Clamp(ExactSurvival(n, m, gap, alternative != TestAlternative.TwoSided), 0.0, 1.0), PValueMethod.Exact);
        }

        double big = Math.Max(n, m);
        double small = Math.Min(n, m);
        var en = big * small / (big + small);
        var d = gap / ((double)n * m);
        if (alternative == TestAlternative.TwoSided)
        {
            return (KolmogorovDistribution.Survival((long)Math.Round(en, MidpointRounding.ToEven), d), PValueMethod.Asymptotic);
        }

        var z = Math.Sqrt(en) * d;
        var exponent = (-2 * z * z) - (2 * z * (big + (2 * small)) / Math.Sqrt(big * small * (big + small)) / 3.0);
        return (Math.Clamp(Math.Exp(exponent), 0.0, 1.0), PValueMethod.Asymptotic);
    }

    private static double LogChoose(int n, int k) =>
        SpecialFunctions.GammaLn(n + 1.0) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(n - k + 1.0);

    /// <summary>
    /// P(gap &gt;= observed) under the null hypothesis: the probability that a uniformly random
    /// arrangement of n + m values, read as a lattice path, reaches <c>i m - j n &gt;= gap</c>
    /// (one-sided; by symmetry the same for either direction) or <c>|i m - j n| &gt;= gap</c>.
    /// </summary>
    internal static double ExactSurvival(int n, int m, long gap, bool oneSided)
    {
        return n == m ? EqualSizesSurvival(n, (int)(gap / n), oneSided) : LatticeSurvival(n, m, gap, oneSided);
    }

    /// <summary>The first-passage probability of <see cref="ExactSurvival"/> by dynamic programming over the lattice, any sizes.</summary>
    internal static double LatticeSurvival(int n, int m, long gap, bool oneSided)
    {
        // Row-by-row over i (values taken from the first sample), keeping the probability of
        // reaching (i, j) without having reached the boundary; every step that crosses the boundary
        // adds its probability to the answer, so small p-values keep their relative accuracy.
        double total = n + m;
        var prev = new double[m + 1];
        var cur = new double[m + 1];
        var prevLo = 0;
        var prevHi = -1;
        var crossed = 0.0;
        for (var i = 0; i <= n; i++)
        {
            // Inside: i m - j n < gap  <=>  j >= floor((i m - gap) / n) + 1; two-sided also j n - i m < gap.
            var lo = (int)Math.Max(0, FloorDiv((i * (long)m) - gap, n) + 1);
            var hi = oneSided ? m : (int)Math.Min(m, FloorDiv((i * (long)m) + gap - 1, n));
            for (var j = lo; j <= hi; j++)
            {
                var v = i == 0 && j == 0 ? 1.0 : 0.0;
                var remaining = total - i - j + 1;
                if (i > 0 && j >= prevLo && j <= prevHi)
                {
                    v += prev[j] * (n - i + 1) / remaining;
                }

                if (j > lo)
                {
                    v += cur[j - 1] * (m - j + 1) / remaining;
                }

                cur[j] = v;
            }

            if (i > 0)
            {
                for (var j = prevLo; j <= prevHi; j++)
                {
                    if (j < lo || j > hi)
                    {
                        crossed += prev[j] * (n - i + 1) / (total - i - j + 1);
                    }
                }
            }

            if (hi >= lo && hi < m)
            {
                crossed += cur[hi] * (m - hi) / (total - i - hi);
            }

            (prev, cur) = (cur, prev);
            prevLo = lo;
            prevHi = hi;
        }

        return crossed;
    }

    /// <summary>
    /// Equal sizes, gap <c>h / n</c>: one-sided <c>C(2n, n - h) / C(2n, n)</c>; two-sided
    /// <c>2 sum_{k&gt;=1} (-1)^(k-1) C(2n, n - k h) / C(2n, n)</c> (Gnedenko and Korolyuk).
    /// </summary>
    internal static double EqualSizesSurvival(int n, int h, bool oneSided)
    {
        // ratio = C(2n, n - k h) / C(2n, n) = prod_{j < k h} (n - j) / (n + j + 1), built up k by k.
        var ratio = 1.0;
        var j = 0;
        var sum = 0.0;
        var sign = 1.0;
        for (var k = 1; k * (long)h <= n; k++)
        {
            for (; j < k * h; j++)
            {
                ratio *= (double)(n - j) / (n + j + 1);
            }

            if (oneSided)
            {
                return ratio;
            }

            if (ratio == 0)
            {
                break;
            }

            sum += sign * ratio;
            sign = -sign;
        }

        return oneSided ? 0.0 : 2 * sum;
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
