using ModelMonitor.Statistics;

namespace ModelMonitor.Drift;

/// <summary>The Wasserstein-1 (earth mover's) distance between two samples, raw and normalised.</summary>
/// <remarks>
/// <para>
/// <c>W1 = integral |F(x) - G(x)| dx</c> for the empirical CDFs <c>F</c> (reference) and <c>G</c>
/// (current): the average distance each unit of probability mass has to move, in the data's units
/// (SciPy's <c>wasserstein_distance</c> without weights). Computed from sorted copies by a merge walk,
/// O(n log n). A distance has no p-value: <see cref="DriftTestResult.IsDrift"/> is
/// <c>W &gt;= threshold</c>.
/// </para>
/// <para>
/// The raw distance depends on the column's scale, so it has no default threshold. The normalised
/// distance divides by the reference's population standard deviation (divisor n, as Evidently does)
/// and reads as "the mass moved by this many standard deviations"; its default threshold is 0.1.
/// A constant reference column has no spread to normalise by: the normalised distance is then 0 when
/// the current sample equals that constant everywhere and <see cref="double.PositiveInfinity"/> (drift
/// at any threshold) otherwise.
/// </para>
/// <para>
/// NaN values are dropped and counted; an infinite value or an empty (or all-NaN) sample throws an
/// <see cref="ArgumentException"/> naming the sample. Thread-safe (no shared state).
/// </para>
/// </remarks>
public static class Wasserstein
{
    /// <summary>The default threshold of <see cref="NormalizedTest"/>: 0.1 reference standard deviations.</summary>
    public const double DefaultNormalizedThreshold = 0.1;

    /// <summary>Measures the raw Wasserstein-1 distance of <paramref name="current"/> from <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="threshold">Drift when the distance is at least this, in the data's units.</param>
    /// <returns>The distance as <see cref="DriftTestResult.Statistic"/>, with <see cref="DriftMethod.Wasserstein"/>.</returns>
    /// <exception cref="ArgumentException">A sample is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative, infinite or NaN.</exception>
    public static DriftTestResult Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold)
    {
        DriftSample.ValidateThreshold(threshold);
        var (a, b) = DriftSample.SortedCopies(reference, current, out var droppedA, out var droppedB);
        return new DriftTestResult(DriftMethod.Wasserstein, CdfDistance.Integral(a, b, 1), null, threshold, a.Length, b.Length)
        {
            ReferenceDropped = droppedA,
            CurrentDropped = droppedB,
        };
    }

    /// <summary>
    /// Measures the Wasserstein-1 distance of <paramref name="current"/> from <paramref name="reference"/>
    /// in units of the reference's population standard deviation.
    /// </summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="threshold">Drift when the normalised distance is at least this.</param>
    /// <returns>The normalised distance as <see cref="DriftTestResult.Statistic"/>, with <see cref="DriftMethod.NormalizedWasserstein"/>.</returns>
    /// <exception cref="ArgumentException">A sample is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative, infinite or NaN.</exception>
    public static DriftTestResult NormalizedTest(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DefaultNormalizedThreshold)
    {
        DriftSample.ValidateThreshold(threshold);
        var (a, b) = DriftSample.SortedCopies(reference, current, out var droppedA, out var droppedB);
        var distance = CdfDistance.Integral(a, b, 1);
        var std = Math.Sqrt(RunningMoments.From(a).PopulationVariance);
        var normalized = std > 0 ? distance / std : distance == 0 ? 0.0 : double.PositiveInfinity;
        return new DriftTestResult(DriftMethod.NormalizedWasserstein, normalized, null, threshold, a.Length, b.Length)
        {
            ReferenceDropped = droppedA,
            CurrentDropped = droppedB,
        };
    }

    /// <summary>The raw Wasserstein-1 distance of two samples that are already sorted ascending, finite and free of NaN.</summary>
    /// <param name="sortedReference">The reference sample, ascending.</param>
    /// <param name="sortedCurrent">The current sample, ascending.</param>
    /// <returns>The distance, in the data's units.</returns>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static double Distance(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        DriftSample.ThrowIfEmpty(sortedReference, nameof(sortedReference));
        DriftSample.ThrowIfEmpty(sortedCurrent, nameof(sortedCurrent));
        return CdfDistance.Integral(sortedReference, sortedCurrent, 1);
    }
}
