namespace ModelMonitor.Drift;

/// <summary>The energy distance between two samples.</summary>
/// <remarks>
/// <para>
/// SciPy's definition (<c>scipy.stats.energy_distance</c>, unweighted):
/// <c>D = sqrt(2 E|X - Y| - E|X - X'| - E|Y - Y'|)</c>, which for one-dimensional samples equals
/// <c>sqrt(2 * integral (F(x) - G(x))^2 dx)</c> with <c>F</c>, <c>G</c> the empirical CDFs of the
/// reference and the current sample. Computed from sorted copies by a merge walk, O(n log n), not by
/// the O(n m) pairwise form. In the data's units; no p-value: <see cref="DriftTestResult.IsDrift"/> is
/// <c>D &gt;= threshold</c>. The default threshold, 0.1, suits data on a unit scale (scores,
/// standardised features); rescale it with the column.
/// </para>
/// <para>
/// NaN values are dropped and counted; an infinite value or an empty (or all-NaN) sample throws an
/// <see cref="ArgumentException"/> naming the sample. Identical constant columns give 0. Thread-safe.
/// </para>
/// </remarks>
public static class EnergyDistance
{
    /// <summary>The default threshold of <see cref="Test"/>.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>Measures the energy distance of <paramref name="current"/> from <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference sample; NaN values are dropped and counted.</param>
    /// <param name="current">The current sample; NaN values are dropped and counted.</param>
    /// <param name="threshold">Drift when the distance is at least this, in the data's units.</param>
    /// <returns>The distance as <see cref="DriftTestResult.Statistic"/>, with <see cref="DriftMethod.EnergyDistance"/>.</returns>
    /// <exception cref="ArgumentException">A sample is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative, infinite or NaN.</exception>
    public static DriftTestResult Test(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DefaultThreshold)
    {
        DriftSample.ValidateThreshold(threshold);
        var (a, b) = DriftSample.SortedCopies(reference, current, out var droppedA, out var droppedB);
        return new DriftTestResult(DriftMethod.EnergyDistance, FromSorted(a, b), null, threshold, a.Length, b.Length)
        {
            ReferenceDropped = droppedA,
            CurrentDropped = droppedB,
        };
    }

    /// <summary>The energy distance of two samples that are already sorted ascending, finite and free of NaN.</summary>
    /// <param name="sortedReference">The reference sample, ascending.</param>
    /// <param name="sortedCurrent">The current sample, ascending.</param>
    /// <returns>The distance, in the data's units.</returns>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static double Distance(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        DriftSample.ThrowIfEmpty(sortedReference, nameof(sortedReference));
        DriftSample.ThrowIfEmpty(sortedCurrent, nameof(sortedCurrent));
        return FromSorted(sortedReference, sortedCurrent);
    }

    private static double FromSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Math.Sqrt(2 * CdfDistance.Integral(a, b, 2));
}
