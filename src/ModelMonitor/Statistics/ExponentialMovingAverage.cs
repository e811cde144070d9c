using System.Runtime.InteropServices;

namespace ModelMonitor.Statistics;

/// <summary>
/// An exponentially weighted moving average over observations: <c>y0 = x0</c>, then
/// <c>y = (1 - alpha) * y + alpha * x</c> (pandas' <c>ewm(alpha=..., adjust=False).mean()</c>).
/// </summary>
/// <remarks>A mutable value type; not thread-safe.</remarks>
[StructLayout(LayoutKind.Auto)]
public struct ExponentialMovingAverage
{
    private readonly double _alpha;
    private readonly double _beta;
    private double _value;
    private long _count;

    /// <summary>Initializes an average with smoothing factor <paramref name="alpha"/>.</summary>
    /// <param name="alpha">The weight of each new observation, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is outside (0, 1].</exception>
    public ExponentialMovingAverage(double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The smoothing factor must lie in (0, 1].");
        }

        _alpha = alpha;
        _beta = 1 - alpha;
        _value = double.NaN;
    }

    /// <summary>Creates an average whose weights halve every <paramref name="halfLife"/> observations.</summary>
    /// <param name="halfLife">The half-life in observations; positive.</param>
    /// <returns>An average with <c>alpha = 1 - 0.5^(1 / halfLife)</c>.</returns>
    public static ExponentialMovingAverage FromHalfLife(double halfLife)
    {
        if (!(halfLife > 0) || double.IsPositiveInfinity(halfLife))
        {
            throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "The half-life must be positive and finite.");
        }

        return new ExponentialMovingAverage(AlphaFromHalfLife(halfLife));
    }

    /// <summary>An average with a given state, as <see cref="Value"/> and <see cref="Count"/> read it (a checkpoint).</summary>
    internal static ExponentialMovingAverage FromState(double alpha, double value, long count)
    {
        var average = new ExponentialMovingAverage(alpha)
        {
            _value = count == 0 ? double.NaN : value,
            _count = count,
        };
        return average;
    }

    /// <summary>The smoothing factor equivalent to a half-life in observations.</summary>
    /// <param name="halfLife">The half-life in observations; positive.</param>
    /// <returns><c>1 - 0.5^(1 / halfLife)</c>.</returns>
    public static double AlphaFromHalfLife(double halfLife) => 1 - Math.Pow(0.5, 1 / halfLife);

    /// <summary>Gets the smoothing factor.</summary>
    public readonly double Alpha => _alpha;

    /// <summary>Gets the number of observations.</summary>
    public readonly long Count => _count;

    /// <summary>Gets the current average, or <see cref="double.NaN"/> before the first observation.</summary>
    public readonly double Value => _value;

    /// <summary>Observes one value; the caller guarantees that it is finite.</summary>
    /// <param name="value">The value.</param>
    public void Update(double value)
    {
        // One fused multiply-add on the dependency chain: (1 - a) y + (a x), with a x computed off it.
        _value = _count++ == 0 ? value : Math.FusedMultiplyAdd(_beta, _value, _alpha * value);
    }

    /// <summary>
    /// Observes values in order. Four values are folded per dependent step
    /// (<c>y4 = b^4 y0 + a(b^3 x1 + b^2 x2 + b x3 + x4)</c>, with b = 1 - alpha), which makes a long
    /// batch several times faster than a loop of <see cref="Update"/> calls and equal to it up to
    /// rounding.
    /// </summary>
    /// <param name="values">Finite values, oldest first.</param>
    public void UpdateRange(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var i = 0;
        var y = _value;
        if (_count == 0)
        {
            y = values[0];
            i = 1;
        }

        var a = _alpha;
        var b = 1 - a;
        var b2 = b * b;
        var b3 = b2 * b;
        var b4 = b2 * b2;
        for (; i + 4 <= values.Length; i += 4)
        {
            var fresh = a * ((b3 * values[i]) + (b2 * values[i + 1]) + (b * values[i + 2]) + values[i + 3]);
            y = (b4 * y) + fresh;
        }

        for (; i < values.Length; i++)
        {
            y += a * (values[i] - y);
        }

        _value = y;
        _count += values.Length;
    }

    /// <summary>Forgets every observation, keeping the smoothing factor.</summary>
    public void Clear()
    {
        _value = double.NaN;
        _count = 0;
    }
}
