namespace ModelMonitor.Drift;

/// <summary>Cramér's V of reference and current category counts: an effect size for categorical drift.</summary>
/// <remarks>
/// <para>
/// <c>V = sqrt(chi2 / (N * (min(r, c) - 1)))</c> for the 2 x k table of counts, with the uncorrected
/// Pearson chi-square (SciPy's <c>contingency.association(table, method='cramer')</c>); for two rows
/// this is <c>sqrt(chi2 / N)</c>. V lies in [0, 1] whatever the sample size, which makes it a
/// useful companion to a p-value that shrinks as samples grow. No p-value:
/// <see cref="DriftTestResult.IsDrift"/> is <c>V &gt;= threshold</c>; the default, 0.1, is Cohen's
/// "small" effect for one degree of freedom.
/// </para>
/// <para>
/// Categories both samples lack are left out; with a single category left V is 0. Input errors
/// throw as in <see cref="ChiSquare"/>. Thread-safe.
/// </para>
/// </remarks>
public static class CramersV
{
    /// <summary>The default threshold of <see cref="Test"/>.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>Computes Cramér's V of the 2 x k table of reference and current counts.</summary>
    /// <param name="referenceCounts">The reference's count per category.</param>
    /// <param name="currentCounts">The current sample's count per category, in the same order.</param>
    /// <param name="threshold">Drift when V is at least this.</param>
    /// <returns>V as the statistic; the counts are the totals of each sample.</returns>
    /// <exception cref="ArgumentException">The vectors are empty or differ in length, or a sample counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or <paramref name="threshold"/> is negative, infinite or NaN.</exception>
    public static DriftTestResult Test(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double threshold = DefaultThreshold)
    {
        DriftSample.ValidateThreshold(threshold);
        var (referenceTotal, currentTotal) = CategoryCounts.Validate(referenceCounts, currentCounts);
        var (chi2, dof) = ChiSquare.ContingencyStatistic(referenceCounts, currentCounts, referenceTotal, currentTotal, yatesCorrection: false);
        var v = dof == 0 ? 0.0 : Math.Min(1.0, Math.Sqrt(chi2 / (referenceTotal + currentTotal)));
        var (unseen, missing) = CategoryCounts.Coverage(referenceCounts, currentCounts);
        return new DriftTestResult(DriftMethod.CramersV, v, null, threshold, referenceTotal, currentTotal)
        {
            UnseenCategories = unseen,
            MissingCategories = missing,
        };
    }
}
