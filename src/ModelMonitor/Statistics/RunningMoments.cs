using System.Runtime.InteropServices;

namespace ModelMonitor.Statistics;

/// <summary>
/// Count, mean, variance, minimum and maximum of a stream of values, updated in O(1) with
/// Welford's recurrence and merged with Chan et al.'s pairwise formula, so values far from zero
/// (around 1e9 with a spread of 1e-3, say) keep their variance.
/// </summary>
/// <remarks>
/// A mutable value type: copy it to take a snapshot. Not thread-safe; callers that share one
/// instance across threads must synchronise. <see cref="Merge(in RunningMoments)"/> equals
/// observing the union of both streams, up to floating-point rounding.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public struct RunningMoments : IEquatable<RunningMoments>
{
    private long _count;
    // Values are taken relative to the first one, so values far from zero with a tiny spread
    // keep every digit of their deviations (value - shift is exact when both are close).
    private double _shift;
    private double _mean;
    private double _m2;
    private double _min;
    private double _max;

    /// <summary>Gets the number of values observed.</summary>
    public readonly long Count => _count;

    /// <summary>Gets the arithmetic mean, or <see cref="double.NaN"/> when no value was observed.</summary>
    public readonly double Mean => _count == 0 ? double.NaN : _shift + _mean;

    /// <summary>Gets the sum of squared deviations from the mean (the second central moment times the count).</summary>
    public readonly double SumOfSquaredDeviations => _m2;

    /// <summary>Gets the smallest value, or <see cref="double.NaN"/> when no value was observed.</summary>
    public readonly double Min => _count == 0 ? double.NaN : _min;

    /// <summary>Gets the largest value, or <see cref="double.NaN"/> when no value was observed.</summary>
    public readonly double Max => _count == 0 ? double.NaN : _max;

    /// <summary>Gets the population variance (divisor n), or <see cref="double.NaN"/> when no value was observed.</summary>
    public readonly double PopulationVariance => Variance(0);

    /// <summary>Gets the sample variance (divisor n - 1), or <see cref="double.NaN"/> with fewer than two values.</summary>
    public readonly double SampleVariance => Variance(1);

    /// <summary>Gets the variance with divisor <c>n - ddof</c>, or <see cref="double.NaN"/> when <c>n &lt;= ddof</c>.</summary>
    /// <param name="ddof">Delta degrees of freedom: 0 for the population variance, 1 for the sample variance.</param>
    /// <returns>The variance, never negative.</returns>
    public readonly double Variance(int ddof)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        return _count <= ddof ? double.NaN : Math.Max(0.0, _m2 / (_count - ddof));
    }

    /// <summary>The raw fields, for checkpoints; saved profiles rebuild moments about their mean with <see cref="FromState"/> (shift = mean, offset 0).</summary>
    internal readonly (long Count, double Shift, double Mean, double M2, double Min, double Max) ExportState() => (_count, _shift, _mean, _m2, _min, _max);

    /// <summary>Rebuilds moments from <see cref="ExportState"/>.</summary>
    /// <exception cref="InvalidDataException">The fields cannot come from real values.</exception>
    internal static RunningMoments FromState(long count, double shift, double mean, double m2, double min, double max)
    {
        if (count < 0 || (count > 0 && !(double.IsFinite(shift) && double.IsFinite(mean) && m2 >= 0 && double.IsFinite(m2) && min <= max)))
        {
            throw new InvalidDataException($"Moments with count {count}, mean {mean}, M2 {m2}, range [{min}, {max}] cannot come from real values.");
        }

        return new RunningMoments { _count = count, _shift = shift, _mean = mean, _m2 = m2, _min = min, _max = max };
    }

    /// <summary>Creates moments from raw values.</summary>
    /// <param name="values">Finite values.</param>
    /// <returns>The moments of <paramref name="values"/>.</returns>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static RunningMoments From(ReadOnlySpan<double> values)
    {
        var moments = default(RunningMoments);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"values[{i}] is {values[i]}; only finite values can be observed.", nameof(values));
            }

            moments.Add(values[i]);
        }

        return moments;
    }

    /// <summary>Observes one value. The caller guarantees that it is finite.</summary>
    /// <param name="value">The value.</param>
    public void Add(double value)
    {
        var n = ++_count;
        if (n == 1)
        {
            _shift = value;
            _mean = 0;
            _m2 = 0;
            _min = value;
            _max = value;
            return;
        }

        var x = value - _shift;
        var delta = x - _mean;
        _mean += delta / n;
        _m2 += delta * (x - _mean);
        if (value < _min)
        {
            _min = value;
        }

        if (value > _max)
        {
            _max = value;
        }
    }

    /// <summary>Adds the values another stream observed, as if this one had observed them too.</summary>
    /// <param name="other">The other stream's moments.</param>
    public void Merge(in RunningMoments other)
    {
        if (other._count == 0)
        {
            return;
        }

        if (_count == 0)
        {
            this = other;
            return;
        }

        var n = _count + other._count;
        var delta = (other._shift - _shift) + other._mean - _mean;
        // Weighting the shift by the larger side's share keeps the merged mean exact when one side dominates.
        _mean += delta * ((double)other._count / n);
        _m2 += other._m2 + (delta * delta * ((double)_count * other._count / n));
        _count = n;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>Forgets every value.</summary>
    public void Clear() => this = default;

    /// <inheritdoc />
    public readonly bool Equals(RunningMoments other) =>
        _count == other._count && _shift.Equals(other._shift) && _mean.Equals(other._mean) && _m2.Equals(other._m2) && _min.Equals(other._min) && _max.Equals(other._max);

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is RunningMoments other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(_count, _shift, _mean, _m2, _min, _max);

    /// <summary>Compares two moment sets for exact equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(RunningMoments left, RunningMoments right) => left.Equals(right);

    /// <summary>Compares two moment sets for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(RunningMoments left, RunningMoments right) => !left.Equals(right);
}
