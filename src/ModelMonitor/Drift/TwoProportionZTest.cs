using MathNet.Numerics;

namespace ModelMonitor.Drift;

/// <summary>The two-sided, pooled two-proportion z-test for a binary outcome (a binary feature or predicted class).</summary>
/// <remarks>
/// <para>
/// <c>z = (p_c - p_r) / sqrt(p (1 - p) (1/n_r + 1/n_c))</c> with <c>p_r</c>, <c>p_c</c> the share of
/// positives in the reference and the current sample and <c>p</c> the pooled share; the p-value is
/// <c>2 Phi(-|z|) = erfc(|z| / sqrt 2)</c>. The statistic is signed: positive when the current share is
/// higher. When both samples are entirely positive or entirely negative (<c>p</c> is 0 or 1) there
/// is no difference to measure: z = 0 and p = 1.
/// </para>
/// <para>
/// Totals must be positive and positives between 0 and the total; otherwise an
/// <see cref="ArgumentOutOfRangeException"/> names the parameter. Thread-safe.
/// </para>
/// </remarks>
public static class TwoProportionZTest
{
    /// <summary>Tests whether the share of positives differs between the reference and the current sample.</summary>
    /// <param name="referencePositives">The number of positives in the reference.</param>
    /// <param name="referenceTotal">The reference's size.</param>
    /// <param name="currentPositives">The number of positives in the current sample.</param>
    /// <param name="currentTotal">The current sample's size.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <returns>The signed z statistic and its two-sided p-value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A total is not positive, a positive count is outside [0, total], or <paramref name="significance"/> is not in (0, 1).</exception>
    public static DriftTestResult Test(long referencePositives, long referenceTotal, long currentPositives, long currentTotal, double significance = DriftTestResult.DefaultSignificance)
    {
        DriftSample.ValidateSignificance(significance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(referenceTotal);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(currentTotal);
        ArgumentOutOfRangeException.ThrowIfNegative(referencePositives);
        ArgumentOutOfRangeException.ThrowIfNegative(currentPositives);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(referencePositives, referenceTotal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(currentPositives, currentTotal);
        double n1 = referenceTotal;
        double n2 = currentTotal;
        var pooled = (referencePositives + (double)currentPositives) / (n1 + n2);
        var z = 0.0;
        var p = 1.0;
        if (pooled > 0 && pooled < 1)
        {
            z = ((currentPositives / n2) - (referencePositives / n1)) / Math.Sqrt(pooled * (1 - pooled) * ((1 / n1) + (1 / n2)));
            p = Math.Clamp(SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)), 0.0, 1.0);
        }

        return new DriftTestResult(DriftMethod.TwoProportionZTest, z, p, significance, referenceTotal, currentTotal)
        {
            PValueMethod = PValueMethod.Asymptotic,
        };
    }
}
