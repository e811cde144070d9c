using MathNet.Numerics;

namespace ModelMonitor.Drift;

/// <summary>Pearson's chi-square tests of category counts: goodness of fit and the 2 x k contingency table.</summary>
/// <remarks>
/// <para>
/// Both tests take one count per category, reference and current in the same order. A category
/// that neither sample has (both counts zero) carries no information and is left out, so it changes
/// neither the statistic nor the degrees of freedom. With a single category left there is nothing
/// whose proportion could change: the statistic is 0 and the p-value 1 (SciPy does the same for a
/// table with no degrees of freedom). P-values are the chi-square survival function, taken as the
/// regularised upper incomplete gamma function so that tiny p-values keep their relative accuracy.
/// </para>
/// <para>
/// Categories only the current sample has, and those only the reference has, are reported in
/// <see cref="DriftTestResult.UnseenCategories"/> and <see cref="DriftTestResult.MissingCategories"/>.
/// Empty count vectors, vectors of different lengths, negative counts and a sample whose counts are
/// all zero throw, naming the parameter. Thread-safe (no shared state).
/// </para>
/// </remarks>
public static class ChiSquare
{
    /// <summary>
    /// Tests whether the current counts follow the reference's category proportions:
    /// <c>sum (O - E)^2 / E</c> with <c>E_i = reference_i / sum(reference) * sum(current)</c>,
    /// k - 1 degrees of freedom (SciPy's <c>chisquare(current, f_exp)</c> with that <c>f_exp</c>).
    /// </summary>
    /// <remarks>
    /// A category the reference never saw but the current sample has makes <c>E = 0</c> and the
    /// statistic <see cref="double.PositiveInfinity"/> with p-value 0: under the reference's proportions
    /// that category is impossible, so this is drift at any significance level.
    /// </remarks>
    /// <param name="referenceCounts">The reference's count per category.</param>
    /// <param name="currentCounts">The current sample's count per category, in the same order.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <returns>The statistic and its p-value; the counts are the totals of each sample.</returns>
    /// <exception cref="ArgumentException">The vectors are empty or differ in length, or a sample counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or <paramref name="significance"/> is not in (0, 1).</exception>
    public static DriftTestResult GoodnessOfFit(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double significance = DriftTestResult.DefaultSignificance)
    {
        DriftSample.ValidateSignificance(significance);
        var (referenceTotal, currentTotal) = CategoryCounts.Validate(referenceCounts, currentCounts);
        var statistic = 0.0;
        var categories = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            if (referenceCounts[i] == 0 && currentCounts[i] == 0)
            {
                continue;
            }

            categories++;
            var expected = referenceCounts[i] / (double)referenceTotal * currentTotal;
            var d = currentCounts[i] - expected;
            statistic += expected == 0 ? double.PositiveInfinity : d * d / expected;
        }

        var (unseen, missing) = CategoryCounts.Coverage(referenceCounts, currentCounts);
        return Result(DriftMethod.ChiSquareGoodnessOfFit, statistic, categories - 1, significance, referenceTotal, currentTotal) with
        {
            UnseenCategories = unseen,
            MissingCategories = missing,
        };
    }

    /// <summary>
    /// Tests whether reference and current share one category distribution: Pearson's chi-square on
    /// the 2 x k table (rows reference and current), <c>E = row total * column total / N</c>, k - 1
    /// degrees of freedom (SciPy's <c>chi2_contingency</c>).
    /// </summary>
    /// <remarks>
    /// <paramref name="yatesCorrection"/> is off by default, unlike SciPy's <c>chi2_contingency</c>:
    /// drift checks compare the same statistic across binary and many-valued columns, and the
    /// continuity correction, applied by SciPy only when there is one degree of freedom, makes the
    /// binary case conservative. Set it to reproduce SciPy's default: with one degree of freedom each
    /// <c>|O - E|</c> is then reduced by 0.5 (but not below zero) before squaring.
    /// </remarks>
    /// <param name="referenceCounts">The reference's count per category.</param>
    /// <param name="currentCounts">The current sample's count per category, in the same order.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <param name="yatesCorrection">Whether to apply Yates' continuity correction when there is one degree of freedom.</param>
    /// <returns>The statistic and its p-value; the counts are the totals of each sample.</returns>
    /// <exception cref="ArgumentException">The vectors are empty or differ in length, or a sample counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or <paramref name="significance"/> is not in (0, 1).</exception>
    public static DriftTestResult Contingency(
        ReadOnlySpan<long> referenceCounts,
        ReadOnlySpan<long> currentCounts,
        double significance = DriftTestResult.DefaultSignificance,
        bool yatesCorrection = false)
    {
        DriftSample.ValidateSignificance(significance);
        var (referenceTotal, currentTotal) = CategoryCounts.Validate(referenceCounts, currentCounts);
        var (statistic, dof) = ContingencyStatistic(referenceCounts, currentCounts, referenceTotal, currentTotal, yatesCorrection);
        var (unseen, missing) = CategoryCounts.Coverage(referenceCounts, currentCounts);
        return Result(DriftMethod.ChiSquareContingency, statistic, dof, significance, referenceTotal, currentTotal) with
        {
            UnseenCategories = unseen,
            MissingCategories = missing,
        };
    }

    internal static (double Statistic, int DegreesOfFreedom) ContingencyStatistic(
        ReadOnlySpan<long> referenceCounts,
        ReadOnlySpan<long> currentCounts,
        double referenceTotal,
        double currentTotal,
        bool yatesCorrection)
    {
        var categories = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            if (referenceCounts[i] != 0 || currentCounts[i] != 0)
            {
                categories++;
            }
        }

        var dof = categories - 1;
        var correct = yatesCorrection && dof == 1;
        var total = referenceTotal + currentTotal;
        var statistic = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            double column = referenceCounts[i] + currentCounts[i];
            if (column == 0)
            {
                continue;
            }

            statistic += Term(referenceCounts[i], referenceTotal * column / total, correct);
            statistic += Term(currentCounts[i], currentTotal * column / total, correct);
        }

        return (dof == 0 ? 0.0 : statistic, dof);
    }

    private static double Term(double observed, double expected, bool yates)
    {
        var d = Math.Abs(observed - expected);
        if (yates)
        {
            d -= Math.Min(0.5, d);
        }

        return d * d / expected;
    }

    private static DriftTestResult Result(DriftMethod method, double statistic, int dof, double significance, long referenceTotal, long currentTotal)
    {
        var p = dof <= 0 ? 1.0 : Survival(statistic, dof);
        if (dof <= 0)
        {
            statistic = 0;
        }

        return new DriftTestResult(method, statistic, p, significance, referenceTotal, currentTotal)
        {
            PValueMethod = PValueMethod.Asymptotic,
        };
    }

    /// <summary>The chi-square survival function <c>Q(dof / 2, x / 2)</c>.</summary>
    internal static double Survival(double x, int dof) =>
        double.IsPositiveInfinity(x) ? 0.0 : Math.Clamp(SpecialFunctions.GammaUpperRegularized(dof / 2.0, x / 2.0), 0.0, 1.0);
}
