namespace ModelMonitor.Drift;

/// <summary>The Anderson-Darling k-sample test (Scholz and Stephens, 1987), for two samples.</summary>
/// <remarks>
/// <para>
/// The statistic is Scholz and Stephens' <c>A2akN</c> (with <c>midrank</c>, their version for
/// data with ties, the default as in SciPy's <c>anderson_ksamp</c>) or <c>A2kN</c> (right-continuous
/// empirical CDFs), standardised as <c>(A2 - (k - 1)) / sigma</c> with the exact variance under the
/// null hypothesis; <see cref="DriftTestResult.Statistic"/> holds that standardised value, which can
/// be negative. It weighs gaps between the empirical CDFs by the inverse of the pooled CDF's
/// variance, so it is more sensitive in the tails than Kolmogorov-Smirnov or Cramér-von Mises.
/// Computed from sorted copies in one merge walk, O(n log n).
/// </para>
/// <para>
/// The p-value is not computed from a distribution: as in SciPy, it is interpolated from Scholz and
/// Stephens' table of critical values at the significance levels 0.25, 0.1, 0.05, 0.025, 0.01, 0.005
/// and 0.001 (a quadratic least-squares fit of the log significance level against the critical
/// values) and clipped to that range: a reported 0.25 means "0.25 or more" and 0.001 means "0.001
/// or less" (SciPy warns in those cases; here <see cref="DriftTestResult.PValueMethod"/> is
/// <see cref="PValueMethod.Interpolated"/> for every result, and the clipping is the documented
/// rule). Significance levels between 0.001 and 0.25 therefore give sound decisions; outside that
/// range the decision is fixed by the clipping.
/// </para>
/// <para>
/// NaN values are dropped and counted; a sample with fewer than two values (after NaN is dropped)
/// or an infinite value throws an <see cref="ArgumentException"/> naming the sample. When every
/// pooled value is the same (SciPy refuses this case) the statistic's raw part is 0: no drift, with
/// p = 0.25. Thread-safe.
/// </para>
/// </remarks>
public static class AndersonDarling
{
    /// <summary>The smallest p-value reported: the table's smallest significance level.</summary>
    public const double MinPValue = 0.001;

    /// <summary>The largest p-value reported: the table's largest significance level.</summary>
    public const double MaxPValue = 0.25;

    private static readonly double[] Levels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
    private static readonly double[] B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    private static readonly double[] B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    private static readonly double[] B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

    /// <summary>Tests whether <paramref name="current"/> comes from the distribution of <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <param name="midrank">Whether to use the midrank statistic for data with ties (SciPy's default) rather than the right-continuous one.</param>
    /// <returns>The standardised statistic and its interpolated, clipped p-value.</returns>
    /// <exception cref="ArgumentException">A sample has fewer than two non-NaN values, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="significance"/> is not in (0, 1).</exception>
    public static DriftTestResult Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double significance = DriftTestResult.DefaultSignificance, bool midrank = true)
    {
        DriftSample.ValidateSignificance(significance);
        var (a, b) = DriftSample.SortedCopies(reference, current, out var droppedA, out var droppedB);
        ThrowIfFewerThanTwo(a, nameof(reference));
        ThrowIfFewerThanTwo(b, nameof(current));
        var raw = midrank ? MidrankStatistic(a, b) : RightStatistic(a, b);
        var standardized = Standardize(raw, a.Length, b.Length);
        return new DriftTestResult(DriftMethod.AndersonDarling, standardized, PValue(standardized), significance, a.Length, b.Length)
        {
            ReferenceDropped = droppedA,
            CurrentDropped = droppedB,
            PValueMethod = PValueMethod.Interpolated,
        };
    }

    private static void ThrowIfFewerThanTwo(double[] values, string paramName)
    {
        if (values.Length < 2)
        {
            throw new ArgumentException($"{paramName} has {values.Length} non-NaN value; the Anderson-Darling test needs at least two.", paramName);
        }
    }

    /// <summary>Scholz and Stephens' A2akN (their equation 7, for ties).</summary>
    private static double MidrankStatistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double n = a.Length;
        double m = b.Length;
        var total = n + m;
        double sumA = 0, sumB = 0;
        int i = 0, j = 0;
        var distinct = 0;
        while (i < a.Length || j < b.Length)
        {
            var i0 = i;
            var j0 = j;
            DriftSample.AdvancePastTiedBlock(a, b, ref i, ref j);

            distinct++;
            double l = (i - i0) + (j - j0);
            var below = i0 + j0 + (l / 2);
            var denominator = (below * (total - below)) - (total * l / 4);
            if (denominator <= 0)
            {
                continue; // only when every pooled value is this one
            }

            var ma = i - ((i - i0) / 2.0);
            var mb = j - ((j - j0) / 2.0);
            var da = (total * ma) - (below * n);
            var db = (total * mb) - (below * m);
            sumA += l / total * da * da / denominator;
            sumB += l / total * db * db / denominator;
        }

        return distinct < 2 ? 0.0 : ((sumA / n) + (sumB / m)) * (total - 1) / total;
    }

    /// <summary>Scholz and Stephens' A2kN (their equation 6, right-continuous CDFs), over all distinct values but the largest.</summary>
    private static double RightStatistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double n = a.Length;
        double m = b.Length;
        var total = n + m;
        double sumA = 0, sumB = 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var i0 = i;
            var j0 = j;
            DriftSample.AdvancePastTiedBlock(a, b, ref i, ref j);

            if (i == a.Length && j == b.Length)
            {
                break; // the largest distinct value is left out
            }

            double l = (i - i0) + (j - j0);
            double below = i + j;
            var da = (total * i) - (below * n);
            var db = (total * j) - (below * m);
            var denominator = below * (total - below);
            sumA += l / total * da * da / denominator;
            sumB += l / total * db * db / denominator;
        }

        return (sumA / n) + (sumB / m);
    }

    /// <summary>(A2 - (k - 1)) / sigma with Scholz and Stephens' exact variance for k = 2.</summary>
    private static double Standardize(double raw, int n, int m)
    {
        const int k = 2;
        double total = n + m;
        var harmonicInverse = (1.0 / n) + (1.0 / m);
        // h = sum_{i=1}^{N-1} 1/i; g = sum_{i=1}^{N-2} sum_{j=i+1}^{N-1} 1 / ((N - i) j), built from the tail sums of 1/j.
        var tail = 0.0;
        var g = 0.0;
        for (var l = 0; l < total - 2; l++)
        {
            tail += 1.0 / (total - 1 - l);
            g += tail / (l + 2);
        }

        var h = tail + 1;
        var a4 = ((4 * g) - 6) * (k - 1) + ((10 - (6 * g)) * harmonicInverse);
        var b4 = (((2 * g) - 4) * k * k) + (8 * h * k) + ((((2 * g) - (14 * h) - 4)) * harmonicInverse) - (8 * h) + (4 * g) - 6;
        var c4 = (((6 * h) + (2 * g) - 2) * k * k) + (((4 * h) - (4 * g) + 6) * k) + ((((2 * h) - 6)) * harmonicInverse) + (4 * h);
        var d4 = (((2 * h) + 6) * k * k) - (4 * h * k);
        var variance = ((a4 * total * total * total) + (b4 * total * total) + (c4 * total) + d4) / ((total - 1) * (total - 2) * (total - 3));
        return (raw - (k - 1)) / Math.Sqrt(variance);
    }

    /// <summary>
    /// exp of the quadratic least-squares fit of log(level) against the critical values, evaluated at
    /// the statistic; clipped to [0.001, 0.25] outside the table.
    /// </summary>
    internal static double PValue(double statistic)
    {
        const int m = 1; // k - 1
        var critical = new double[Levels.Length];
        for (var i = 0; i < critical.Length; i++)
        {
            critical[i] = B0[i] + (B1[i] / Math.Sqrt(m)) + (B2[i] / m);
        }

        if (statistic < critical.Min())
        {
            return MaxPValue;
        }

        if (statistic > critical.Max())
        {
            return MinPValue;
        }

        // Normal equations of y = c0 + c1 x + c2 x^2 in the centred variable x - mean, solved by Cramer's rule.
        var mean = critical.Average();
        double s0 = critical.Length, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (var i = 0; i < critical.Length; i++)
        {
            var x = critical[i] - mean;
            var y = Math.Log(Levels[i]);
            s1 += x;
            s2 += x * x;
            s3 += x * x * x;
            s4 += x * x * x * x;
            t0 += y;
            t1 += x * y;
            t2 += x * x * y;
        }

        var det = Det(s0, s1, s2, s1, s2, s3, s2, s3, s4);
        var c0 = Det(t0, s1, s2, t1, s2, s3, t2, s3, s4) / det;
        var c1 = Det(s0, t0, s2, s1, t1, s3, s2, t2, s4) / det;
        var c2 = Det(s0, s1, t0, s1, s2, t1, s2, s3, t2) / det;
        var z = statistic - mean;
        return Math.Exp(c0 + (z * (c1 + (z * c2))));
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
