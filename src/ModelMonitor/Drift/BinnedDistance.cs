namespace ModelMonitor.Drift;

/// <summary>
/// Distances between the category (or bin) proportions of a reference and a current sample:
/// population stability index, Jensen-Shannon, Hellinger and L-infinity distances.
/// </summary>
/// <remarks>
/// <para>
/// Counts go in one per category, reference and current in the same order (0 where a sample lacks
/// a category); proportions are counts over each sample's total. Numeric columns are first binned
/// (the <c>...OfSamples</c> methods) with a <see cref="Binning"/>, by default <see cref="Binning.DefaultBinCount"/> quantile bins of the
/// reference (after NaN is dropped and counted). Categories (bins) only the current sample has, and
/// those only the reference has, are reported in <see cref="DriftTestResult.UnseenCategories"/> and
/// <see cref="DriftTestResult.MissingCategories"/>.
/// </para>
/// <para>
/// PSI = <c>sum (q - p) ln(q / p)</c>, where an empty proportion is replaced by epsilon (default 1e-4,
/// not renormalised; Evidently's convention) so that a category missing on one side contributes a
/// large but finite term. Jensen-Shannon distance = <c>sqrt((KL(p || m) + KL(q || m)) / 2)</c> with
/// <c>m = (p + q) / 2</c>, logarithms to base 2 by default so that it lies in [0, 1] (SciPy's
/// <c>jensenshannon</c> defaults to base e, which gives values <c>sqrt(ln 2) ~ 0.83</c> times
/// smaller; pass <c>logBase: Math.E</c> to match it or Evidently's thresholds); no epsilon is
/// needed. Hellinger = <c>sqrt(sum (sqrt p - sqrt q)^2 / 2)</c>, in [0, 1]. L-infinity =
/// <c>max |p - q|</c>, in [0, 1] (counts only). None has a p-value:
/// <see cref="DriftTestResult.IsDrift"/> is <c>statistic &gt;= threshold</c>, default 0.1 for each
/// (PSI: 0.1 "some change", 0.25 "major change" by the usual reading).
/// </para>
/// <para>
/// A single category (or a constant column, which leaves everything in one bin on both sides) gives
/// 0. Empty or mismatched count vectors, negative counts and a sample that counts nothing throw,
/// naming the parameter. Thread-safe.
/// </para>
/// </remarks>
public static class BinnedDistance
{
    /// <summary>The default replacement for an empty proportion in the PSI.</summary>
    public const double DefaultEpsilon = 1e-4;

    /// <summary>The default threshold of each distance.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The population stability index of category counts.</summary>
    /// <param name="referenceCounts">The reference's count per category.</param>
    /// <param name="currentCounts">The current sample's count per category, in the same order.</param>
    /// <param name="threshold">Drift when the PSI is at least this.</param>
    /// <param name="epsilon">The proportion used in place of an empty one, in (0, 1).</param>
    /// <returns>The PSI as the statistic; the counts are the totals of each sample.</returns>
    /// <exception cref="ArgumentException">The vectors are empty or differ in length, or a sample counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or a threshold or epsilon is out of range.</exception>
    public static DriftTestResult PopulationStabilityIndex(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double threshold = DefaultThreshold, double epsilon = DefaultEpsilon)
    {
        DriftSample.ValidateThreshold(threshold);
        ValidateEpsilon(epsilon);
        var (r, c) = CategoryCounts.Validate(referenceCounts, currentCounts);
        var sum = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var p = referenceCounts[i] == 0 ? epsilon : referenceCounts[i] / (double)r;
            var q = currentCounts[i] == 0 ? epsilon : currentCounts[i] / (double)c;
            sum += (q - p) * Math.Log(q / p);
        }

        return Result(DriftMethod.PopulationStabilityIndex, sum, threshold, referenceCounts, currentCounts, r, c, 0, 0);
    }

    /// <summary>The Jensen-Shannon distance of category counts.</summary>
    /// <param name="referenceCounts">The reference's count per category.</param>
    /// <param name="currentCounts">The current sample's count per category, in the same order.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <param name="logBase">The base of the logarithms: 2 (the default) bounds the distance by 1; <see cref="Math.E"/> is SciPy's default.</param>
    /// <returns>The distance as the statistic; the counts are the totals of each sample.</returns>
    /// <exception cref="ArgumentException">The vectors are empty or differ in length, or a sample counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, the threshold is out of range, or <paramref name="logBase"/> is not finite and above 1.</exception>
    public static DriftTestResult JensenShannon(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double threshold = DefaultThreshold, double logBase = 2)
    {
        DriftSample.ValidateThreshold(threshold);
        if (!(logBase > 1) || double.IsInfinity(logBase))
        {
            throw new ArgumentOutOfRangeException(nameof(logBase), logBase, "The logarithm base must be finite and greater than 1.");
        }

        var (r, c) = CategoryCounts.Validate(referenceCounts, currentCounts);
        var sum = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var p = referenceCounts[i] / (double)r;
            var q = currentCounts[i] / (double)c;
            var m = (p + q) / 2;
            if (p > 0)
            {
                sum += p * Math.Log(p / m);
            }

            if (q > 0)
            {
                sum += q * Math.Log(q / m);
            }
        }

        var distance = Math.Sqrt(Math.Max(0.0, sum / 2 / Math.Log(logBase)));
        return Result(DriftMethod.JensenShannon, distance, threshold, referenceCounts, currentCounts, r, c, 0, 0);
    }

    /// <summary>The Hellinger distance of category counts.</summary>
    /// <param name="referenceCounts">The reference's count per category.</param>
    /// <param name="currentCounts">The current sample's count per category, in the same order.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <returns>The distance, in [0, 1], as the statistic; the counts are the totals of each sample.</returns>
    /// <exception cref="ArgumentException">The vectors are empty or differ in length, or a sample counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the threshold is out of range.</exception>
    public static DriftTestResult Hellinger(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double threshold = DefaultThreshold)
    {
        DriftSample.ValidateThreshold(threshold);
        var (r, c) = CategoryCounts.Validate(referenceCounts, currentCounts);
        var sum = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var d = Math.Sqrt(referenceCounts[i] / (double)r) - Math.Sqrt(currentCounts[i] / (double)c);
            sum += d * d;
        }

        var distance = Math.Min(1.0, Math.Sqrt(sum / 2));
        return Result(DriftMethod.Hellinger, distance, threshold, referenceCounts, currentCounts, r, c, 0, 0);
    }

    /// <summary>The L-infinity distance of category counts: <c>max |p_i - q_i|</c>, the largest change of any one category's share.</summary>
    /// <param name="referenceCounts">The reference's count per category.</param>
    /// <param name="currentCounts">The current sample's count per category, in the same order.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <returns>The distance, in [0, 1], as the statistic; the counts are the totals of each sample.</returns>
    /// <exception cref="ArgumentException">The vectors are empty or differ in length, or a sample counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the threshold is out of range.</exception>
    public static DriftTestResult LInfinity(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double threshold = DefaultThreshold)
    {
        DriftSample.ValidateThreshold(threshold);
        var (r, c) = CategoryCounts.Validate(referenceCounts, currentCounts);
        var max = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            max = Math.Max(max, Math.Abs((referenceCounts[i] / (double)r) - (currentCounts[i] / (double)c)));
        }

        return Result(DriftMethod.LInfinity, max, threshold, referenceCounts, currentCounts, r, c, 0, 0);
    }

    /// <summary>The population stability index of a numeric column, binned by <paramref name="binning"/> or by default quantile bins of the reference.</summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="binning">The bins, or <see langword="null"/> for <see cref="Binning.DefaultBinCount"/> quantile bins of the reference.</param>
    /// <param name="threshold">Drift when the PSI is at least this.</param>
    /// <param name="epsilon">The proportion used in place of an empty one, in (0, 1).</param>
    /// <returns>The PSI as the statistic; the counts are the values used.</returns>
    /// <exception cref="ArgumentException">A sample is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold or epsilon is out of range.</exception>
    public static DriftTestResult PopulationStabilityIndexOfSamples(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Binning? binning = null, double threshold = DefaultThreshold, double epsilon = DefaultEpsilon)
    {
        DriftSample.ValidateThreshold(threshold);
        ValidateEpsilon(epsilon);
        var (r, c, droppedR, droppedC) = Bin(reference, current, binning);
        return PopulationStabilityIndex(r, c, threshold, epsilon) with { ReferenceDropped = droppedR, CurrentDropped = droppedC };
    }

    /// <summary>The Jensen-Shannon distance of a numeric column, binned by <paramref name="binning"/> or by default quantile bins of the reference.</summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="binning">The bins, or <see langword="null"/> for <see cref="Binning.DefaultBinCount"/> quantile bins of the reference.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <param name="logBase">The base of the logarithms (2 by default).</param>
    /// <returns>The distance as the statistic; the counts are the values used.</returns>
    /// <exception cref="ArgumentException">A sample is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold or the base is out of range.</exception>
    public static DriftTestResult JensenShannonOfSamples(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Binning? binning = null, double threshold = DefaultThreshold, double logBase = 2)
    {
        DriftSample.ValidateThreshold(threshold);
        var (r, c, droppedR, droppedC) = Bin(reference, current, binning);
        return JensenShannon(r, c, threshold, logBase) with { ReferenceDropped = droppedR, CurrentDropped = droppedC };
    }

    /// <summary>The Hellinger distance of a numeric column, binned by <paramref name="binning"/> or by default quantile bins of the reference.</summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="binning">The bins, or <see langword="null"/> for <see cref="Binning.DefaultBinCount"/> quantile bins of the reference.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <returns>The distance as the statistic; the counts are the values used.</returns>
    /// <exception cref="ArgumentException">A sample is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is out of range.</exception>
    public static DriftTestResult HellingerOfSamples(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Binning? binning = null, double threshold = DefaultThreshold)
    {
        DriftSample.ValidateThreshold(threshold);
        var (r, c, droppedR, droppedC) = Bin(reference, current, binning);
        return Hellinger(r, c, threshold) with { ReferenceDropped = droppedR, CurrentDropped = droppedC };
    }

    private static (long[] Reference, long[] Current, int DroppedReference, int DroppedCurrent) Bin(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, Binning? binning)
    {
        var sorted = DriftSample.SortedCopy(reference, nameof(reference), out var droppedR);
        var bins = binning ?? Binning.FromSorted(sorted, BinningStrategy.Quantile, Binning.DefaultBinCount);
        var r = bins.Histogram(sorted, out _);
        long[] c;
        int droppedC;
        try
        {
            c = bins.Histogram(current, out droppedC);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(ex.Message.Replace("values[", "current[", StringComparison.Ordinal), nameof(current), ex);
        }

        if (droppedC == current.Length)
        {
            throw new ArgumentException(current.IsEmpty ? "current is empty." : $"current holds only NaN ({droppedC} values).", nameof(current));
        }

        return (r, c, droppedR, droppedC);
    }

    private static DriftTestResult Result(DriftMethod method, double statistic, double threshold, ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, long r, long c, int droppedR, int droppedC)
    {
        var (unseen, missing) = CategoryCounts.Coverage(referenceCounts, currentCounts);
        return new DriftTestResult(method, statistic, null, threshold, r, c)
        {
            UnseenCategories = unseen,
            MissingCategories = missing,
            ReferenceDropped = droppedR,
            CurrentDropped = droppedC,
        };
    }

    private static void ValidateEpsilon(double epsilon)
    {
        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must lie strictly between 0 and 1.");
        }
    }
}
