using System.Runtime.InteropServices;

namespace ModelMonitor.Statistics;

/// <summary>
/// Sum and sum of squares of a sliding window's values, taken about a shift close to the window's
/// mean. Add and remove are one dependent addition each, so a window update costs about a
/// nanosecond; the shift keeps squares small, and <see cref="Rebuild"/> (which callers run once
/// per window length, O(1) amortised) clears the rounding that additions and removals accumulate.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct ShiftedSums
{
    // Relative cancellation above which (Q - S^2/n) has lost too many digits to be trusted.
    private const double CancellationLimit = 1 - 1e-7;

    private double _shift;
    private double _sum;
    private double _sumOfSquares;

    public readonly double Shift => _shift;

    public void Add(double value)
    {
        var d = value - _shift;
        _sum += d;
        _sumOfSquares += d * d;
    }

    public void Remove(double value)
    {
        var d = value - _shift;
        _sum -= d;
        _sumOfSquares -= d * d;
    }

    public void Replace(double removed, double added)
    {
        var a = added - _shift;
        var r = removed - _shift;
        _sum += added - removed;
        _sumOfSquares += (a * a) - (r * r);
    }

    /// <summary>Adds changes that a caller accumulated about <see cref="Shift"/>.</summary>
    public void AddDeltas(double sum, double sumOfSquares)
    {
        _sum += sum;
        _sumOfSquares += sumOfSquares;
    }

    /// <summary>Recomputes the sums exactly with the shift moved to the values' mean.</summary>
    public void Rebuild(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        var n = first.Length + second.Length;
        if (n == 0)
        {
            this = default;
            return;
        }

        var mean = (Sum(first) + Sum(second)) / n;
        _shift = mean;
        _sum = Deviations(first, mean) + Deviations(second, mean);
        _sumOfSquares = SquaredDeviations(first, mean) + SquaredDeviations(second, mean);
    }

    public readonly double Mean(long count) => count == 0 ? double.NaN : _shift + (_sum / count);

    /// <summary>
    /// The variance with divisor <c>count - ddof</c>, or <see langword="null"/> when the sums have
    /// cancelled too far (the window's mean moved far from the shift) and the caller must recompute.
    /// </summary>
    public readonly double? Variance(long count, int ddof)
    {
        if (count <= ddof)
        {
            return double.NaN;
        }

        var correction = _sum * _sum / count;
        if (correction > CancellationLimit * _sumOfSquares && _sumOfSquares > 0)
        {
            return null;
        }

        return Math.Max(0.0, (_sumOfSquares - correction) / (count - ddof));
    }

    public static double Sum(ReadOnlySpan<double> values)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i + 4 <= values.Length; i += 4)
        {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }

        for (; i < values.Length; i++)
        {
            s0 += values[i];
        }

        return (s0 + s1) + (s2 + s3);
    }

    private static double Deviations(ReadOnlySpan<double> values, double mean)
    {
        double s = 0;
        foreach (var v in values)
        {
            s += v - mean;
        }

        return s;
    }

    private static double SquaredDeviations(ReadOnlySpan<double> values, double mean)
    {
        double s0 = 0, s1 = 0;
        var i = 0;
        for (; i + 2 <= values.Length; i += 2)
        {
            var d0 = values[i] - mean;
            var d1 = values[i + 1] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
        }

        for (; i < values.Length; i++)
        {
            var d = values[i] - mean;
            s0 += d * d;
        }

        return s0 + s1;
    }

    /// <summary>Exact two-pass variance of the values, used when the running sums cannot be trusted.</summary>
    public static double TwoPassVariance(ReadOnlySpan<double> first, ReadOnlySpan<double> second, int ddof)
    {
        var n = first.Length + second.Length;
        if (n <= ddof)
        {
            return double.NaN;
        }

        var mean = (Sum(first) + Sum(second)) / n;
        var d = Deviations(first, mean) + Deviations(second, mean);
        var q = SquaredDeviations(first, mean) + SquaredDeviations(second, mean);
        return Math.Max(0.0, (q - (d * d / n)) / (n - ddof));
    }
}
